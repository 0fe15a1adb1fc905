#include "ops/database_url.hpp"

namespace ops {

DatabaseUrlResult parse_database_url(std::string_view text) {
  constexpr std::string_view kSqlite = "sqlite://";
  if (text.starts_with(kSqlite)) {
    const auto path = text.substr(kSqlite.size());
    if (path.empty()) return {std::nullopt, "sqlite:// needs a file path, e.g. sqlite://data/gofrobot.db"};
    return {DatabaseUrl{DatabaseKind::sqlite, std::string(path)}, {}};
  }
  for (const std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (text.starts_with(scheme)) {
      // libpq accepts an empty remainder (local socket, default database), so do we.
      return {DatabaseUrl{DatabaseKind::postgres, std::string(text)}, {}};
    }
  }
  return {std::nullopt,
          "unsupported scheme: use sqlite://PATH, postgresql://… or postgres://…"};
}

}  // namespace ops

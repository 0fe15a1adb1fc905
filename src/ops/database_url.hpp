#pragma once
// storage.database_url: which store to open, and where.
//   sqlite://PATH             a SQLite file; PATH is relative to the working directory unless it
//                             starts with '/' (sqlite:///var/lib/gofrobot/gofrobot.db)
//   postgresql://… postgres://…  a PostgreSQL connection URI, handed to libpq as it is
#include <optional>
#include <string>
#include <string_view>

namespace ops {

enum class DatabaseKind { sqlite, postgres };

struct DatabaseUrl {
  DatabaseKind kind = DatabaseKind::sqlite;
  std::string target;  // the SQLite path, or the whole PostgreSQL URI
};

struct DatabaseUrlResult {
  std::optional<DatabaseUrl> url;
  std::string error;  // why `url` is empty; never contains the URL's password
};

DatabaseUrlResult parse_database_url(std::string_view text);

}  // namespace ops

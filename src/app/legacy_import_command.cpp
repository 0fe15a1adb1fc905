// The import-legacy command and its report (declared in legacy_import.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "app/legacy_import.hpp"
#include "app/storage.hpp"
#include "ops/database_url.hpp"
#include "store/sql/migrations.hpp"

namespace app {
namespace fs = std::filesystem;
namespace {

std::string counts_line(std::string_view table, const ImportCounts& c) {
  return fmt::format("  {:<15} {} imported, {} already present, {} skipped ({} read)\n",
                     std::string(table) + ":", c.imported, c.already_present, c.skipped, c.read);
}

void note_lines(std::string& out, std::string_view title, const std::vector<ImportNote>& notes,
                std::size_t max_lines) {
  if (notes.empty()) return;
  out += fmt::format("{} ({}):\n", title, notes.size());
  for (std::size_t i = 0; i < notes.size() && i < max_lines; ++i) {
    out += fmt::format("  {} {}: {}\n", notes[i].table, notes[i].row, notes[i].reason);
  }
  if (notes.size() > max_lines) out += fmt::format("  … and {} more\n", notes.size() - max_lines);
}

}  // namespace

std::string describe(const ImportReport& report, const fs::path& original_db,
                     std::size_t max_lines) {
  std::string out = fmt::format("imported from {}:\n", original_db.string());
  out += counts_line("users", report.users);
  out += counts_line("rademka_fights", report.fights);
  out += counts_line("chats", report.chats);
  if (report.chats_created > 0) {
    out += fmt::format("  {:<15} {} created for chat stats without a chats row\n", "",
                       report.chats_created);
  }
  out += counts_line("chat_stats", report.chat_stats);
  out += fmt::format("  {:<15} {} rows ignored: a derived cache, rankings come from chat_stats\n",
                     "chat_top:", report.chat_top_ignored);
  note_lines(out, "adjusted while importing", report.adjusted, max_lines);
  // Rows refused for a reason first: they are what the operator has to look at.
  auto skipped = report.skipped;
  std::stable_partition(skipped.begin(), skipped.end(),
                        [](const ImportNote& n) { return n.reason != kAlreadyPresent; });
  note_lines(out, "skipped", skipped, max_lines);
  return out;
}

int run_import_legacy(const ops::Config& config, const fs::path& original_db, std::ostream& out,
                      std::ostream& err) {
  try {
    auto parsed = ops::parse_database_url(config.storage.database_url);
    std::error_code ec;
    if (parsed.url && parsed.url->kind == ops::DatabaseKind::sqlite &&
        fs::equivalent(original_db, parsed.url->target, ec)) {
      throw std::runtime_error(fmt::format(
          "{} is the configured store itself; the bot migrates an original database it is "
          "pointed at in place, no import needed",
          original_db.string()));
    }
    auto target = connect(config);
    auto migration = store::sql::migrate(*target, config.balance);
    if (migration.from != migration.to) {
      out << fmt::format("store migrated from schema version {} to {}\n", migration.from,
                         migration.to);
    }
    out << describe(import_legacy(original_db, *target, config.balance), original_db);
    return 0;
  } catch (const std::exception& e) {
    err << "gofrobot: import failed, nothing was imported: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace app

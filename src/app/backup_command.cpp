#include "app/backup_command.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "app/postgres_backup.hpp"
#include "ops/database_url.hpp"

namespace app {
namespace fs = std::filesystem;
namespace {

ops::DatabaseUrl database(const ops::Config& config) {
  auto parsed = ops::parse_database_url(config.storage.database_url);
  if (!parsed.url) throw std::runtime_error("storage.database_url: " + parsed.error);
  return *parsed.url;
}

std::string size_text(std::uintmax_t bytes) {
  if (bytes >= 1024 * 1024) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / 1048576.0);
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
  return fmt::format("{} bytes", bytes);
}

std::string removed_text(const std::vector<fs::path>& removed) {
  std::string text;
  for (const auto& file : removed) text += fmt::format("\nremoved old backup {}", file.string());
  return text;
}

}  // namespace

fs::path backups_dir(const ops::Config& config) {
  return fs::path(config.storage.data_dir) / "backups";
}

BackupTaken take_backup_file(const ops::Config& config, store::sqlite::Clock::time_point now) {
  const auto db = database(config);
  if (db.kind == ops::DatabaseKind::sqlite) {
    auto result = store::sqlite::backup_sqlite(db.target, backups_dir(config),
                                               config.storage.backup_keep, now);
    return {result.file, result.bytes,
            fmt::format("backup written: {} ({}, {} pages){}", result.file.string(),
                        size_text(result.bytes), result.pages, removed_text(result.removed))};
  }
  auto result = backup_postgres(db.target, backups_dir(config), config.storage.backup_keep, now);
  std::error_code ec;
  const auto bytes = fs::file_size(result.file, ec);
  return {result.file, ec ? 0 : bytes,
          fmt::format("ran: {}\nbackup written: {} ({}){}", result.command, result.file.string(),
                      size_text(bytes), removed_text(result.removed))};
}

std::string take_backup(const ops::Config& config, store::sqlite::Clock::time_point now) {
  return take_backup_file(config, now).description;
}

int run_backup(const ops::Config& config, std::ostream& out, std::ostream& err) {
  try {
    out << take_backup(config) << '\n';
    return 0;
  } catch (const std::exception& e) {
    err << "gofrobot: backup failed: " << e.what() << '\n';
    return 1;
  }
}

int run_restore(const ops::Config& config, const fs::path& file, std::ostream& out,
                std::ostream& err) {
  try {
    const auto db = database(config);
    if (db.kind == ops::DatabaseKind::sqlite) {
      auto result = store::sqlite::restore_sqlite(file, db.target);
      out << fmt::format("restored {} into {} (schema version {})\n", file.string(),
                         db.target, result.schema_version);
      if (result.previous) {
        out << fmt::format("the previous database is kept as {}\n", result.previous->string());
      }
    } else {
      auto result = restore_postgres(db.target, file, backups_dir(config));
      out << fmt::format("the previous database is kept as {}\nran: {}\nrestored {} (schema "
                         "version {})\n",
                         result.previous.string(), result.command, file.string(),
                         result.schema_version);
    }
    out << "start the bot: it migrates the restored database to the current schema if needed\n";
    return 0;
  } catch (const std::exception& e) {
    err << "gofrobot: restore failed: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace app

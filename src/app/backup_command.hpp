#pragma once
// `gofrobot backup` and `gofrobot restore FILE` (GAME.md §13.8, §14.2, D-25).
//
// SQLite (storage.database_url = sqlite://…): a consistent online copy with SQLite's backup
// API into DATA_DIR/backups/backup_YYYYmmdd_HHMMSS.db (UTC), safe while the bot runs;
// the newest storage.backup_keep are kept. Restore checks the file (SQLite, integrity,
// our schema at a version this build knows), keeps the current database as
// <name>.before-restore-<stamp> next to it, and copies the backup in. See
// store/sqlite/backup.hpp.
//
// PostgreSQL (postgresql://…): pg_dump / pg_restore, see app/postgres_backup.hpp.
//
// Restore needs the bot stopped, with either engine: it refuses while the bot has the
// database open.
#include <filesystem>
#include <ostream>
#include <string>

#include "ops/config.hpp"
#include "store/sqlite/backup.hpp"

namespace app {

// DATA_DIR/backups.
std::filesystem::path backups_dir(const ops::Config& config);

struct BackupTaken {
  std::filesystem::path file;
  std::uintmax_t bytes = 0;
  std::string description;  // for the operator or the log ("backup written: …")
};

// One backup of the configured database now. Throws std::runtime_error with the reason.
BackupTaken take_backup_file(const ops::Config& config,
                             store::sqlite::Clock::time_point now = store::sqlite::Clock::now());
// The same, described in one line.
std::string take_backup(const ops::Config& config,
                        store::sqlite::Clock::time_point now = store::sqlite::Clock::now());

// The commands: 0 on success, 1 with the reason on `err`.
int run_backup(const ops::Config& config, std::ostream& out, std::ostream& err);
int run_restore(const ops::Config& config, const std::filesystem::path& file, std::ostream& out,
                std::ostream& err);

}  // namespace app

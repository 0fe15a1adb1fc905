#pragma once
// Consistent online backups of the SQLite store, and restoring one (GAME.md §13.8, §14.2,
// D-25: the original copied the live file, losing whatever sat in the -wal file).
//
// Backup: SQLite's online backup API from a separate connection that holds one read
// transaction for the whole copy, so the copy is a single snapshot (every committed batch
// or none of it). Under WAL the writer is never blocked by that reader; pages are copied
// a few hundred at a time. The copy goes to a hidden temporary file, is switched to the
// rollback journal (a backup is one self-contained file), checked with
// `PRAGMA integrity_check`, fsync'd, and only then given its name
// `backup_YYYYmmdd_HHMMSS.db` (UTC; `_2`, `_3`, … when that name exists). Retention then
// keeps the newest `keep` backups; it only ever deletes files named like ours.
//
// Restore: THE BOT MUST BE STOPPED. The file must be a SQLite database that passes
// `PRAGMA integrity_check` and carries our schema (a schema_version table, at a version
// this build knows). The live database is then taken over exclusively — leaving WAL mode
// fails while any other connection (a running bot) has it open, and an exclusive lock is
// held until the restore is done — so a running bot makes the restore fail with a clear
// message instead of being overwritten under its feet. The current database is first
// kept as `<name>.before-restore-<stamp>` (a backup-API copy), then the backup is copied
// into the live path with the backup API. The bot switches the file back to WAL on start.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace store::sqlite {

// A backup or restore that could not be done; the message says why, for the operator.
class BackupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BackupResult {
  std::filesystem::path file;                  // the new backup
  std::int64_t pages = 0;                      // database pages copied
  std::uintmax_t bytes = 0;                    // size of the backup file
  std::vector<std::filesystem::path> removed;  // older backups deleted by retention
};

struct RestoreResult {
  std::filesystem::path restored_from;
  std::filesystem::path live_db;
  // Where the database that was replaced is kept; nullopt when there was none.
  std::optional<std::filesystem::path> previous;
  int schema_version = 0;  // of the restored database
};

// What a candidate backup file holds, after its checks passed.
struct BackupInfo {
  int schema_version = 0;
  std::int64_t players = 0;
};

using Clock = std::chrono::system_clock;

// Takes a backup of `live_db` into `backups_dir` (created if missing) and keeps the newest
// `keep` (>= 1) backups there. Throws BackupError.
BackupResult backup_sqlite(const std::filesystem::path& live_db,
                           const std::filesystem::path& backups_dir, int keep,
                           Clock::time_point now = Clock::now());

// Replaces `live_db` by `backup` after checking it (see above). Throws BackupError.
RestoreResult restore_sqlite(const std::filesystem::path& backup,
                             const std::filesystem::path& live_db,
                             Clock::time_point now = Clock::now());

// The checks restore makes, on their own: opens `file` read-only. Throws BackupError.
BackupInfo inspect_backup(const std::filesystem::path& file);

// "YYYYmmdd_HHMMSS" in UTC.
std::string backup_stamp(Clock::time_point when);

// Files in `dir` named backup_YYYYmmdd_HHMMSS[_N]<extension> (".db", ".dump"), oldest first.
std::vector<std::filesystem::path> list_backups(const std::filesystem::path& dir,
                                                std::string_view extension);

// Deletes all but the newest `keep` of list_backups(dir, extension); returns the deleted.
std::vector<std::filesystem::path> apply_retention(const std::filesystem::path& dir, int keep,
                                                   std::string_view extension);

// "backup_<stamp><extension>": the name a backup taken at `when` asks publish_file for.
std::string backup_file_name(Clock::time_point when, std::string_view extension);

// Durably gives the finished temporary file `tmp` (in the same folder) its final name:
// fsyncs it, links it under `wanted` — or, if that exists, under `wanted` with _2, _3, …
// inserted before `extension` (appended when the name does not end with it): a published
// file never replaces another — removes `tmp`, fsyncs the folder. Returns the name used.
std::filesystem::path publish_file(const std::filesystem::path& tmp,
                                   const std::filesystem::path& wanted,
                                   std::string_view extension);

}  // namespace store::sqlite

#pragma once
// Backups of a PostgreSQL store with the PostgreSQL client tools (Debian package
// postgresql-client; its major version must be at least the server's):
//
//   backup:  pg_dump --format=custom --file=DATA_DIR/backups/backup_<stamp>.dump --dbname=URL
//   restore: pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error
//              --dbname=URL FILE
//
// The password never appears on a command line (where `ps` shows it) or in our output: it
// is taken out of the URL and handed to the tool in PGPASSWORD, in the child's environment
// only. A dump is written under a temporary name and published like the SQLite backups
// (never replacing a file); retention keeps the newest storage.backup_keep dumps.
//
// Restore (THE BOT MUST BE STOPPED) first checks that the file is a custom-format dump of a
// gofrobot database at a schema version this build knows, refuses while other gofrobot
// sessions are connected (application_name "gofrobot" in pg_stat_activity) and when the
// database is at a newer schema than the dump (--clean would leave the newer tables), keeps the
// current database as DATA_DIR/backups/before-restore-<stamp>.dump, then restores in one
// transaction: an error leaves the database as it was.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite/backup.hpp"

namespace app {

// A URL without its password, and the password (percent-decoded; empty if none).
struct UrlWithoutPassword {
  std::string url;
  std::string password;
};
UrlWithoutPassword split_password(std::string_view url);

// The tool is not installed (not on PATH).
class ToolMissing : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ToolRun {
  int exit_code = 0;   // the tool's exit status; 128+N when killed by signal N
  std::string output;  // stdout and stderr together
};

// Runs argv[0] (found on PATH) with our environment plus `extra_env` ("NAME=value", which
// replace variables of the same name), collecting its output. Throws ToolMissing.
ToolRun run_tool(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env);

struct PgBackupResult {
  std::filesystem::path file;
  std::string command;  // as run, without the password
  std::vector<std::filesystem::path> removed;
};

// Throws std::runtime_error (ToolMissing when pg_dump is not installed).
PgBackupResult backup_postgres(const std::string& url, const std::filesystem::path& backups_dir,
                               int keep,
                               store::sqlite::Clock::time_point now = store::sqlite::Clock::now());

struct PgRestoreResult {
  std::filesystem::path previous;  // the dump of the database as it was
  std::string command;
  int schema_version = 0;
};

PgRestoreResult restore_postgres(const std::string& url, const std::filesystem::path& dump,
                                 const std::filesystem::path& backups_dir,
                                 store::sqlite::Clock::time_point now = store::sqlite::Clock::now());

// The schema version of a gofrobot dump, after pg_restore read it. Throws std::runtime_error.
int inspect_dump(const std::filesystem::path& dump);

}  // namespace app

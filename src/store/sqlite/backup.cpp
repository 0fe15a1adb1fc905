#include "store/sqlite/backup.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <memory>

#include "store/sql/migrations.hpp"
#include "store/sqlite/db_handle.hpp"

namespace store::sqlite {
namespace fs = std::filesystem;
namespace {

// Pages per backup step: small enough that each step is short, large enough that a big
// database is not copied in tens of thousands of calls.
constexpr int kPagesPerStep = 256;
// How long a step waits for a lock, and how often it retries, before giving up.
constexpr int kBusyTimeoutMs = 2000;
constexpr int kBusyRetries = 50;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// A failed SQLite call; `code` is the primary result code, for callers that map it.
struct SqliteFailure : BackupError {
  SqliteFailure(int code_, const std::string& message) : BackupError(message), code(code_) {}
  int code;
};

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  throw SqliteFailure(rc & 0xff, fmt::format("{}: {}", what, db ? sqlite3_errmsg(db)
                                                                   : sqlite3_errstr(rc)));
}

Db open_db(const fs::path& file, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) fail(raw, rc, fmt::format("cannot open {}", file.string()));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  return db;
}

// Runs `sql` and returns the first column of every row as text (NULL as "").
std::vector<std::string> query_texts(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  Stmt stmt(raw);
  if (rc != SQLITE_OK) fail(db, rc, sql);
  std::vector<std::string> rows;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    rows.emplace_back(text ? text : "");
  }
  if (rc != SQLITE_DONE) fail(db, rc, sql);
  return rows;
}

void exec(sqlite3* db, const char* sql) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(db, rc, sql);
}

// PRAGMA integrity_check: empty when the database is sound, else SQLite's findings.
std::vector<std::string> integrity_problems(sqlite3* db) {
  auto rows = query_texts(db, "PRAGMA integrity_check");
  if (rows.size() == 1 && rows.front() == "ok") return {};
  return rows;
}

std::string first_lines(const std::vector<std::string>& lines, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < n; ++i) out += (i ? "; " : "") + lines[i];
  if (lines.size() > n) out += fmt::format("; … ({} problems)", lines.size());
  return out;
}

// Copies database `src` into `dest` with the backup API. With `snapshot`, the source holds
// one read transaction for the whole copy: every step reads the same snapshot (other
// connections' commits neither show up half nor restart the copy), and under WAL the
// writer keeps committing meanwhile. Returns the pages copied.
std::int64_t copy_database(sqlite3* src, sqlite3* dest, int pages_per_step, bool snapshot,
                           std::string_view what) {
  if (snapshot) {
    exec(src, "BEGIN");
    query_texts(src, "SELECT count(*) FROM sqlite_master");  // starts the read transaction
  }
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", src, "main");
  if (!backup) fail(dest, sqlite3_errcode(dest), what);
  int rc = SQLITE_OK;
  int retries = 0;
  std::int64_t pages = 0;
  while (true) {
    rc = sqlite3_backup_step(backup, pages_per_step);
    pages = sqlite3_backup_pagecount(backup);
    if (rc == SQLITE_DONE) break;
    if (rc == SQLITE_OK) continue;
    int primary = rc & 0xff;
    if ((primary == SQLITE_BUSY || primary == SQLITE_LOCKED) && ++retries <= kBusyRetries) {
      sqlite3_sleep(100);
      continue;
    }
    break;
  }
  int finish = sqlite3_backup_finish(backup);
  if (snapshot) sqlite3_exec(src, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_DONE) fail(dest, rc, what);
  if (finish != SQLITE_OK) fail(dest, finish, what);
  return pages;
}

// The checks every file must pass before we restore it.
BackupInfo inspect(sqlite3* db, const fs::path& file) {
  std::vector<std::string> problems;
  try {
    problems = integrity_problems(db);
  } catch (const SqliteFailure& e) {
    if (e.code == SQLITE_NOTADB) {
      throw BackupError(fmt::format("{} is not a SQLite database", file.string()));
    }
    if (e.code == SQLITE_CORRUPT) {
      throw BackupError(fmt::format("{} is damaged: {}", file.string(), e.what()));
    }
    throw;
  }
  if (!problems.empty()) {
    throw BackupError(fmt::format("{} fails the integrity check: {}", file.string(),
                                  first_lines(problems, 5)));
  }
  auto tables = query_texts(db,
                            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
                            "('schema_version', 'users') ORDER BY name");
  if (tables != std::vector<std::string>{"schema_version", "users"}) {
    throw BackupError(fmt::format(
        "{} is not a gofrobot database (no schema_version and users tables); an original "
        "bot_database.db is brought in with `gofrobot import-legacy`",
        file.string()));
  }
  auto version = query_texts(db, "SELECT MAX(version) FROM schema_version");
  int schema = version.empty() || version.front().empty() ? 0 : std::stoi(version.front());
  if (schema < 1) {
    throw BackupError(fmt::format("{} has an empty schema_version table", file.string()));
  }
  if (schema > sql::latest_schema_version()) {
    throw BackupError(fmt::format(
        "{} was written by a newer gofrobot (schema version {}; this build knows up to {}): "
        "upgrade gofrobot before restoring it",
        file.string(), schema, sql::latest_schema_version()));
  }
  auto players = query_texts(db, "SELECT count(*) FROM users");
  return {schema, players.empty() ? 0 : std::stoll(players.front())};
}

fs::path temp_name(const fs::path& dir, const std::string& name) {
  return dir / fmt::format(".{}.{}.tmp", name, ::getpid());
}

void remove_quietly(const fs::path& file) {
  std::error_code ec;
  fs::remove(file, ec);
}

// Copies the open database `src` into the file `tmp` (replacing a stale one), leaving a
// self-contained rollback-journal file. Returns the pages copied.
std::int64_t copy_to_file(sqlite3* src, const fs::path& tmp, bool snapshot) {
  remove_quietly(tmp);
  auto dest = open_db(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  auto pages = copy_database(src, dest.get(), kPagesPerStep, snapshot,
                             fmt::format("cannot copy the database to {}", tmp.string()));
  // The copy inherits the source's WAL flag; a backup must not depend on a -wal file.
  auto mode = query_texts(dest.get(), "PRAGMA journal_mode=DELETE");
  if (mode.empty() || mode.front() != "delete") {
    throw BackupError(fmt::format("cannot take {} out of WAL mode", tmp.string()));
  }
  return pages;
}

// Makes this connection the only one on `live`: leaving WAL mode needs every other
// connection closed, and locking_mode=EXCLUSIVE keeps the lock until we close. Throws a
// clear message when a bot (or anything else) has the database open.
void take_over(sqlite3* db, const fs::path& live) {
  const auto in_use = [&] {
    return BackupError(fmt::format(
        "{} is in use by another process — is the bot running? Stop it, then restore",
        live.string()));
  };
  try {
    auto mode = query_texts(db, "PRAGMA journal_mode");
    if (!mode.empty() && mode.front() == "wal") {
      mode = query_texts(db, "PRAGMA journal_mode=DELETE");
      if (mode.empty() || mode.front() != "delete") throw in_use();
    }
    exec(db, "PRAGMA locking_mode=EXCLUSIVE");
    exec(db, "BEGIN EXCLUSIVE");
    exec(db, "COMMIT");
  } catch (const SqliteFailure& e) {
    if (e.code == SQLITE_BUSY || e.code == SQLITE_LOCKED) throw in_use();
    throw;
  }
}

bool is_unreadable(const SqliteFailure& e) {
  return e.code == SQLITE_NOTADB || e.code == SQLITE_CORRUPT;
}

}  // namespace

BackupResult backup_sqlite(const fs::path& live_db, const fs::path& backups_dir, int keep,
                           Clock::time_point now) {
  if (keep < 1) throw BackupError("backup_keep must be at least 1");
  if (!fs::is_regular_file(live_db)) {
    throw BackupError(fmt::format("no database at {} to back up", live_db.string()));
  }
  std::error_code ec;
  fs::create_directories(backups_dir, ec);
  if (ec) {
    throw BackupError(fmt::format("cannot create {}: {}", backups_dir.string(), ec.message()));
  }
  const auto name = backup_file_name(now, ".db");
  const auto tmp = temp_name(backups_dir, name);
  BackupResult result;
  try {
    // Read-write without CREATE: a read-only connection could not open a WAL database
    // whose -shm file is missing (bot stopped). query_only makes sure we never write.
    auto src = open_db(live_db, SQLITE_OPEN_READWRITE);
    exec(src.get(), "PRAGMA query_only=1");
    result.pages = copy_to_file(src.get(), tmp, /*snapshot=*/true);
    {
      auto copy = open_db(tmp, SQLITE_OPEN_READONLY);
      auto problems = integrity_problems(copy.get());
      if (!problems.empty()) {
        throw BackupError(fmt::format("the backup failed its integrity check: {}",
                                      first_lines(problems, 5)));
      }
    }
    result.file = publish_file(tmp, backups_dir / name, ".db");
  } catch (...) {
    remove_quietly(tmp);
    throw;
  }
  result.bytes = fs::file_size(result.file, ec);
  result.removed = apply_retention(backups_dir, keep, ".db");
  return result;
}

BackupInfo inspect_backup(const fs::path& file) {
  if (!fs::is_regular_file(file)) {
    throw BackupError(fmt::format("no backup file at {}", file.string()));
  }
  auto db = open_db(file, SQLITE_OPEN_READONLY);
  return inspect(db.get(), file);
}

RestoreResult restore_sqlite(const fs::path& backup, const fs::path& live_db,
                             Clock::time_point now) {
  std::error_code ec;
  if (fs::exists(live_db, ec) && fs::equivalent(backup, live_db, ec)) {
    throw BackupError(fmt::format("{} is the live database itself", backup.string()));
  }
  if (!fs::is_regular_file(backup)) {
    throw BackupError(fmt::format("no backup file at {}", backup.string()));
  }
  RestoreResult result{backup, live_db, std::nullopt, 0};
  auto source = open_db(backup, SQLITE_OPEN_READONLY);
  result.schema_version = inspect(source.get(), backup).schema_version;

  const fs::path dir = live_db.has_parent_path() ? live_db.parent_path() : fs::path(".");
  fs::create_directories(dir, ec);
  const auto kept_name =
      fmt::format("{}.before-restore-{}", live_db.filename().string(), backup_stamp(now));
  const bool had_file = fs::is_regular_file(live_db, ec) && fs::file_size(live_db, ec) > 0;

  auto live = open_db(live_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  try {
    take_over(live.get(), live_db);
    if (had_file) {
      const auto tmp = temp_name(dir, kept_name);
      try {
        copy_to_file(live.get(), tmp, /*snapshot=*/false);
        result.previous = publish_file(tmp, dir / kept_name, "");
      } catch (...) {
        remove_quietly(tmp);
        throw;
      }
    }
  } catch (const SqliteFailure& e) {
    if (!is_unreadable(e)) throw;
    // The live file is not a database (the reason to restore, perhaps): no SQLite process
    // can be using it, so it is moved aside as it is and a new file takes its place.
    live.reset();
    auto kept = dir / kept_name;
    if (fs::exists(kept, ec)) kept += fmt::format(".{}", ::getpid());
    fs::rename(live_db, kept);
    for (const char* side : {"-wal", "-shm", "-journal"}) {
      remove_quietly(fs::path(live_db.string() + side));
    }
    result.previous = kept;
    live = open_db(live_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    take_over(live.get(), live_db);
  }

  copy_database(source.get(), live.get(), -1, /*snapshot=*/false,
                fmt::format("cannot restore into {}", live_db.string()));
  auto problems = integrity_problems(live.get());
  if (!problems.empty()) {
    throw BackupError(fmt::format("{} fails the integrity check after the restore: {}",
                                  live_db.string(), first_lines(problems, 5)));
  }
  live.reset();
  source.reset();
  // The bytes are on disk (SQLite synced the transaction); sync the folder entry too.
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  return result;
}

}  // namespace store::sqlite

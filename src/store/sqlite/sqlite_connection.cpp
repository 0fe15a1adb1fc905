#include "store/sqlite/sqlite_connection.hpp"

#include <fmt/format.h>

namespace store::sqlite {
namespace {

// Reset on every exit path, so a statement never stays busy (which would keep a read
// transaction open and block WAL checkpoints).
struct ResetGuard {
  sqlite3_stmt* stmt;
  ~ResetGuard() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

// One statement, perhaps ending in ';' and whitespace. A ';' anywhere else (two
// statements, or one inside a literal or comment) leaves the script to sqlite3_exec.
bool is_single_statement(std::string_view sql) {
  const auto semicolon = sql.find(';');
  if (semicolon == std::string_view::npos) return true;
  return sql.find_first_not_of(" \t\r\n", semicolon + 1) == std::string_view::npos;
}

// Before SQLite's first use in the process, once (SQLITE_MISUSE if SQLite already started):
// - no memory statistics: with them every sqlite3_malloc and free takes a global mutex to
//   count bytes nobody reads;
// - statement journals stay in memory. Each change set's savepoint journals the pages it
//   touches that the batch had already changed; past 64 KiB SQLite moved that journal to a
//   temporary file, two writes per page: 1.5 of the 4.6 writes per update of the webhook
//   run, and 6 % of its CPU.
//   A savepoint is released after one change set, so the journal holds one change set's
//   pages at most.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
    return true;
  }();
  (void)configured;
}

}  // namespace

std::unique_ptr<SqliteConnection> SqliteConnection::open(const std::filesystem::path& file,
                                                         bool read_only) {
  configure_sqlite_once();
  if (!read_only && file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
  }
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    throw sql::ConnectionLost(fmt::format("cannot open {}: {}", file.string(), message));
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db, file));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  if (!read_only) {
    connection->execute_script(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  }
  return connection;
}

SqliteConnection::SqliteConnection(sqlite3* db, std::filesystem::path file)
    : db_(db), file_(std::move(file)) {}

SqliteConnection::~SqliteConnection() {
  statements_.clear();
  sqlite3_close(db_);
}

bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void SqliteConnection::fail(int code, std::string_view what) {
  std::string message = fmt::format("sqlite: {}: {} ({})", what, sqlite3_errmsg(db_), code);
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    throw sql::UniqueViolation(message);
  }
  if ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_CANTOPEN ||
      (code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT) {
    throw sql::ConnectionLost(message);
  }
  throw sql::DatabaseError(message);
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = find_or_prepare(sql, stmt);
  if (rc != SQLITE_OK) fail(rc, "prepare");
  return stmt;
}

int SqliteConnection::find_or_prepare(std::string_view sql, sqlite3_stmt*& stmt) {
  auto& slot = recent_[(reinterpret_cast<std::uintptr_t>(sql.data()) >> 4) % recent_.size()];
  if (slot.sql && slot.address == sql.data() && *slot.sql == sql) {
    stmt = slot.stmt;
    return SQLITE_OK;
  }
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return rc;
    it = statements_.emplace(std::string(sql), stmt).first;
  }
  stmt = it->second.get();
  slot = {sql.data(), &it->first, stmt};
  return SQLITE_OK;
}

void SqliteConnection::bind(sqlite3_stmt* stmt, std::span<const sql::Value> params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            return sqlite3_bind_null(stmt, index);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            return sqlite3_bind_int64(stmt, index, v);
          } else if constexpr (std::is_same_v<T, double>) {
            return sqlite3_bind_double(stmt, index, v);
          } else {
            // SQLITE_STATIC: no copy. The caller's values outlive the step, and ResetGuard
            // clears the bindings before they go.
            return sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()),
                                     SQLITE_STATIC);
          }
        },
        params[i]);
    if (rc != SQLITE_OK) fail(rc, "bind");
  }
}

std::vector<sql::Row> SqliteConnection::query(std::string_view sql,
                                              std::span<const sql::Value> params) {
  sqlite3_stmt* stmt = prepare(sql);
  ResetGuard reset{stmt};
  bind(stmt, params);
  ++statements_executed_;
  std::vector<sql::Row> rows;
  int columns = sqlite3_column_count(stmt);
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(rc, "query");
    std::vector<sql::Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER:
          values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c)));
          break;
        case SQLITE_FLOAT:
          values.emplace_back(sqlite3_column_double(stmt, c));
          break;
        case SQLITE_NULL:
          values.emplace_back(nullptr);
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          values.emplace_back(std::string(text, static_cast<std::size_t>(
                                                    sqlite3_column_bytes(stmt, c))));
        }
      }
    }
    rows.emplace_back(std::move(values));
  }
  return rows;
}

std::int64_t SqliteConnection::execute(std::string_view sql, std::span<const sql::Value> params) {
  sqlite3_stmt* stmt = prepare(sql);
  ResetGuard reset{stmt};
  bind(stmt, params);
  ++statements_executed_;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) fail(rc, "execute");
  return sqlite3_changes64(db_);
}

std::vector<std::int64_t> SqliteConnection::execute_many(
    std::span<const sql::Statement> statements) {
  std::vector<std::int64_t> changed;
  changed.reserve(statements.size());
  for (const auto& s : statements) changed.push_back(execute(s.sql, s.params));
  return changed;
}

void SqliteConnection::execute_script(std::string_view sql) {
  if (is_single_statement(sql)) return execute_statement_script(sql);
  std::string script(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &error);
  ++statements_executed_;
  if (rc != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    fail_script(message);
  }
}

// The store runs a transaction statement or two per update (BEGIN IMMEDIATE, SAVEPOINT,
// RELEASE, COMMIT); sqlite3_exec would parse each one again every time, so they are
// prepared once and stepped like any other statement. Failures read as the same plain
// DatabaseError sqlite3_exec gives: callers of execute_script never saw the finer classes.
void SqliteConnection::execute_statement_script(std::string_view sql) {
  ++statements_executed_;
  sqlite3_stmt* stmt = nullptr;
  if (find_or_prepare(sql, stmt) != SQLITE_OK) fail_script(sqlite3_errmsg(db_));
  if (!stmt) return;  // only whitespace or comments: sqlite3_exec does nothing either
  ResetGuard reset{stmt};  // a stepped COMMIT or BEGIN must not stay busy
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) fail_script(sqlite3_errmsg(db_));
}

void SqliteConnection::fail_script(std::string_view message) {
  throw sql::DatabaseError(fmt::format("sqlite: script: {}", message));
}

}  // namespace store::sqlite

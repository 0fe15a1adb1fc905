#pragma once
// sql::Connection over one SQLite database file.
//
// Durability: WAL journal with synchronous=FULL, so a committed transaction survives a
// power loss (with NORMAL, WAL mode may lose the last commits on power loss; it only
// guarantees consistency). WAL lets backups and other readers run beside the writer.
#include <sqlite3.h>

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql/connection.hpp"

namespace store::sqlite {

class SqliteConnection final : public sql::Connection {
 public:
  // Opens (creating if needed) the database file, with its parent directory.
  static std::unique_ptr<SqliteConnection> open(const std::filesystem::path& file,
                                                bool read_only = false);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  bool in_transaction() const override;
  std::vector<sql::Row> query(std::string_view sql,
                              std::span<const sql::Value> params = {}) override;
  std::int64_t execute(std::string_view sql, std::span<const sql::Value> params = {}) override;
  std::vector<std::int64_t> execute_many(std::span<const sql::Statement> statements) override;
  void execute_script(std::string_view sql) override;

  sqlite3* handle() { return db_; }
  const std::filesystem::path& file() const { return file_; }

 private:
  SqliteConnection(sqlite3* db, std::filesystem::path file);
  // The cached statement of `sql`, prepared on first use; prepare() throws on failure,
  // find_or_prepare() returns the SQLite result code.
  sqlite3_stmt* prepare(std::string_view sql);
  int find_or_prepare(std::string_view sql, sqlite3_stmt*& stmt);
  void bind(sqlite3_stmt* stmt, std::span<const sql::Value> params);
  void execute_statement_script(std::string_view sql);
  [[noreturn]] void fail(int code, std::string_view what);
  [[noreturn]] void fail_script(std::string_view message);

  sqlite3* db_;
  std::filesystem::path file_;
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, Finalizer>, sql::SqlTextHash,
                     std::equal_to<>>
      statements_;
  // In front of statements_: the store passes its statement texts (store/sql/queries.hpp)
  // at the same address every time, so a slot chosen by the address finds them without
  // hashing the text (~300 bytes, a fifth of the store layer's instructions per update).
  // A slot is used only if the text is equal too: another caller's string may come to
  // occupy an address a constant had.
  struct RecentStatement {
    const char* address = nullptr;
    const std::string* sql = nullptr;  // statements_'s key: stable while the entry lives
    sqlite3_stmt* stmt = nullptr;
  };
  std::array<RecentStatement, 64> recent_{};
};

}  // namespace store::sqlite

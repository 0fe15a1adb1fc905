// SqliteConnection against real files: scripts of one statement (the store's BEGIN,
// SAVEPOINT, COMMIT... on every update) run as cached prepared statements, longer ones
// through sqlite3_exec, with the same results and errors either way.
#include "store/sqlite/sqlite_connection.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using store::sql::DatabaseError;
using store::sql::UniqueViolation;
using store::sql::Value;
using store::sqlite::SqliteConnection;

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gofrobot-sqlite-connection-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    db_ = SqliteConnection::open(dir_ / "test.db");
    db_->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT)");
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }

  std::int64_t count() { return db_->query("SELECT count(*) FROM t").at(0).integer(0); }

  // No statement of the connection is left mid-step (it would hold a read transaction).
  bool none_busy() {
    for (sqlite3_stmt* s = sqlite3_next_stmt(db_->handle(), nullptr); s;
         s = sqlite3_next_stmt(db_->handle(), s)) {
      if (sqlite3_stmt_busy(s)) return false;
    }
    return true;
  }

  // The message of the DatabaseError `script` throws ("" if none).
  std::string script_error(const std::string& script) {
    try {
      db_->execute_script(script);
    } catch (const DatabaseError& e) {
      return e.what();
    }
    return "";
  }

  fs::path dir_;
  std::unique_ptr<SqliteConnection> db_;
};

TEST_F(SqliteConnectionTest, TransactionStatementsRunAgainAndAgain) {
  for (int i = 0; i < 3; ++i) {
    db_->execute_script("BEGIN IMMEDIATE");
    db_->execute_script("SAVEPOINT change_set");
    db_->execute("INSERT INTO t(id, s) VALUES (?, 'x')", std::vector<Value>{std::int64_t{i}});
    db_->execute_script("RELEASE SAVEPOINT change_set");
    db_->execute_script("SAVEPOINT change_set");
    db_->execute("INSERT INTO t(id, s) VALUES (?, 'y')", std::vector<Value>{std::int64_t{100 + i}});
    db_->execute_script("ROLLBACK TO SAVEPOINT change_set");
    db_->execute_script("RELEASE SAVEPOINT change_set");
    db_->execute_script("COMMIT");
    EXPECT_TRUE(sqlite3_get_autocommit(db_->handle())) << "the transaction ended";
    EXPECT_TRUE(none_busy());
  }
  EXPECT_EQ(count(), 3);
  db_->execute_script("BEGIN IMMEDIATE");
  db_->execute("INSERT INTO t(id, s) VALUES (50, 'z')");
  db_->execute_script("ROLLBACK");
  EXPECT_EQ(count(), 3);
  EXPECT_TRUE(none_busy());
}

TEST_F(SqliteConnectionTest, ACommittedTransactionLetsAnotherConnectionWrite) {
  db_->execute_script("BEGIN IMMEDIATE");
  db_->execute("INSERT INTO t(id, s) VALUES (1, 'a')");
  db_->execute_script("COMMIT");
  auto other = SqliteConnection::open(dir_ / "test.db");
  other->execute_script("BEGIN IMMEDIATE");
  other->execute("INSERT INTO t(id, s) VALUES (2, 'b')");
  other->execute_script("COMMIT");
  EXPECT_EQ(count(), 2);
  // With no statement left busy, a full checkpoint can copy everything back.
  int log = -1;
  int copied = -1;
  EXPECT_EQ(sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log,
                                      &copied),
            SQLITE_OK);
}

TEST_F(SqliteConnectionTest, TrailingSemicolonAndWhitespace) {
  db_->execute_script("INSERT INTO t(id, s) VALUES (1, 'a');");
  db_->execute_script("INSERT INTO t(id, s) VALUES (2, 'b');  \n\t");
  db_->execute_script("  INSERT INTO t(id, s) VALUES (3, 'c')  ");
  EXPECT_EQ(count(), 3);
}

TEST_F(SqliteConnectionTest, SeveralStatementsRunThemAll) {
  db_->execute_script(
      "INSERT INTO t(id, s) VALUES (1, 'a');\n"
      "INSERT INTO t(id, s) VALUES (2, 'b'); INSERT INTO t(id, s) VALUES (3, 'c');");
  EXPECT_EQ(count(), 3);
  // A ';' inside a literal is left to sqlite3_exec, which knows it is no separator.
  db_->execute_script("INSERT INTO t(id, s) VALUES (4, 'x;y')");
  EXPECT_EQ(db_->query("SELECT s FROM t WHERE id = 4").at(0).text(0), "x;y");
}

TEST_F(SqliteConnectionTest, RowsOfAStatementAreStepped) {
  db_->execute_script("INSERT INTO t(id, s) VALUES (1, 'a')");
  db_->execute_script("SELECT * FROM t");
  db_->execute_script("PRAGMA foreign_keys=OFF");
  db_->execute_script("PRAGMA foreign_keys=ON");
  EXPECT_EQ(db_->query("PRAGMA foreign_keys").at(0).integer(0), 1);
  EXPECT_TRUE(none_busy());
}

TEST_F(SqliteConnectionTest, EmptyScriptsDoNothing) {
  db_->execute_script("");
  db_->execute_script("   \n");
  db_->execute_script("-- nothing but a comment");
  EXPECT_EQ(count(), 0);
}

TEST_F(SqliteConnectionTest, EachScriptCountsAsOneStatement) {
  const auto before = db_->statements_executed();
  db_->execute_script("BEGIN IMMEDIATE");
  db_->execute_script("COMMIT");
  db_->execute_script("INSERT INTO t(id, s) VALUES (1, 'a'); INSERT INTO t(id, s) VALUES (2, 'b')");
  EXPECT_EQ(db_->statements_executed() - before, 3);
}

TEST_F(SqliteConnectionTest, FailuresAreScriptErrorsWithSQLitesMessage) {
  // As sqlite3_exec reports them: a plain DatabaseError, "sqlite: script: " and the message.
  EXPECT_EQ(script_error("COMMIT"),
            "sqlite: script: cannot commit - no transaction is active");
  EXPECT_EQ(script_error("SELEKT 1"), "sqlite: script: near \"SELEKT\": syntax error");
  EXPECT_EQ(script_error("INSERT INTO missing VALUES (1)"),
            "sqlite: script: no such table: missing");
  EXPECT_EQ(script_error("SELECT 1; SELEKT 2"), "sqlite: script: near \"SELEKT\": syntax error");
  db_->execute_script("INSERT INTO t(id, s) VALUES (1, 'a')");
  const std::string duplicate = "INSERT INTO t(id, s) VALUES (1, 'b')";
  EXPECT_EQ(script_error(duplicate), "sqlite: script: UNIQUE constraint failed: t.id");
  try {
    db_->execute_script(duplicate);
    FAIL() << "expected DatabaseError";
  } catch (const UniqueViolation&) {
    FAIL() << "execute_script reports plain DatabaseError, as sqlite3_exec did";
  } catch (const DatabaseError&) {
  }
}

TEST_F(SqliteConnectionTest, AFailedStatementLeavesTheConnectionUsable) {
  db_->execute_script("INSERT INTO t(id, s) VALUES (1, 'a')");
  db_->execute_script("BEGIN IMMEDIATE");
  EXPECT_THROW(db_->execute_script("BEGIN IMMEDIATE"), DatabaseError);  // already in one
  EXPECT_THROW(db_->execute_script("INSERT INTO t(id, s) VALUES (1, 'b')"), DatabaseError);
  EXPECT_TRUE(none_busy());
  db_->execute_script("INSERT INTO t(id, s) VALUES (2, 'b')");
  db_->execute_script("COMMIT");
  EXPECT_EQ(count(), 2);
  // The same text prepared again through query() is the same cached statement.
  EXPECT_EQ(db_->query(std::string("SELECT count(*) FROM t")).at(0).integer(0), 2);
}

TEST_F(SqliteConnectionTest, StatementsAreFoundByTheirTextWhateverItsStorage) {
  const std::string sql = "SELECT s FROM t WHERE id = ?";
  db_->execute("INSERT INTO t(id, s) VALUES (1, 'a')");
  const std::vector<Value> one{std::int64_t{1}};
  EXPECT_EQ(db_->query(sql, one).at(0).text(0), "a");
  // A view into a longer buffer: only the view's bytes are the key.
  const std::string longer = sql + " AND 0";
  EXPECT_EQ(db_->query(std::string_view(longer).substr(0, sql.size()), one).at(0).text(0), "a");
  EXPECT_TRUE(db_->query(longer, one).empty());
}

// Statements are also remembered by the address of their text (the store's constants);
// a buffer that held one text and now holds another, of the same length or not, runs the
// new one.
TEST_F(SqliteConnectionTest, AReusedTextBufferRunsItsNewText) {
  db_->execute("INSERT INTO t(id, s) VALUES (1, 'a'), (2, 'b')");
  const std::vector<Value> one{std::int64_t{1}};
  std::string sql = "SELECT s FROM t WHERE id = ?";
  const char* const address = sql.data();
  EXPECT_EQ(db_->query(sql, one).at(0).text(0), "a");
  EXPECT_EQ(db_->query(sql, one).at(0).text(0), "a");  // found by its address
  sql.replace(sql.find("id ="), 4, "id >");  // same length, same buffer
  ASSERT_EQ(sql.data(), address);
  EXPECT_EQ(db_->query(sql, one).at(0).text(0), "b");
  sql.resize(sql.find(" WHERE"));  // shorter, same buffer
  ASSERT_EQ(sql.data(), address);
  EXPECT_EQ(db_->query(sql).size(), 2u);
  EXPECT_EQ(db_->query(std::string_view(sql.data(), sql.size())).size(), 2u);
}

}  // namespace

// The files this process has open that SQLite made as temporary ones (named etilqs_…,
// unlinked at once).
int sqlite_temp_files_open() {
  int n = 0;
  for (const auto& fd : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const auto target = fs::read_symlink(fd.path(), ec).string();
    if (!ec && target.find("etilqs_") != std::string::npos) ++n;
  }
  return n;
}

// A savepoint's journal (the pages it changes that the transaction had already changed)
// stays in memory however big: SQLite's default moved it to a temporary file past 64 KiB,
// two writes per page (sqlite_connection.cpp, configure_sqlite_once).
TEST_F(SqliteConnectionTest, ASavepointJournalStaysInMemory) {
  const Value row{std::string(400, 'x')};
  db_->execute_script("BEGIN");
  for (int i = 0; i < 2000; ++i) db_->execute("INSERT INTO t(s) VALUES (?)", std::span(&row, 1));
  db_->execute_script("COMMIT");

  db_->execute_script("BEGIN");
  db_->execute_script("UPDATE t SET s = s || 'a'");  // ~200 pages changed by the transaction
  db_->execute_script("SAVEPOINT change_set");
  db_->execute_script("UPDATE t SET s = s || 'b'");  // journals them all: ~800 KiB
  EXPECT_EQ(sqlite_temp_files_open(), 0);
  db_->execute_script("ROLLBACK TO SAVEPOINT change_set");
  db_->execute_script("RELEASE SAVEPOINT change_set");
  db_->execute_script("COMMIT");
  EXPECT_EQ(db_->query("SELECT count(*) FROM t WHERE s LIKE '%a' ").at(0).integer(0), 2000);
}

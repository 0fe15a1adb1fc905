// PgConnection against a real PostgreSQL server, whose URL comes from
// GOFROBOT_TEST_PG_URL (start one with scripts/pg-test-server.sh). Without it the tests
// that need a server are skipped locally and fail under CI (env CI set), where the
// script that runs the tests must have started one.
//
// Each test uses TEMP tables: ctest runs tests as parallel processes on one database,
// and temporary tables are private to their session.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "store/postgres/pg_connection.hpp"
#include "store/sql/leased_connection.hpp"
#include "store/postgres/pg_text.hpp"

namespace {

using store::postgres::PgConnection;
using store::sql::ConnectionLost;
using store::sql::DatabaseError;
using store::sql::Statement;
using store::sql::UniqueViolation;
using store::sql::Value;

std::string server_url() {
  const char* url = std::getenv("GOFROBOT_TEST_PG_URL");
  return url ? url : "";
}

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = server_url();
    if (url_.empty()) {
      if (std::getenv("CI")) FAIL() << "GOFROBOT_TEST_PG_URL is not set; CI must start a server";
      GTEST_SKIP() << "GOFROBOT_TEST_PG_URL is not set; start a server with "
                      "scripts/pg-test-server.sh start /tmp/pgtest and export its URL";
    }
    db_ = PgConnection::open(url_);
  }

  // A URL with the same server and user but another password.
  std::string url_with_password(const std::string& password) const {
    const auto scheme = url_.find("://") + 3;
    const auto colon = url_.find(':', scheme);
    const auto at = url_.find('@', scheme);
    return url_.substr(0, colon + 1) + password + url_.substr(at);
  }

  std::string url_;
  std::unique_ptr<PgConnection> db_;
};

// A loopback port with nothing listening: bind to port 0 for the kernel's pick, close.
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  close(fd);
  return ntohs(addr.sin_port);
}

std::uint64_t bits(double d) { return std::bit_cast<std::uint64_t>(d); }

TEST_F(PgConnectionTest, Int64ExtremesRoundTrip) {
  db_->execute_script("CREATE TEMP TABLE t (v bigint)");
  const std::vector<std::int64_t> values = {std::numeric_limits<std::int64_t>::min(),
                                            std::numeric_limits<std::int64_t>::max(), 0, -1, 1};
  for (const auto v : values) db_->execute("INSERT INTO t (v) VALUES (?)", std::vector<Value>{v});
  const auto rows = db_->query("SELECT v FROM t ORDER BY v");
  ASSERT_EQ(rows.size(), values.size());
  EXPECT_EQ(std::get<std::int64_t>(rows.front().value(0)), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(std::get<std::int64_t>(rows.back().value(0)), std::numeric_limits<std::int64_t>::max());
  // Also as a bare parameter, cast so the server knows its type.
  const auto echo = db_->query("SELECT ?::bigint", std::vector<Value>{std::numeric_limits<std::int64_t>::min()});
  EXPECT_EQ(echo.at(0).integer(0), std::numeric_limits<std::int64_t>::min());
}

TEST_F(PgConnectionTest, DoublesAreBitExact) {
  db_->execute_script("CREATE TEMP TABLE t (i int, v double precision)");
  // 0.30000000000000004 is 0.1 + 0.2; 2.67 is Python's round(2.675, 2) (2.675 is stored
  // as 2.67499…); 0.3333333333333333 is round(1/3, 16).
  const std::vector<double> values = {0.1, 1e300, 123456.7, 0.30000000000000004, 2.67, 0.3333333333333333,
                                      -0.0, 5e-324, std::numeric_limits<double>::max(),
                                      std::numeric_limits<double>::infinity(),
                                      -std::numeric_limits<double>::infinity()};
  for (std::size_t i = 0; i < values.size(); ++i) {
    db_->execute("INSERT INTO t (i, v) VALUES (?, ?)", std::vector<Value>{static_cast<std::int64_t>(i), values[i]});
  }
  const auto rows = db_->query("SELECT v FROM t ORDER BY i");
  ASSERT_EQ(rows.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    ASSERT_TRUE(std::holds_alternative<double>(rows[i].value(0))) << i;
    EXPECT_EQ(bits(std::get<double>(rows[i].value(0))), bits(values[i])) << values[i];
  }
  const auto nan = db_->query("SELECT ?::float8", std::vector<Value>{std::numeric_limits<double>::quiet_NaN()});
  EXPECT_TRUE(std::isnan(nan.at(0).real(0)));
}

TEST_F(PgConnectionTest, Utf8TextAndNullRoundTrip) {
  db_->execute_script("CREATE TEMP TABLE t (i int, s text)");
  const std::string cyrillic = "Гофробот: уровень 5 — «атмосфера»";
  const std::string emoji = "🚀🔥 ✈️ 👨‍👩‍👧";
  db_->execute("INSERT INTO t (i, s) VALUES (?, ?)", std::vector<Value>{std::int64_t{1}, cyrillic});
  db_->execute("INSERT INTO t (i, s) VALUES (?, ?)", std::vector<Value>{std::int64_t{2}, emoji});
  db_->execute("INSERT INTO t (i, s) VALUES (?, ?)", std::vector<Value>{std::int64_t{3}, nullptr});
  const auto rows = db_->query("SELECT s, length(s) FROM t ORDER BY i");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].text(0), cyrillic);
  EXPECT_EQ(rows[0].integer(1), 33);  // characters, not bytes: the session is UTF8
  EXPECT_EQ(rows[1].text(0), emoji);
  EXPECT_TRUE(rows[2].is_null(0));
  EXPECT_TRUE(rows[2].is_null(1));
  EXPECT_EQ(db_->query("SELECT current_setting('client_encoding')").at(0).text(0), "UTF8");
}

TEST_F(PgConnectionTest, ColumnsAreConvertedByType) {
  const auto row = db_->query(
                          "SELECT 7::int2, 8::int4, 9::int8, 1.5::float4, 2.25::numeric, true, false, "
                          "'x'::varchar, 10::oid, NULL::bigint")
                       .at(0);
  EXPECT_EQ(std::get<std::int64_t>(row.value(0)), 7);
  EXPECT_EQ(std::get<std::int64_t>(row.value(1)), 8);
  EXPECT_EQ(std::get<std::int64_t>(row.value(2)), 9);
  EXPECT_EQ(std::get<double>(row.value(3)), 1.5);
  EXPECT_EQ(std::get<double>(row.value(4)), 2.25);
  EXPECT_EQ(std::get<std::int64_t>(row.value(5)), 1);
  EXPECT_EQ(std::get<std::int64_t>(row.value(6)), 0);
  EXPECT_EQ(std::get<std::string>(row.value(7)), "x");
  EXPECT_EQ(std::get<std::string>(row.value(8)), "10");
  EXPECT_TRUE(row.is_null(9));
}

TEST_F(PgConnectionTest, QuestionMarkInsideLiteralIsText) {
  const auto row = db_->query("SELECT '?' AS q, 'it''s ?', ?::bigint, \"?\" FROM (SELECT 1 AS \"?\") s -- ?",
                              std::vector<Value>{std::int64_t{5}})
                       .at(0);
  EXPECT_EQ(row.text(0), "?");
  EXPECT_EQ(row.text(1), "it's ?");
  EXPECT_EQ(row.integer(2), 5);
  EXPECT_EQ(row.integer(3), 1);
}

TEST_F(PgConnectionTest, ExecuteReturnsRowsChanged) {
  db_->execute_script("CREATE TEMP TABLE t (v bigint); INSERT INTO t VALUES (1), (2), (3)");
  EXPECT_EQ(db_->execute("UPDATE t SET v = v + ? WHERE v >= ?", std::vector<Value>{std::int64_t{10}, std::int64_t{2}}),
            2);
  EXPECT_EQ(db_->execute("DELETE FROM t"), 3);
  EXPECT_EQ(db_->execute("CREATE TEMP TABLE u (v int)"), 0);
}

TEST_F(PgConnectionTest, StatementIsPreparedOnceAndReused) {
  db_->execute_script("CREATE TEMP TABLE t (v bigint)");
  const auto before = db_->statements_executed();
  for (std::int64_t i = 0; i < 10; ++i) db_->execute("INSERT INTO t (v) VALUES (?)", std::vector<Value>{i});
  EXPECT_EQ(db_->statements_executed(), before + 10);
  const auto prepared = db_->query("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE ?",
                                   std::vector<Value>{std::string("INSERT INTO t (v) VALUES ($1)")});
  EXPECT_EQ(prepared.at(0).integer(0), 1);
  EXPECT_EQ(db_->query("SELECT sum(v) FROM t").at(0).integer(0), 45);
}

TEST_F(PgConnectionTest, ExecuteManyRunsThousandInsertsInOnePipeline) {
  db_->execute_script("CREATE TEMP TABLE t (id bigint PRIMARY KEY, name text)");
  std::vector<Statement> batch;
  for (std::int64_t i = 0; i < 1000; ++i) {
    batch.push_back({"INSERT INTO t (id, name) VALUES (?, ?)", {i, "игрок " + std::to_string(i)}});
  }
  const auto before = db_->statements_executed();
  const auto changed = db_->execute_many(batch);
  EXPECT_EQ(db_->statements_executed(), before + 1000);
  ASSERT_EQ(changed.size(), 1000u);
  for (const auto n : changed) EXPECT_EQ(n, 1);
  EXPECT_EQ(db_->query("SELECT count(*) FROM t").at(0).integer(0), 1000);
  EXPECT_EQ(db_->query("SELECT name FROM t WHERE id = ?", std::vector<Value>{std::int64_t{999}}).at(0).text(0),
            "игрок 999");
}

TEST_F(PgConnectionTest, ExecuteManyMixesStatementsAndEmptyBatch) {
  db_->execute_script("CREATE TEMP TABLE t (v bigint)");
  EXPECT_TRUE(db_->execute_many({}).empty());
  const std::vector<Statement> batch = {
      {"INSERT INTO t (v) VALUES (?)", {std::int64_t{1}}},
      {"INSERT INTO t (v) SELECT generate_series(2, ?)", {std::int64_t{4}}},
      {"UPDATE t SET v = v * 10 WHERE v > ?", {std::int64_t{2}}},
  };
  EXPECT_EQ(db_->execute_many(batch), (std::vector<std::int64_t>{1, 3, 2}));
}

// Results bigger than the socket buffers both ways: a pipeline that only wrote before
// reading would deadlock against the server here.
TEST_F(PgConnectionTest, ExecuteManyLargerThanSocketBuffers) {
  const std::string payload(10000, 'x');
  std::vector<Statement> batch(2000, Statement{"SELECT length(?::text), repeat('y', 10000)", {payload}});
  const auto changed = db_->execute_many(batch);
  EXPECT_EQ(changed.size(), 2000u);
  EXPECT_EQ(db_->query("SELECT 1").at(0).integer(0), 1);
}

TEST_F(PgConnectionTest, UniqueViolationLeavesConnectionUsable) {
  db_->execute_script("CREATE TEMP TABLE t (id bigint PRIMARY KEY, secret text)");
  db_->execute("INSERT INTO t (id, secret) VALUES (?, ?)", std::vector<Value>{std::int64_t{424242}, std::string("a")});
  try {
    db_->execute("INSERT INTO t (id, secret) VALUES (?, ?)",
                 std::vector<Value>{std::int64_t{424242}, std::string("secret-value-77")});
    FAIL() << "expected UniqueViolation";
  } catch (const UniqueViolation& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("23505"), std::string::npos) << message;
    EXPECT_NE(message.find("t_pkey"), std::string::npos) << message;
    EXPECT_EQ(message.find("424242"), std::string::npos) << message;  // DETAIL quotes the key
    EXPECT_EQ(message.find("secret-value-77"), std::string::npos) << message;
  }
  EXPECT_EQ(db_->query("SELECT count(*) FROM t").at(0).integer(0), 1);
}

TEST_F(PgConnectionTest, ErrorInExecuteManyThrowsAndLeavesConnectionUsable) {
  db_->execute_script("CREATE TEMP TABLE t (id bigint PRIMARY KEY)");
  const std::vector<Statement> batch = {
      {"INSERT INTO t (id) VALUES (?)", {std::int64_t{1}}},
      {"INSERT INTO t (id) VALUES (?)", {std::int64_t{2}}},
      {"INSERT INTO t (id) VALUES (?)", {std::int64_t{1}}},  // duplicate
      {"INSERT INTO t (id) VALUES (?)", {std::int64_t{3}}},
  };
  const auto before = db_->statements_executed();
  try {
    db_->execute_many(batch);
    FAIL() << "expected UniqueViolation";
  } catch (const UniqueViolation& e) {
    EXPECT_NE(std::string(e.what()).find("statement 3 of 4"), std::string::npos) << e.what();
  }
  EXPECT_EQ(db_->statements_executed(), before + 3);  // the fourth never ran
  // The batch was one implicit transaction: nothing of it stayed.
  EXPECT_EQ(db_->query("SELECT count(*) FROM t").at(0).integer(0), 0);
  EXPECT_EQ(db_->execute_many(std::vector<Statement>{{"INSERT INTO t (id) VALUES (?)", {std::int64_t{9}}}}),
            std::vector<std::int64_t>{1});
  EXPECT_EQ(db_->query("SELECT count(*) FROM t").at(0).integer(0), 1);
}

TEST_F(PgConnectionTest, ExecuteManyInsideTransactionLeavesItAborted) {
  db_->execute_script("CREATE TEMP TABLE t (id bigint PRIMARY KEY)");
  db_->execute("BEGIN");
  db_->execute("INSERT INTO t (id) VALUES (?)", std::vector<Value>{std::int64_t{1}});
  EXPECT_THROW(db_->execute_many(std::vector<Statement>{{"INSERT INTO t (id) VALUES (?)", {std::int64_t{1}}}}),
               UniqueViolation);
  EXPECT_THROW(db_->query("SELECT 1"), DatabaseError);  // 25P02: in failed transaction
  db_->execute("ROLLBACK");
  EXPECT_EQ(db_->query("SELECT count(*) FROM t").at(0).integer(0), 0);
}

TEST_F(PgConnectionTest, SyntaxErrorIsDatabaseError) {
  try {
    db_->query("SELEC 1");
    FAIL() << "expected DatabaseError";
  } catch (const UniqueViolation&) {
    FAIL() << "not a unique violation";
  } catch (const ConnectionLost&) {
    FAIL() << "not a lost connection";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("42601"), std::string::npos) << e.what();
  }
  EXPECT_EQ(db_->query("SELECT 1").at(0).integer(0), 1);
  // A failed prepare is not cached: the same text fails again, and cleanly.
  EXPECT_THROW(db_->query("SELEC 1"), DatabaseError);
}

TEST_F(PgConnectionTest, BadValueMessageDoesNotShowTheValue) {
  try {
    db_->query("SELECT ?::bigint", std::vector<Value>{std::string("not-a-number-xyz")});
    FAIL() << "expected DatabaseError";
  } catch (const DatabaseError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("22P02"), std::string::npos) << message;
    EXPECT_EQ(message.find("not-a-number-xyz"), std::string::npos) << message;
  }
}

TEST_F(PgConnectionTest, WrongParameterCountIsDatabaseError) {
  EXPECT_THROW(db_->query("SELECT ?::int + ?::int", std::vector<Value>{std::int64_t{1}}), DatabaseError);
  try {
    db_->execute_many(std::vector<Statement>{{"SELECT ?::int", {}}});
    FAIL() << "expected DatabaseError";
  } catch (const ConnectionLost&) {
    FAIL() << "a parameter count is not a lost connection";
  } catch (const DatabaseError&) {
  }
  EXPECT_EQ(db_->query("SELECT ?::int + ?::int", std::vector<Value>{std::int64_t{1}, std::int64_t{2}}).at(0).integer(0),
            3);
}

TEST_F(PgConnectionTest, ScriptRunsSeveralStatements) {
  db_->execute_script(
      "CREATE TEMP TABLE a (v int);\n"
      "CREATE TEMP TABLE b (v int);\n"
      "INSERT INTO a VALUES (1); INSERT INTO b VALUES (2);");
  EXPECT_EQ(db_->query("SELECT (SELECT v FROM a) + (SELECT v FROM b)").at(0).integer(0), 3);
  EXPECT_THROW(db_->execute_script("CREATE TEMP TABLE a (v int)"), DatabaseError);
}

TEST_F(PgConnectionTest, WrongPasswordIsConnectionLostWithoutThePassword) {
  const std::string password = "Wr0ng-Pa55word-%21";
  try {
    PgConnection::open(url_with_password(password));
    FAIL() << "expected ConnectionLost";
  } catch (const ConnectionLost& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find("Wr0ng-Pa55word"), std::string::npos) << message;
    EXPECT_NE(message.find("password authentication failed"), std::string::npos) << message;
  }
}

TEST_F(PgConnectionTest, TerminatedBackendIsConnectionLost) {
  const auto pid = db_->query("SELECT pg_backend_pid()").at(0).integer(0);
  auto killer = PgConnection::open(url_);
  // The second argument waits (ms) until the backend has really gone.
  EXPECT_EQ(killer->query("SELECT pg_terminate_backend(?::int, 5000)", std::vector<Value>{pid}).at(0).integer(0), 1);
  EXPECT_THROW(db_->query("SELECT 1"), ConnectionLost);
  EXPECT_THROW(db_->execute("SELECT 1"), ConnectionLost);  // and it stays lost
  EXPECT_THROW(db_->execute_many(std::vector<Statement>{{"SELECT 1", {}}}), ConnectionLost);
}

TEST_F(PgConnectionTest, TerminatedBackendDuringExecuteManyIsConnectionLost) {
  const auto pid = db_->query("SELECT pg_backend_pid()").at(0).integer(0);
  auto killer = PgConnection::open(url_);
  killer->query("SELECT pg_terminate_backend(?::int, 5000)", std::vector<Value>{pid});
  EXPECT_THROW(db_->execute_many(std::vector<Statement>{{"SELECT 1", {}}, {"SELECT 2", {}}}), ConnectionLost);
}

// The engine's connection (a lease it keeps) heals: the batch that meets a lost connection
// fails, and the next statement runs on a fresh connection of the pool.
TEST_F(PgConnectionTest, LeasedConnectionReconnectsAfterItsBackendWasTerminated) {
  store::sql::ConnectionPool pool([&] { return PgConnection::open(url_); }, 2);
  store::sql::LeasedConnection held(pool, std::chrono::seconds(5));
  const auto first_pid = held.query("SELECT pg_backend_pid()").at(0).integer(0);
  db_->query("SELECT pg_terminate_backend(?::int, 5000)", std::vector<Value>{first_pid});
  EXPECT_THROW(held.query("SELECT 1"), ConnectionLost);
  EXPECT_FALSE(held.in_transaction());
  EXPECT_EQ(pool.size(), 0u);  // the broken connection was dropped, not returned
  const auto second_pid = held.query("SELECT pg_backend_pid()").at(0).integer(0);
  EXPECT_NE(second_pid, first_pid);
  held.execute_script("BEGIN");
  EXPECT_TRUE(held.in_transaction());
  held.execute_script("ROLLBACK");
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_EQ(pool.in_use(), 1u);
}

// --- no server needed ---

TEST(PgConnectionOpen, ClosedPortIsConnectionLostWithoutThePassword) {
  const std::string url =
      "postgresql://someone:S3cret-Pa55@127.0.0.1:" + std::to_string(closed_port()) + "/db?connect_timeout=5";
  try {
    PgConnection::open(url);
    FAIL() << "expected ConnectionLost";
  } catch (const ConnectionLost& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find("S3cret-Pa55"), std::string::npos) << message;
    EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
  }
}

TEST(PgConnectionOpen, MalformedUrlIsDatabaseErrorWithoutThePassword) {
  EXPECT_THROW(PgConnection::open("mysql://u:p@localhost/db"), DatabaseError);
  try {
    PgConnection::open("postgresql://u:Hidden-Pa55@localhost/db?no_such_option=Hidden-Pa55");
    FAIL() << "expected DatabaseError";
  } catch (const ConnectionLost&) {
    FAIL() << "a bad URL is not a lost connection";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()).find("Hidden-Pa55"), std::string::npos) << e.what();
  }
}

namespace detail = store::postgres::detail;

TEST(PgText, NumbersPlaceholdersOutsideLiteralsAndComments) {
  EXPECT_EQ(detail::number_placeholders("SELECT ?, ? FROM t WHERE a = ?").text, "SELECT $1, $2 FROM t WHERE a = $3");
  EXPECT_EQ(detail::number_placeholders("SELECT ?, ?").param_count, 2);
  EXPECT_EQ(detail::number_placeholders("SELECT 'a?''?', ?").text, "SELECT 'a?''?', $1");
  EXPECT_EQ(detail::number_placeholders("SELECT \"?\" -- ?\n, ?").text, "SELECT \"?\" -- ?\n, $1");
  EXPECT_EQ(detail::number_placeholders("SELECT 5 - ?").text, "SELECT 5 - $1");
  EXPECT_EQ(detail::number_placeholders("SELECT 1").param_count, 0);
}

TEST(PgText, ParamTextIsExact) {
  EXPECT_EQ(detail::param_text(std::int64_t{-9223372036854775807 - 1}), "-9223372036854775808");
  EXPECT_EQ(detail::param_text(0.1), "0.1");
  EXPECT_EQ(detail::param_text(1e300), "1e+300");
  EXPECT_EQ(detail::param_text(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(detail::param_text(-std::numeric_limits<double>::infinity()), "-Infinity");
  EXPECT_EQ(detail::param_text(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(detail::param_text(std::string("тест")), "тест");
}

TEST(PgText, UrlSecretsAndRedaction) {
  const auto secrets = detail::url_secrets("postgresql://user:p%40ss@host:5432/db?sslmode=disable&password=q");
  EXPECT_EQ(secrets, (std::vector<std::string>{"p%40ss", "p@ss", "q"}));
  EXPECT_TRUE(detail::url_secrets("postgresql://user@host/db").empty());
  EXPECT_EQ(detail::redact("bad p@ss and p@ss", {"p@ss"}), "bad *** and ***");
}

TEST(PgText, DataExceptionMessagesLoseTheirValues) {
  EXPECT_EQ(detail::scrub_server_message("22P02", "invalid input syntax for type bigint: \"abc\""),
            "invalid input syntax for type bigint");
  EXPECT_EQ(detail::scrub_server_message("22003", "value \"99999999999\" is out of range for type integer"),
            "value \"…\" is out of range for type integer");
  EXPECT_EQ(detail::scrub_server_message("23505", "duplicate key value violates unique constraint \"t_pkey\""),
            "duplicate key value violates unique constraint \"t_pkey\"");
}

}  // namespace

#pragma once
// The storage tests run against both engines: a SQLite file in a temporary directory, and
// the PostgreSQL server whose URL is in GOFROBOT_TEST_PG_URL (scripts/test.sh starts one;
// locally: `scripts/pg-test-server.sh start /tmp/pgtest` and export the URL it prints).
// Without the URL the PostgreSQL instances fail when env CI is set and are skipped
// otherwise.
//
// Every test gets a database of its own: a new SQLite file, or a new PostgreSQL schema
// (CREATE SCHEMA t_<random>; every connection sets its search_path to it), dropped at the
// end. ctest runs the tests as parallel processes on one server, so they must not share
// tables.
//
//   class MyTest : public store_test::StoreTest {};
//   TEST_P(MyTest, Something) { store().write(...); }
//   GOFROBOT_INSTANTIATE_ENGINES(MyTest);
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "game/balance.hpp"
#include "game/player.hpp"
#include "store/cached_store.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/sql/migrations.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace store_test {

enum class Engine { kSqlite, kPostgres };

inline std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "sqlite" : "postgres";
}

inline std::string pg_url() {
  const char* url = std::getenv("GOFROBOT_TEST_PG_URL");
  return url ? url : "";
}

// A fresh, empty database of one engine; removed on destruction.
class TestDatabase {
 public:
  explicit TestDatabase(Engine engine) : engine_(engine) {
    if (engine_ == Engine::kSqlite) {
      auto pattern = (std::filesystem::temp_directory_path() / "gofrobot-store-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
      dir_ = pattern;
      return;
    }
    url_ = pg_url();
    std::random_device entropy;
    const auto tag = (static_cast<std::uint64_t>(entropy()) << 32) ^ entropy();
    schema_ = "t_" + std::to_string(tag);
    auto admin = store::postgres::PgConnection::open(url_);
    admin->execute_script("CREATE SCHEMA " + schema_);
  }

  ~TestDatabase() {
    if (engine_ == Engine::kSqlite) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
      return;
    }
    try {
      auto admin = store::postgres::PgConnection::open(url_);
      admin->execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop schema " << schema_ << ": " << e.what();
    }
  }

  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // A new connection to this database (as another bot process would open).
  std::unique_ptr<store::sql::Connection> connect() const {
    if (engine_ == Engine::kSqlite) return store::sqlite::SqliteConnection::open(file());
    auto connection = store::postgres::PgConnection::open(url_);
    connection->execute_script("SET search_path TO " + schema_);
    return connection;
  }

  Engine engine() const { return engine_; }
  std::filesystem::path file() const { return dir_ / "bot.db"; }
  const std::string& schema() const { return schema_; }

 private:
  Engine engine_;
  std::filesystem::path dir_;  // SQLite
  std::string url_;            // PostgreSQL
  std::string schema_;
};

// A fresh database per test, not migrated.
class EngineTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == Engine::kPostgres && pg_url().empty()) {
      if (std::getenv("CI")) {
        FAIL() << "GOFROBOT_TEST_PG_URL is not set; under CI the test script must start a "
                  "PostgreSQL server (scripts/pg-test-server.sh)";
      }
      GTEST_SKIP() << "PostgreSQL tests skipped: GOFROBOT_TEST_PG_URL is not set. Start a "
                      "server with `scripts/pg-test-server.sh start /tmp/pgtest` and export "
                      "the URL it prints as GOFROBOT_TEST_PG_URL";
    }
    database_ = std::make_unique<TestDatabase>(GetParam());
  }

  void TearDown() override { database_.reset(); }

  bool postgres() const { return GetParam() == Engine::kPostgres; }
  TestDatabase& database() { return *database_; }
  std::unique_ptr<store::sql::Connection> connect() { return database_->connect(); }

  game::Balance balance_;

 private:
  std::unique_ptr<TestDatabase> database_;
};

// A migrated database and a SqlStore over it (and on request a CachedStore over that).
class StoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = open_store();
  }

  void TearDown() override {
    cached_.reset();
    others_.clear();
    store_.reset();
    EngineTest::TearDown();
  }

  // Another SqlStore on a new connection to the same database: another bot process.
  // Owned by the fixture.
  store::sql::SqlStore& second_store() {
    others_.push_back(open_store());
    return *others_.back();
  }

  std::unique_ptr<store::sql::SqlStore> open_store() {
    auto connection = connect();
    store::sql::migrate(*connection, balance_);
    return std::make_unique<store::sql::SqlStore>(std::move(connection), balance_);
  }

  store::sql::SqlStore& store() { return *store_; }
  store::sql::Connection& db() { return store_->connection(); }

  // A (new) CachedStore over store().
  store::CachedStore& cached(std::size_t capacity,
                             std::chrono::milliseconds leaderboard_max_age =
                                 store::CachedStore::kDefaultLeaderboardMaxAge) {
    cached_ = std::make_unique<store::CachedStore>(*store_, capacity, leaderboard_max_age);
    return *cached_;
  }

 private:
  std::unique_ptr<store::sql::SqlStore> store_;
  std::vector<std::unique_ptr<store::sql::SqlStore>> others_;
  std::unique_ptr<store::CachedStore> cached_;
};

#define GOFROBOT_INSTANTIATE_ENGINES(suite)                                          \
  INSTANTIATE_TEST_SUITE_P(Engines, suite,                                           \
                           ::testing::Values(::store_test::Engine::kSqlite,          \
                                             ::store_test::Engine::kPostgres),       \
                           ::store_test::engine_name)

// --- data helpers ------------------------------------------------------------------------

inline constexpr game::UnixTime kNow = 1'760'000'000;

// A new player as the game creates it, at kNow.
inline game::Player player(game::UserId id) { return game::new_player(id, kNow, game::Balance{}); }

inline store::ChangeSet players_change(std::vector<game::Player> players) {
  store::ChangeSet changes;
  changes.players = std::move(players);
  return changes;
}

// Writes the player (at its version) in a batch of its own; returns it as stored.
inline game::Player save(store::Store& s, game::Player p) {
  s.write(players_change({p}));
  p.version += 1;
  return p;
}

template <typename Row>  // game::Player, store::NearbyPlayer
std::vector<game::UserId> ids_of(const std::vector<Row>& rows) {
  std::vector<game::UserId> ids;
  for (const auto& r : rows) ids.push_back(r.user_id);
  return ids;
}

}  // namespace store_test

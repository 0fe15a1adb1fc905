// `gofrobot backup` / `restore` as the commands run them (app/backup_command.hpp), the
// PostgreSQL path with stand-in client tools (what reaches pg_dump, and what must not) and
// with the real ones when GOFROBOT_TEST_PG_URL names a server, and the backup schedule.
#include "app/backup_command.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "app/backup_scheduler.hpp"
#include "app/postgres_backup.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/sql/migrations.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool contains(const std::string& text, const std::string& piece) {
  return text.find(piece) != std::string::npos;
}

class BackupCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gofrobot-backup-cmd-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    config_.storage.data_dir = (dir_ / "data").string();
    config_.storage.database_url = "sqlite://" + live().string();
    const char* path = std::getenv("PATH");
    saved_path_ = path ? path : "";
  }
  void TearDown() override {
    ::setenv("PATH", saved_path_.c_str(), 1);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path live() const { return dir_ / "data" / "gofrobot.db"; }

  void create_store(int players) {
    auto connection = store::sqlite::SqliteConnection::open(live());
    store::sql::migrate(*connection, config_.balance);
    store::sql::SqlStore s(std::move(connection), config_.balance);
    store::ChangeSet changes;
    for (int i = 1; i <= players; ++i) changes.players.push_back(game::new_player(i, 0, config_.balance));
    s.write(changes);
  }

  // A folder on PATH with a stand-in for `tool`: the shell `body` runs with the arguments.
  void fake_tool(const std::string& tool, const std::string& body) {
    const auto bin = dir_ / "bin";
    fs::create_directories(bin);
    const auto script = bin / tool;
    std::ofstream(script) << "#!/bin/sh\n" << body << "\n";
    ::chmod(script.c_str(), 0755);
    ::setenv("PATH", (bin.string() + ":" + saved_path_).c_str(), 1);
  }

  fs::path dir_;
  ops::Config config_;
  std::string saved_path_;
};

TEST_F(BackupCommandTest, SqliteBackupAndRestore) {
  create_store(3);
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(app::run_backup(config_, out, err), 0) << err.str();
  EXPECT_TRUE(contains(out.str(), "backup written: " + (dir_ / "data" / "backups").string()))
      << out.str();
  auto backups = store::sqlite::list_backups(app::backups_dir(config_), ".db");
  ASSERT_EQ(backups.size(), 1u);

  std::ostringstream out2;
  ASSERT_EQ(app::run_restore(config_, backups.front(), out2, err), 0) << err.str();
  EXPECT_TRUE(contains(out2.str(), "restored " + backups.front().string())) << out2.str();
  EXPECT_TRUE(contains(out2.str(), "previous database is kept as")) << out2.str();
}

TEST_F(BackupCommandTest, FailuresAreReportedWithTheReason) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(app::run_backup(config_, out, err), 1);
  EXPECT_TRUE(contains(err.str(), "backup failed: no database at")) << err.str();

  std::ofstream(dir_ / "junk.db") << std::string(5000, 'j');
  std::ostringstream err2;
  EXPECT_EQ(app::run_restore(config_, dir_ / "junk.db", out, err2), 1);
  EXPECT_TRUE(contains(err2.str(), "restore failed: ")) << err2.str();
  EXPECT_TRUE(contains(err2.str(), "not a SQLite database")) << err2.str();
}

TEST(SplitPassword, TakesThePasswordOutOfTheUrl) {
  auto a = app::split_password("postgresql://bob:s%40cr%3At@db.example:5432/game?sslmode=require");
  EXPECT_EQ(a.url, "postgresql://bob@db.example:5432/game?sslmode=require");
  EXPECT_EQ(a.password, "s@cr:t");
  auto b = app::split_password("postgres://bob@host/game?password=x%26y&sslmode=disable");
  EXPECT_EQ(b.url, "postgres://bob@host/game?sslmode=disable");
  EXPECT_EQ(b.password, "x&y");
  auto c = app::split_password("postgresql://host/game?password=only");
  EXPECT_EQ(c.url, "postgresql://host/game");
  EXPECT_EQ(c.password, "only");
  auto d = app::split_password("postgresql://bob@host/game");
  EXPECT_EQ(d.url, "postgresql://bob@host/game");
  EXPECT_EQ(d.password, "");
}

TEST_F(BackupCommandTest, PgDumpGetsThePasswordOnlyThroughTheEnvironment) {
  const auto log = dir_ / "pg_dump.log";
  fake_tool("pg_dump",
            "printf '%s\\n' \"$@\" > '" + log.string() + "'\n"
            "printf '%s' \"$PGPASSWORD\" > '" + log.string() + ".password'\n"
            "for a in \"$@\"; do case \"$a\" in --file=*) echo dump > \"${a#--file=}\";; esac; "
            "done");
  config_.storage.database_url = "postgresql://bob:s%40cret@127.0.0.1:5432/game?sslmode=disable";
  config_.storage.backup_keep = 2;
  for (int i = 0; i < 3; ++i) {
    std::ostringstream out;
    std::ostringstream err;
    ASSERT_EQ(app::run_backup(config_, out, err), 0) << err.str();
    EXPECT_FALSE(contains(out.str(), "cret")) << out.str();
    EXPECT_TRUE(contains(out.str(), "ran: pg_dump --no-password --format=custom --file=")) << out.str();
  }
  const auto args = slurp(log);
  EXPECT_TRUE(contains(args, "--dbname=postgresql://bob@127.0.0.1:5432/game?sslmode=disable\n"))
      << args;
  EXPECT_TRUE(contains(args, "--format=custom\n")) << args;
  EXPECT_FALSE(contains(args, "cret")) << args;
  EXPECT_EQ(slurp(log.string() + ".password"), "s@cret");
  auto dumps = store::sqlite::list_backups(app::backups_dir(config_), ".dump");
  EXPECT_EQ(dumps.size(), 2u);  // retention
  for (const auto& entry : fs::directory_iterator(app::backups_dir(config_))) {
    EXPECT_EQ(entry.path().extension(), ".dump") << "left behind: " << entry.path();
  }
}

TEST_F(BackupCommandTest, AFailingPgDumpIsReportedWithoutThePassword) {
  fake_tool("pg_dump", "echo \"FATAL: password s@cret refused\" >&2\nexit 3");
  config_.storage.database_url = "postgresql://bob:s%40cret@127.0.0.1:5432/game";
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(app::run_backup(config_, out, err), 1);
  EXPECT_TRUE(contains(err.str(), "pg_dump failed (exit status 3)")) << err.str();
  EXPECT_TRUE(contains(err.str(), "password <redacted> refused")) << err.str();
  EXPECT_FALSE(contains(err.str() + out.str(), "cret"));
  EXPECT_TRUE(store::sqlite::list_backups(app::backups_dir(config_), ".dump").empty());
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(app::backups_dir(config_))) ++files;
  EXPECT_EQ(files, 0u) << "no temporary dump left behind";
}

TEST_F(BackupCommandTest, AMissingPgDumpNamesTheDebianPackage) {
  fs::create_directories(dir_ / "empty");
  ::setenv("PATH", (dir_ / "empty").c_str(), 1);
  config_.storage.database_url = "postgresql://bob@127.0.0.1:5432/game";
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(app::run_backup(config_, out, err), 1);
  EXPECT_TRUE(contains(err.str(), "pg_dump is not installed")) << err.str();
  EXPECT_TRUE(contains(err.str(), "postgresql-client")) << err.str();
}

// The real client tools against the test server. The dump covers the whole database, which
// other tests change in parallel (schemas come and go), so a dump that lost such a race is
// taken again.
class PgBackupTest : public BackupCommandTest {
 protected:
  void SetUp() override {
    BackupCommandTest::SetUp();
    const char* url = std::getenv("GOFROBOT_TEST_PG_URL");
    if (!url || !*url) {
      if (std::getenv("CI")) FAIL() << "GOFROBOT_TEST_PG_URL is not set; CI must start a server";
      GTEST_SKIP() << "GOFROBOT_TEST_PG_URL is not set";
    }
    url_ = url;
    schema_ = "backup_cmd_" + std::to_string(::getpid());
    admin_ = store::postgres::PgConnection::open(url_);
    admin_->execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " +
                           schema_);
    config_.storage.database_url = url_;
  }
  void TearDown() override {
    if (admin_) admin_->execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    BackupCommandTest::TearDown();
  }

  std::unique_ptr<store::postgres::PgConnection> schema_connection() {
    return store::postgres::PgConnection::open(
        url_ + (url_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
        schema_);
  }

  fs::path dump_with_retries() {
    std::string errors;
    for (int attempt = 0; attempt < 3; ++attempt) {
      std::ostringstream out;
      std::ostringstream err;
      if (app::run_backup(config_, out, err) == 0) {
        EXPECT_FALSE(contains(out.str(), app::split_password(url_).password));
        return store::sqlite::list_backups(app::backups_dir(config_), ".dump").back();
      }
      errors += err.str();
    }
    ADD_FAILURE() << errors;
    return {};
  }

  std::string url_;
  std::string schema_;
  std::unique_ptr<store::postgres::PgConnection> admin_;
};

TEST_F(PgBackupTest, DumpsAreCheckedBeforeARestore) {
  {
    auto db = schema_connection();
    store::sql::migrate(*db, config_.balance);
  }
  auto dump = dump_with_retries();
  ASSERT_FALSE(dump.empty());
  EXPECT_EQ(app::inspect_dump(dump), store::sql::latest_schema_version());

  // A running bot (a gofrobot session) makes the restore refuse before touching anything.
  {
    auto bot = schema_connection();
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(app::run_restore(config_, dump, out, err), 1);
    EXPECT_TRUE(contains(err.str(), "is the bot running")) << err.str();
  }

  std::ofstream(dir_ / "junk.dump") << "not a dump";
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(app::run_restore(config_, dir_ / "junk.dump", out, err), 1);
  EXPECT_TRUE(contains(err.str(), "not a pg_dump custom-format archive")) << err.str();

  {
    auto db = schema_connection();
    db->execute_script("INSERT INTO schema_version(version) VALUES (99)");
  }
  auto newer = dump_with_retries();
  ASSERT_FALSE(newer.empty());
  try {
    app::inspect_dump(newer);
    ADD_FAILURE() << "a dump of a newer schema must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), "newer gofrobot")) << e.what();
  }
}

TEST(BackupScheduler, RunsTheJobEveryIntervalAndStopsPromptly) {
  std::atomic<int> calls{0};
  auto scheduler = std::make_unique<app::BackupScheduler>(10ms, [&] {
    if (calls.fetch_add(1) == 0) throw std::runtime_error("the first one fails");
  });
  EXPECT_TRUE(scheduler->active());
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (scheduler->runs() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_GE(scheduler->runs(), 3) << "a failed backup does not stop the schedule";
  const auto start = std::chrono::steady_clock::now();
  scheduler.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(BackupScheduler, ALongWaitEndsAtOnceOnDestruction) {
  std::atomic<int> calls{0};
  const auto start = std::chrono::steady_clock::now();
  {
    app::BackupScheduler scheduler(std::chrono::hours(1), [&] { ++calls; });
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(calls.load(), 0);
}

TEST(BackupScheduler, OffWhenDisabledOrNotSqlite) {
  ops::Config config;
  config.storage.backup_interval_minutes = 0;
  EXPECT_FALSE(app::BackupScheduler(config).active());
  config.storage.backup_interval_minutes = 60;
  config.storage.database_url = "postgresql://bob@127.0.0.1/game";
  EXPECT_FALSE(app::BackupScheduler(config).active());
  config.storage.database_url = "sqlite:///nonexistent/gofrobot.db";
  EXPECT_TRUE(app::BackupScheduler(config).active());
}

}  // namespace

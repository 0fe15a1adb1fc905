// The background WAL checkpointer against a real SQLite file: the writer's commits no longer
// checkpoint inline, yet the WAL is copied into the database and starts again (its file
// stays bounded), a reader sees every commit, and the data survives a reopen.
#include "store/sqlite/checkpointer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "store/sqlite/sqlite_connection.hpp"

namespace {

namespace fs = std::filesystem;
using store::sqlite::Checkpointer;
using store::sqlite::SqliteConnection;

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gofrobot-checkpointer-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    db_ = SqliteConnection::open(file());
    db_->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, pad TEXT)");
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  fs::path file() const { return dir_ / "test.db"; }
  std::uintmax_t wal_bytes() const {
    std::error_code ec;
    const auto size = fs::file_size(dir_ / "test.db-wal", ec);
    return ec ? 0 : size;
  }
  // `commits` transactions of `rows` rows of about 1 KiB: a few pages each.
  void write(int commits, int rows) {
    for (int c = 0; c < commits; ++c) {
      db_->execute_script("BEGIN IMMEDIATE");
      for (int r = 0; r < rows; ++r) {
        db_->execute("INSERT INTO t(pad) VALUES (?)", {{std::string(1000, 'x')}});
      }
      db_->execute_script("COMMIT");
    }
  }
  std::int64_t count() { return db_->query("SELECT count(*) FROM t").at(0).integer(0); }

  fs::path dir_;
  std::unique_ptr<SqliteConnection> db_;
};

TEST_F(CheckpointerTest, CopiesTheWalInTheBackgroundAndStartsItAgain) {
  std::uintmax_t largest_wal = 0;
  {
    Checkpointer checkpointer(db_->handle(), file(), /*threshold_frames=*/64);
    for (int round = 0; round < 40; ++round) {
      write(10, 4);  // 40 rows, about 10 pages a commit
      largest_wal = std::max(largest_wal, wal_bytes());
      // Give the background pass time to run, as the engine's batches do.
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const auto stats = checkpointer.stats();
    EXPECT_GT(stats.background_passes, 0);
    EXPECT_GT(stats.catch_ups, 0) << "the writer copies the rest after a pass";
    EXPECT_EQ(stats.failures, 0);
  }
  // 1,600 rows of 1 KiB went through the WAL (about 400 pages a round, 16,000 frames in all):
  // without restarts it would have held them all; with them it stays within a few
  // thresholds (64 frames of 4 KiB are 256 KiB).
  EXPECT_LT(largest_wal, 4u << 20) << "the WAL restarted";
  EXPECT_EQ(count(), 1600);
  db_.reset();
  db_ = SqliteConnection::open(file());
  EXPECT_EQ(count(), 1600);
}

TEST_F(CheckpointerTest, TheWriterNoLongerCheckpointsInline) {
  Checkpointer checkpointer(db_->handle(), file(), /*threshold_frames=*/1'000'000);
  write(300, 20);  // about 6 MiB of rows: far past SQLite's automatic 1,000 frames
  // With the automatic checkpoint the WAL would have started again at 1,000 frames.
  EXPECT_GT(wal_bytes(), 1000u * 4096u);
  EXPECT_EQ(checkpointer.stats().background_passes, 0);
}

TEST_F(CheckpointerTest, GivesTheAutomaticCheckpointBackWhenItStops) {
  { Checkpointer checkpointer(db_->handle(), file(), 1'000'000); }
  write(200, 4);
  EXPECT_LT(wal_bytes(), 2000u * 4200u) << "SQLite's own checkpoint restarted the WAL";
  EXPECT_EQ(count(), 800);
}

TEST_F(CheckpointerTest, AFailingBackgroundConnectionIsReportedAndTheWriterCopiesAll) {
  std::vector<std::string> reports;
  std::mutex reports_mutex;
  // A file the background connection cannot open: it is reported, and the writer's own
  // catch-up does the whole checkpoint, as SQLite's automatic one did.
  Checkpointer checkpointer(db_->handle(), dir_ / "missing" / "none.db", 64,
                            [&](const std::string& line) {
                              std::lock_guard lock(reports_mutex);
                              reports.push_back(line);
                            });
  for (int round = 0; round < 20; ++round) {
    write(10, 4);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GT(checkpointer.stats().failures, 0);
  EXPECT_GT(checkpointer.stats().catch_ups, 0);
  EXPECT_LT(wal_bytes(), 4u << 20);
  std::lock_guard lock(reports_mutex);
  ASSERT_FALSE(reports.empty());
  EXPECT_NE(reports.front().find("checkpoint"), std::string::npos) << reports.front();
  EXPECT_EQ(count(), 800);
}

}  // namespace

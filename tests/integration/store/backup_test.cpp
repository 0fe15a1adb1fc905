// Online backups and restore of the SQLite store (store/sqlite/backup.hpp) against real
// files: a backup taken while another connection keeps committing is one consistent
// snapshot, retention keeps the newest, and restore refuses what it must refuse.
#include "store/sqlite/backup.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <thread>

#include "store/sql/migrations.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace {

namespace fs = std::filesystem;
using store::sqlite::BackupError;
using store::sqlite::Clock;
using store::sqlite::SqliteConnection;

constexpr int kPlayersPerBatch = 20;
constexpr int kPrefill = 20000;  // enough pages that a backup takes many steps
constexpr store::UserId kCounterId = 1;
constexpr store::UserId kBatchIds = 1000000;

const game::Balance& balance() {
  static const game::Balance b;
  return b;
}

// 2026-01-01 00:00:00 UTC plus `seconds`.
Clock::time_point at(int seconds) { return Clock::from_time_t(1767225600 + seconds); }

std::unique_ptr<store::sql::SqlStore> open_store(const fs::path& file) {
  auto connection = SqliteConnection::open(file);
  store::sql::migrate(*connection, balance());
  return std::make_unique<store::sql::SqlStore>(std::move(connection), balance());
}

game::Player player(store::UserId id, std::int64_t batch) {
  auto p = game::new_player(id, 1767225600, balance());
  // Long nicknames make the database bigger (more pages to copy) without more rows.
  p.nickname = "p" + std::to_string(id) + "_" + std::string(80, 'x');
  p.experience = batch;
  return p;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run_sql(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gofrobot-backup-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    live_ = dir_ / "data" / "gofrobot.db";
    backups_ = dir_ / "data" / "backups";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // A store with the counter player and `prefill` players of batch 0.
  void create_live(int prefill) {
    auto s = open_store(live_);
    store::ChangeSet changes;
    changes.players.push_back(player(kCounterId, 0));
    for (int i = 0; i < prefill; ++i) changes.players.push_back(player(100 + i, 0));
    s->write(changes);
  }

  fs::path dir_;
  fs::path live_;
  fs::path backups_;
};

// What a copy of the store holds. Consistent means: the counter says K batches committed,
// and exactly batches 1..K are there, each with all of its players.
struct Snapshot {
  std::int64_t batches = 0;
  bool consistent = false;
  std::string why;
};

Snapshot read_snapshot(const fs::path& file, int prefill) {
  Snapshot s;
  auto db = SqliteConnection::open(file, /*read_only=*/true);
  store::sql::Connection& c = *db;
  auto counter = c.query("SELECT total_davki FROM users WHERE user_id = 1");
  if (counter.empty()) {
    s.why = "no counter player";
    return s;
  }
  s.batches = counter.front().integer(0);
  std::map<std::int64_t, std::int64_t> per_batch;
  for (const auto& r : c.query("SELECT experience, COUNT(*) FROM users GROUP BY experience")) {
    per_batch[r.integer(0)] = r.integer(1);
  }
  if (per_batch[0] != prefill + 1) {
    s.why = "prefill has " + std::to_string(per_batch[0]) + " rows";
    return s;
  }
  for (const auto& [batch, count] : per_batch) {
    if (batch == 0) continue;
    if (batch > s.batches) {
      s.why = "batch " + std::to_string(batch) + " present but the counter says " +
              std::to_string(s.batches);
      return s;
    }
    if (count != kPlayersPerBatch) {
      s.why = "batch " + std::to_string(batch) + " has " + std::to_string(count) + " players";
      return s;
    }
  }
  if (static_cast<std::int64_t>(per_batch.size()) != s.batches + 1) {
    s.why = "batches missing below the counter";
    return s;
  }
  s.consistent = true;
  return s;
}

// Commits batches on its own connection until stopped: each batch inserts
// kPlayersPerBatch players marked with the batch number and sets the counter to it.
class Writer {
 public:
  explicit Writer(const fs::path& live) : store_(open_store(live)) {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  }
  std::int64_t committed() const { return committed_.load(); }
  void stop() {
    thread_.request_stop();
    thread_.join();
  }
  const std::string& error() const { return error_; }

 private:
  void run(std::stop_token stop) {
    auto counter = store_->find_player(kCounterId);
    try {
      for (std::int64_t batch = 1; !stop.stop_requested(); ++batch) {
        store::ChangeSet changes;
        for (int i = 0; i < kPlayersPerBatch; ++i) {
          changes.players.push_back(player(kBatchIds + batch * 100 + i, batch));
        }
        counter->total_davki = batch;
        changes.players.push_back(*counter);
        store_->write(changes);
        counter->version += 1;
        committed_.store(batch);
      }
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }

  std::unique_ptr<store::sql::SqlStore> store_;
  std::atomic<std::int64_t> committed_{0};
  std::string error_;
  std::jthread thread_;
};

bool wait_for(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

TEST_F(BackupTest, BackupsUnderWriteLoadAreConsistentSnapshots) {
  create_live(kPrefill);
  Writer writer(live_);
  std::vector<std::int64_t> seen;
  for (int i = 0; i < 5; ++i) {
    // Let the writer move on, so every backup has more batches than the one before.
    const auto before = writer.committed();
    ASSERT_TRUE(wait_for([&] { return writer.committed() >= before + 3; })) << writer.error();
    auto result = store::sqlite::backup_sqlite(live_, backups_, 3, at(i));
    EXPECT_GT(result.pages, 256) << "the copy should take several steps";
    EXPECT_TRUE(fs::is_regular_file(result.file));
    EXPECT_EQ(result.bytes, fs::file_size(result.file));
    auto info = store::sqlite::inspect_backup(result.file);  // integrity_check + schema
    EXPECT_EQ(info.schema_version, store::sql::latest_schema_version());
    auto snapshot = read_snapshot(result.file, kPrefill);
    EXPECT_TRUE(snapshot.consistent) << result.file << ": " << snapshot.why;
    seen.push_back(snapshot.batches);
    // A backup is one self-contained file: no -wal needed to read it.
    EXPECT_FALSE(fs::exists(result.file.string() + "-wal"));
  }
  writer.stop();
  ASSERT_TRUE(writer.error().empty()) << writer.error();
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i], seen[i - 1]);

  // Retention kept the three newest.
  auto kept = store::sqlite::list_backups(backups_, ".db");
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].filename(), "backup_20260101_000002.db");
  EXPECT_EQ(kept[2].filename(), "backup_20260101_000004.db");
  // No temporary files are left behind.
  for (const auto& entry : fs::directory_iterator(backups_)) {
    EXPECT_EQ(entry.path().extension(), ".db") << entry.path();
  }

  // The newest backup restores to a consistent, working store.
  const auto restored = dir_ / "restored" / "gofrobot.db";
  store::sqlite::restore_sqlite(kept.back(), restored, at(100));
  auto snapshot = read_snapshot(restored, kPrefill);
  EXPECT_TRUE(snapshot.consistent) << snapshot.why;
  EXPECT_EQ(snapshot.batches, seen.back());
  auto s = open_store(restored);
  EXPECT_EQ(s->player_count(), 1 + kPrefill + seen.back() * kPlayersPerBatch);
  EXPECT_EQ(s->find_player(kCounterId)->total_davki, seen.back());
}

TEST_F(BackupTest, RetentionKeepsTheNewestAndOnlyTouchesOurFiles) {
  create_live(10);
  fs::create_directories(backups_);
  std::ofstream(backups_ / "notes.txt") << "mine";
  std::ofstream(backups_ / "backup_old.db") << "not ours";
  std::ofstream(backups_ / "backup_20250101_000000.dump") << "another engine";
  std::vector<fs::path> removed;
  for (int i = 0; i < 4; ++i) {
    auto result = store::sqlite::backup_sqlite(live_, backups_, 2, at(i * 60));
    removed.insert(removed.end(), result.removed.begin(), result.removed.end());
  }
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(removed[0].filename(), "backup_20260101_000000.db");
  EXPECT_EQ(removed[1].filename(), "backup_20260101_000100.db");
  auto kept = store::sqlite::list_backups(backups_, ".db");
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].filename(), "backup_20260101_000200.db");
  EXPECT_EQ(kept[1].filename(), "backup_20260101_000300.db");
  EXPECT_TRUE(fs::exists(backups_ / "notes.txt"));
  EXPECT_TRUE(fs::exists(backups_ / "backup_old.db"));
  EXPECT_TRUE(fs::exists(backups_ / "backup_20250101_000000.dump"));
}

TEST_F(BackupTest, TwoBackupsInOneSecondBothSurvive) {
  create_live(10);
  auto first = store::sqlite::backup_sqlite(live_, backups_, 5, at(0));
  auto second = store::sqlite::backup_sqlite(live_, backups_, 5, at(0));
  auto third = store::sqlite::backup_sqlite(live_, backups_, 5, at(0));
  EXPECT_EQ(first.file.filename(), "backup_20260101_000000.db");
  EXPECT_EQ(second.file.filename(), "backup_20260101_000000_2.db");
  EXPECT_EQ(third.file.filename(), "backup_20260101_000000_3.db");
  auto kept = store::sqlite::list_backups(backups_, ".db");
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept.back(), third.file);  // _3 is the newest
}

TEST_F(BackupTest, BackupOfAMissingDatabaseFails) {
  try {
    store::sqlite::backup_sqlite(live_, backups_, 5, at(0));
    FAIL() << "expected BackupError";
  } catch (const BackupError& e) {
    EXPECT_NE(std::string(e.what()).find("no database at"), std::string::npos) << e.what();
  }
}

void expect_refused(const fs::path& backup, const fs::path& live, const std::string& reason) {
  const auto before = slurp(live);
  try {
    store::sqlite::restore_sqlite(backup, live, at(50));
    ADD_FAILURE() << "restore of " << backup << " should be refused";
  } catch (const BackupError& e) {
    EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
  }
  EXPECT_EQ(slurp(live), before) << "a refused restore must not touch the live database";
  for (const auto& entry : fs::directory_iterator(live.parent_path())) {
    EXPECT_EQ(entry.path().string().find("before-restore"), std::string::npos) << entry.path();
  }
}

TEST_F(BackupTest, RestoreRefusesWhatIsNotAGoodBackupOfOurs) {
  create_live(10);
  auto good = store::sqlite::backup_sqlite(live_, backups_, 5, at(0)).file;

  expect_refused(dir_ / "missing.db", live_, "no backup file");

  std::ofstream(dir_ / "garbage.db", std::ios::binary) << std::string(8192, 'g');
  expect_refused(dir_ / "garbage.db", live_, "not a SQLite database");

  run_sql(dir_ / "other.db", "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT)");
  expect_refused(dir_ / "other.db", live_, "not a gofrobot database");

  fs::copy_file(good, dir_ / "newer.db");
  run_sql(dir_ / "newer.db", "INSERT INTO schema_version(version) VALUES (99)");
  expect_refused(dir_ / "newer.db", live_, "newer gofrobot");

  // The root page of the users table overwritten with noise: the integrity check finds it.
  fs::copy_file(good, dir_ / "damaged.db");
  {
    std::size_t root = 0;
    {
      auto db = store::sqlite::SqliteConnection::open(good, true);
      root = static_cast<std::size_t>(
          db->query("SELECT rootpage FROM sqlite_master WHERE name = 'users'").front().integer(0));
    }
    ASSERT_GT(root, 1u);
    auto bytes = slurp(dir_ / "damaged.db");
    const std::size_t page = 4096;
    ASSERT_GE(bytes.size(), root * page);
    for (std::size_t i = (root - 1) * page + 100; i < root * page; ++i) {
      bytes[i] = static_cast<char>(i * 7);
    }
    std::ofstream(dir_ / "damaged.db", std::ios::binary | std::ios::trunc) << bytes;
  }
  try {
    store::sqlite::inspect_backup(dir_ / "damaged.db");
    ADD_FAILURE() << "a damaged backup must be refused";
  } catch (const BackupError& e) {
    const std::string what = e.what();
    EXPECT_TRUE(what.find("integrity check") != std::string::npos ||
                what.find("is damaged") != std::string::npos)
        << what;
  }
  expect_refused(dir_ / "damaged.db", live_, "damaged.db");

  expect_refused(live_, live_, "live database itself");
}

TEST_F(BackupTest, RestoreBringsABackupBackAndKeepsThePreviousDatabase) {
  create_live(10);
  auto backup = store::sqlite::backup_sqlite(live_, backups_, 5, at(0)).file;
  {
    auto s = open_store(live_);
    store::ChangeSet changes;
    for (int i = 0; i < 5; ++i) changes.players.push_back(player(500 + i, 7));
    s->write(changes);
    EXPECT_EQ(s->player_count(), 16);
  }
  auto result = store::sqlite::restore_sqlite(backup, live_, at(3600));
  EXPECT_EQ(result.schema_version, store::sql::latest_schema_version());
  ASSERT_TRUE(result.previous);
  EXPECT_EQ(result.previous->filename(), "gofrobot.db.before-restore-20260101_010000");
  {
    auto s = open_store(live_);
    EXPECT_EQ(s->player_count(), 11);
    EXPECT_FALSE(s->find_player(500));
    // The restored store takes writes again.
    store::ChangeSet changes;
    changes.players.push_back(player(900, 1));
    s->write(changes);
  }
  {
    auto previous = open_store(*result.previous);
    EXPECT_EQ(previous->player_count(), 16);
    EXPECT_TRUE(previous->find_player(500));
  }
  // A second restore in the same second keeps that database too, under another name.
  auto again = store::sqlite::restore_sqlite(backup, live_, at(3600));
  ASSERT_TRUE(again.previous);
  EXPECT_EQ(again.previous->filename(), "gofrobot.db.before-restore-20260101_010000_2");
  EXPECT_EQ(open_store(*again.previous)->player_count(), 12);
}

TEST_F(BackupTest, RestoreRefusesWhileTheBotHasTheDatabaseOpen) {
  create_live(10);
  auto backup = store::sqlite::backup_sqlite(live_, backups_, 5, at(0)).file;
  {
    auto bot = open_store(live_);  // idle, between batches
    EXPECT_EQ(bot->player_count(), 11);
    try {
      store::sqlite::restore_sqlite(backup, live_, at(60));
      FAIL() << "restore must refuse while the bot has the database open";
    } catch (const BackupError& e) {
      EXPECT_NE(std::string(e.what()).find("is the bot running"), std::string::npos) << e.what();
    }
    // The bot carries on unharmed.
    store::ChangeSet changes;
    changes.players.push_back(player(600, 1));
    bot->write(changes);
  }
  EXPECT_NO_THROW(store::sqlite::restore_sqlite(backup, live_, at(60)));
  EXPECT_EQ(open_store(live_)->player_count(), 11);
}

TEST_F(BackupTest, RestoreReplacesALiveFileThatIsNotADatabase) {
  create_live(3);
  auto backup = store::sqlite::backup_sqlite(live_, backups_, 5, at(0)).file;
  fs::remove(live_.string() + "-wal");
  fs::remove(live_.string() + "-shm");
  std::ofstream(live_, std::ios::binary | std::ios::trunc) << std::string(10000, 'z');
  auto result = store::sqlite::restore_sqlite(backup, live_, at(60));
  ASSERT_TRUE(result.previous);
  EXPECT_EQ(slurp(*result.previous), std::string(10000, 'z'));
  EXPECT_EQ(open_store(live_)->player_count(), 4);
}

TEST_F(BackupTest, RestoreIntoAnEmptyDataFolder) {
  create_live(3);
  auto backup = store::sqlite::backup_sqlite(live_, backups_, 5, at(0)).file;
  const auto fresh = dir_ / "elsewhere" / "gofrobot.db";
  auto result = store::sqlite::restore_sqlite(backup, fresh, at(60));
  EXPECT_FALSE(result.previous);
  EXPECT_EQ(open_store(fresh)->player_count(), 4);
}

TEST(BackupNames, StampIsUtc) {
  EXPECT_EQ(store::sqlite::backup_stamp(Clock::from_time_t(0)), "19700101_000000");
  EXPECT_EQ(store::sqlite::backup_file_name(at(3723), ".db"), "backup_20260101_010203.db");
}

}  // namespace

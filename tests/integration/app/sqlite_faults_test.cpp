// The disk fills up, or fails, under the running engine (the real SQLite storage behind the
// player cache, app::Storage): a SQLite VFS that fails every write or every fsync on demand
// (tests/support/faulty_vfs.hpp) stands in for a full or broken disk, which would need root
// and a loop device here. Telegram is played by the test: it delivers updates in batches and
// delivers again whatever the bot did not acknowledge. Whatever the fault, no acknowledged
// update is lost or applied twice, the process goes on, the failure is counted
// (bot_errors_total{error_type="commit_failed"}) and, once the disk has room again, the bot
// commits by itself and the database file is whole.
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <deque>
#include <map>
#include <set>

#include "bot/engine_metrics.hpp"
#include "integration/app/engine_over_sqlite.hpp"
#include "store/sql/connection.hpp"
#include "support/faulty_vfs.hpp"
#include "support/metric_sample.hpp"

namespace {

using bot::testing::BotHarness;
using bot::testing::kStartTime;
using Fault = test_support::FaultyVfs::Fault;

constexpr int kPlayers = 12;
constexpr int kDavkasEach = 10;
// One batch is one round of every player's update, so a batch that fails is delivered
// again whole, and no player has two davkas in one batch.
constexpr std::size_t kBatch = kPlayers;
// A davka spends every atmosphere; between two deliveries they all come back (§3).
constexpr game::UnixTime kDeliveryInterval = 2 * 24 * 3600;

bot::Update text_update(std::int64_t update_id, bot::UserId user, std::string text) {
  return test_support::EngineOverSqliteFile::private_text(update_id, user, std::move(text));
}

// Every player's /start, then their davkas, interleaved as many players would send them.
std::deque<bot::Update> workload() {
  std::deque<bot::Update> updates;
  std::int64_t id = 1;
  for (int p = 0; p < kPlayers; ++p) updates.push_back(text_update(id++, 1000 + p, "/start"));
  for (int d = 0; d < kDavkasEach; ++d) {
    for (int p = 0; p < kPlayers; ++p) updates.push_back(text_update(id++, 1000 + p, "/davka"));
  }
  return updates;
}

struct SqliteFaults : ::testing::TestWithParam<Fault>, test_support::EngineOverSqliteFile {
  test_support::FaultyVfs& vfs = test_support::FaultyVfs::install();
  prometheus::Registry registry;
  std::unique_ptr<bot::EngineMetrics> metrics;

  SqliteFaults()
      : EngineOverSqliteFile("sqlite-faults-" + std::to_string(static_cast<int>(GetParam())), 7) {}
  void SetUp() override {
    vfs.disarm();
    open();
    metrics = std::make_unique<bot::EngineMetrics>(registry, engine->router());
    engine->set_metrics(metrics.get());
  }
  void TearDown() override {
    vfs.disarm();
    close();
  }

  double failed_commits() {
    return test_support::sample(registry, "bot_errors_total", {{"error_type", "commit_failed"}});
  }
};

TEST_P(SqliteFaults, LosesAndDoublesNoAcknowledgedUpdateAndRecoversByItself) {
  auto pending = workload();
  const std::size_t total = pending.size();
  std::map<std::int64_t, int> acknowledged;  // update id -> times the bot acknowledged it
  int batches = 0;
  int failed_batches = 0;
  int deliveries = 0;
  // The fault arrives after two batches and lasts three batches (Telegram keeps
  // delivering, the bot keeps failing), then the disk has room again.
  while (!pending.empty()) {
    ASSERT_LT(deliveries, 100) << "the bot never recovered";
    ++deliveries;
    if (batches == 2) vfs.arm(GetParam());
    if (failed_batches == 3) vfs.disarm();
    std::vector<bot::Update> batch;
    while (!pending.empty() && batch.size() < kBatch) {
      batch.push_back(std::move(pending.front()));
      pending.pop_front();
    }
    const auto now = kStartTime + deliveries * kDeliveryInterval;
    auto outcomes = engine->process_batch(batch, now, {});
    ASSERT_EQ(outcomes.size(), batch.size());
    if (engine->last_batch_committed()) {
      ++batches;
    } else {
      ++failed_batches;
    }
    // Telegram delivers again, first, every update the bot did not acknowledge.
    for (std::size_t i = batch.size(); i-- > 0;) {
      if (outcomes[i].committed) {
        acknowledged[batch[i].update_id]++;
        // No reply leaves for an update whose batch did not commit; one that did has one.
        EXPECT_FALSE(outcomes[i].actions.empty()) << "update " << batch[i].update_id;
      } else {
        EXPECT_TRUE(outcomes[i].actions.empty()) << "a reply for an unacknowledged update";
        pending.push_front(std::move(batch[i]));
      }
    }
  }
  EXPECT_EQ(failed_batches, 3);
  EXPECT_GT(vfs.failures(), 0) << "the fault was never met";
  EXPECT_EQ(failed_commits(), 3.0) << "each failed commit counted once";
  ASSERT_EQ(acknowledged.size(), total);
  for (const auto& [id, times] : acknowledged) EXPECT_EQ(times, 1) << "update " << id;

  // Each player's davkas were applied exactly once each.
  for (int p = 0; p < kPlayers; ++p) {
    const auto player = storage->store().find_player(1000 + p);
    ASSERT_TRUE(player) << p;
    EXPECT_EQ(player->total_davki, kDavkasEach) << "player " << p;
  }

  // The file is whole and says the same after a restart (no cache in between).
  engine.reset();
  storage.reset();
  storage = app::Storage::open(config);
  auto& db = storage->sql().connection();
  EXPECT_EQ(db.query("PRAGMA integrity_check").at(0).text(0), "ok");
  EXPECT_EQ(db.query("SELECT COUNT(*) FROM processed_updates").at(0).integer(0),
            static_cast<std::int64_t>(total));
  EXPECT_EQ(db.query("SELECT SUM(total_davki) FROM users").at(0).integer(0), kPlayers * kDavkasEach);
}

INSTANTIATE_TEST_SUITE_P(Faults, SqliteFaults,
                         ::testing::Values(Fault::kDiskFull, Fault::kWriteError, Fault::kFsyncError),
                         [](const auto& param_info) {
                           switch (param_info.param) {
                             case Fault::kDiskFull: return std::string("DiskFull");
                             case Fault::kWriteError: return std::string("WriteError");
                             case Fault::kFsyncError: return std::string("FsyncError");
                             default: return std::string("None");
                           }
                         });

}  // namespace

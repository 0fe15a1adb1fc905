// The engine over the real SQLite storage (app::Storage on a temporary file) when the
// storage fails in the middle of a batch: no transaction may stay open behind the failure,
// and no sent mark may be lost.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "app/storage.hpp"
#include "bot/engine.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "unit/bot/bot_harness.hpp"

namespace {

namespace fs = std::filesystem;
using bot::testing::kStartTime;

bot::Update start(std::int64_t update_id, bot::UserId user) {
  bot::Message m;
  m.message_id = update_id;
  m.chat = bot::Chat{user, bot::ChatType::kPrivate, {}};
  m.from = bot::testing::BotHarness::person(user);
  m.text = "/start";
  return bot::Update{update_id, std::move(m)};
}

struct EngineOverSqlite : ::testing::Test {
  fs::path dir = fs::temp_directory_path() /
                 ("gofrobot-engine-storage-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
  ops::Config config;
  std::unique_ptr<app::Storage> storage;
  game::Random rng{1};
  bot::SessionState state;
  std::unique_ptr<bot::Engine> engine;

  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
    config.storage.database_url = "sqlite://" + (dir / "bot.db").string();
    config.storage.data_dir = dir.string();
    storage = app::Storage::open(config);
    engine = std::make_unique<bot::Engine>(storage->store(),
                                           bot::Services{&config, &rng, &state}, "gofrobot");
  }
  void TearDown() override {
    engine.reset();
    storage.reset();
    fs::remove_all(dir);
  }
};

TEST_F(EngineOverSqlite, AFailedMarkRemovalLeavesNoTransactionOpen) {
  ASSERT_TRUE(engine->process(start(1, 10), kStartTime).committed);
  ASSERT_EQ(storage->store().pending_outbox(10).size(), 1u);

  // Marking the reply sent fails (a trigger stands in for a failing disk).
  auto& db = storage->sql().connection();
  db.execute_script(
      "CREATE TRIGGER fail_marks BEFORE UPDATE ON processed_updates "
      "BEGIN SELECT RAISE(ABORT, 'disk error'); END");
  const std::int64_t sent[] = {1};
  const bot::Update next[] = {start(2, 11)};
  auto failed = engine->process_batch(next, kStartTime, sent);
  EXPECT_FALSE(engine->last_batch_committed());
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_FALSE(failed[0].committed);  // Telegram delivers it again
  db.execute_script("DROP TRIGGER fail_marks");

  // The next batch begins and commits: no transaction was left open.
  auto again = engine->process_batch(next, kStartTime, sent);
  EXPECT_TRUE(engine->last_batch_committed());
  ASSERT_EQ(again.size(), 1u);
  EXPECT_TRUE(again[0].committed);
  auto pending = storage->store().pending_outbox(10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].update_id, 2);  // 1 marked sent, 2 waiting
}

}  // namespace

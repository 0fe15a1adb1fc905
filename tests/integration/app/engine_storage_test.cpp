// The engine over the real SQLite storage (app::Storage on a temporary file) when the
// storage fails in the middle of a batch: no transaction may stay open behind the failure,
// and no sent mark may be lost.
#include <gtest/gtest.h>

#include "integration/app/engine_over_sqlite.hpp"

namespace {

using bot::testing::kStartTime;

bot::Update start(std::int64_t update_id, bot::UserId user) {
  return test_support::EngineOverSqliteFile::private_text(update_id, user, "/start");
}

struct EngineOverSqlite : ::testing::Test, test_support::EngineOverSqliteFile {
  EngineOverSqlite()
      : EngineOverSqliteFile(std::string("engine-storage-") +
                                 ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                             1) {}
  void SetUp() override { open(); }
  void TearDown() override { close(); }
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

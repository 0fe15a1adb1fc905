// storage.sqlite_checkpoint_frames through app::Storage and the engine on a real SQLite
// file: 0 (the default) leaves checkpoints to SQLite and starts no checkpointer; N > 0
// checkpoints in the background while the engine commits, and every update is kept.
#include <gtest/gtest.h>

#include "integration/app/engine_over_sqlite.hpp"

namespace {

using bot::testing::kStartTime;

struct BackgroundCheckpoints : ::testing::Test, test_support::EngineOverSqliteFile {
  BackgroundCheckpoints()
      : EngineOverSqliteFile(std::string("checkpoints-") +
                                 ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                             1) {}
  void TearDown() override { close(); }

  // `count` players each doing /davka, one update a commit.
  void davkas(int count) {
    for (int i = 0; i < count; ++i) {
      const auto update = private_text(i + 1, 1000 + i, "/davka");
      ASSERT_TRUE(engine->process(update, kStartTime + i).committed);
    }
  }
  std::int64_t processed() {
    return storage->sql().connection().query("SELECT count(*) FROM processed_updates")
        .at(0).integer(0);
  }
};

TEST_F(BackgroundCheckpoints, OffByDefault) {
  EXPECT_EQ(config.storage.sqlite_checkpoint_frames, 0);
  open();
  EXPECT_EQ(storage->checkpointer(), nullptr);
}

TEST_F(BackgroundCheckpoints, OnWhenSetAndEveryUpdateKept) {
  config.storage.sqlite_checkpoint_frames = 16;
  open();
  ASSERT_NE(storage->checkpointer(), nullptr);
  davkas(300);
  const auto stats = storage->checkpointer()->stats();
  EXPECT_GT(stats.background_passes, 0);
  EXPECT_EQ(stats.failures, 0);
  EXPECT_EQ(processed(), 300);
  // Reopened (the checkpointer stops first, the writer's close copies the rest).
  engine.reset();
  storage.reset();
  config.storage.sqlite_checkpoint_frames = 0;
  storage = app::Storage::open(config);
  EXPECT_EQ(processed(), 300);
}

}  // namespace

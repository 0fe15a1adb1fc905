// The conversation state follows the store's transactions (SessionState's undo): an update
// whose changes are dropped, or a batch whose commit failed, leaves no trace in it. Through
// the real engine over an in-memory store that fails on request.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "unit/bot/bot_harness.hpp"

namespace bot {
namespace {

using testing::BotHarness;

constexpr ChatId kChat = -100;
constexpr UserId kAttacker = 1;
constexpr UserId kTarget = 2;
constexpr UserId kStranger = 3;

// Fails the next commit, or the next few player writes, when told to.
class FlakyStore : public store::MemoryStore {
 public:
  bool fail_next_commit = false;
  int conflicts_left = 0;  // player writes refused as another process's (VersionConflict)
  bool writes_broken = false;

  void apply(const store::ChangeSet& c) override {
    if (!c.players.empty() && conflicts_left > 0) {
      --conflicts_left;
      throw store::VersionConflict(c.players.front().user_id);
    }
    if (!c.players.empty() && writes_broken) throw std::runtime_error("disk on fire");
    MemoryStore::apply(c);
  }
  void commit() override {
    if (fail_next_commit) {
      fail_next_commit = false;
      throw std::runtime_error("database gone");
    }
    MemoryStore::commit();
  }
};

struct Fixture {
  FlakyStore* store;
  BotHarness h;

  Fixture() : Fixture(std::make_unique<FlakyStore>()) {}
  explicit Fixture(std::unique_ptr<FlakyStore> owned) : store(owned.get()), h(std::move(owned)) {
    auto offer = h.group_text(kChat, kAttacker, "/fight", BotHarness::person(kTarget));
    EXPECT_TRUE(offer.committed);
    EXPECT_TRUE(challenge_is_open());
  }
  bool challenge_is_open() { return h.state().offered_by_other(kChat, kStranger, kTarget, h.now()); }
  std::int64_t fights() { return h.store().fight_stats(kAttacker).total; }
  Outcome confirm() { return h.press(kChat, kAttacker, "chat_fight_2", 500); }
};

TEST(ConversationUndo, AConfirmationWhoseCommitFailedKeepsItsChallenge) {
  Fixture f;
  f.store->fail_next_commit = true;
  auto failed = f.confirm();
  EXPECT_FALSE(failed.committed);
  EXPECT_EQ(f.fights(), 0);
  EXPECT_TRUE(f.challenge_is_open()) << "Telegram delivers it again: it must still be there";

  auto again = f.confirm();
  EXPECT_TRUE(again.committed);
  EXPECT_FALSE(again.failed);
  EXPECT_EQ(f.fights(), 1);
  EXPECT_FALSE(f.challenge_is_open());  // used up, now for good
}

TEST(ConversationUndo, ARetryAfterAVersionConflictStillFindsTheChallenge) {
  Fixture f;
  f.store->conflicts_left = 1;
  auto o = f.confirm();
  EXPECT_TRUE(o.committed);
  EXPECT_FALSE(o.failed);
  EXPECT_EQ(f.store->conflicts_left, 0);  // the first attempt was refused
  EXPECT_EQ(f.fights(), 1);
  EXPECT_FALSE(f.challenge_is_open());
}

TEST(ConversationUndo, AFailedConfirmationGivesTheChallengeBack) {
  Fixture f;
  f.store->writes_broken = true;
  auto o = f.confirm();
  EXPECT_TRUE(o.failed);  // the error guard answered
  EXPECT_EQ(f.fights(), 0);
  EXPECT_TRUE(f.challenge_is_open());
  f.store->writes_broken = false;
  EXPECT_FALSE(f.confirm().failed);
  EXPECT_EQ(f.fights(), 1);
}

TEST(ConversationUndo, AnOfferWhoseCommitFailedIsWithdrawn) {
  auto owned = std::make_unique<FlakyStore>();
  auto* store = owned.get();
  BotHarness h(std::move(owned));
  store->fail_next_commit = true;
  auto offer = h.group_text(kChat, kAttacker, "/fight", BotHarness::person(kTarget));
  EXPECT_FALSE(offer.committed);
  EXPECT_FALSE(h.state().offered_by_other(kChat, kStranger, kTarget, h.now()));
  EXPECT_EQ(h.state().challenges(), 0u);
}

}  // namespace
}  // namespace bot

// Per-user rate limits (GAME.md §13.4): the GCRA limiter's arithmetic and bounded memory,
// and the guard in the real engine: categories declared by the routes, a toast for a
// refused button, one notice a window for refused messages, refused updates recorded as
// processed, admins exempt unless configured otherwise, limits live.
#include "bot/guards/rate_limit_guard.hpp"

#include <gtest/gtest.h>

#include "unit/bot/bot_harness.hpp"

namespace bot {
namespace {

using testing::BotHarness;
constexpr RateLimiter::Millis kMinute = 60'000;

TEST(RateLimiter, LetsTheCountThroughAtOnceThenOneEveryInterval) {
  RateLimiter l;
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(l.take(1, 0, 10, kMinute).admitted) << i;
  auto refused = l.take(1, 0, 10, kMinute);
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after, 6000);  // 60 s / 10
  EXPECT_FALSE(l.take(1, 5999, 10, kMinute).admitted);
  EXPECT_TRUE(l.take(1, 6000, 10, kMinute).admitted);
  EXPECT_FALSE(l.take(1, 6000, 10, kMinute).admitted);
  // Another key and another limit are apart.
  EXPECT_TRUE(l.take(2, 6000, 10, kMinute).admitted);
  // A minute idle: the whole burst again.
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(l.take(1, 6000 + kMinute, 10, kMinute).admitted) << i;
  EXPECT_FALSE(l.take(1, 6000 + kMinute, 10, kMinute).admitted);
}

TEST(RateLimiter, NotifiesOneRefusalAWindow) {
  RateLimiter l;
  EXPECT_TRUE(l.take(1, 0, 1, kMinute).admitted);
  auto first = l.take(1, 10, 1, kMinute);
  EXPECT_FALSE(first.admitted);
  EXPECT_TRUE(first.notify);
  EXPECT_FALSE(l.take(1, 20, 1, kMinute).notify);
  EXPECT_FALSE(l.take(1, 30'000, 1, kMinute).notify);
  EXPECT_TRUE(l.take(1, 60'000, 1, kMinute).admitted);
  auto later = l.take(1, 60'010, 1, kMinute);
  EXPECT_FALSE(later.admitted);
  EXPECT_TRUE(later.notify);  // a minute after the last notice
}

TEST(RateLimiter, AMillionUsersLeaveABoundedTableAndActiveUsersStayLimited) {
  RateLimiter l;
  // An active user spends its burst, then keeps trying throughout.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(l.take(7, 0, 3, kMinute).admitted);
  for (std::uint64_t k = 1'000; k < 1'001'000; ++k) {
    l.take(k, 1, 3, kMinute);
    if (k % 10'000 == 0) {
      EXPECT_FALSE(l.take(7, 1, 3, kMinute).admitted) << k;
    }
    ASSERT_LE(l.size(), 2 * RateLimiter::kGenerationSize);
  }
  EXPECT_FALSE(l.take(7, 1, 3, kMinute).admitted);
}

// The engine with the rate-limit guard, as `gofrobot run` has it.
struct Limited : ::testing::Test {
  BotHarness h;
  Limited() {
    h.config().limits.commands_per_minute = 3;
    h.config().limits.default_per_minute = 2;
    h.config().limits.davka_per_minute = 1;
    h.engine().add_guard(std::make_unique<RateLimitGuard>());
  }
};

TEST_F(Limited, RefusedMessagesGetOneNoticeAWindowAndAreRecorded) {
  for (int i = 0; i < 3; ++i) EXPECT_NE(BotHarness::text(h.private_text(1, "/profile")), "");
  auto fourth = h.private_text(1, "/profile");
  ASSERT_TRUE(fourth.committed);
  EXPECT_EQ(BotHarness::text(fourth), rate_limit_text(20) + "\n");  // 60 s / 3
  auto fifth = h.private_text(1, "/profile");
  EXPECT_TRUE(fifth.committed);
  EXPECT_TRUE(fifth.actions.empty()) << BotHarness::text(fifth);  // silence for the window
  EXPECT_TRUE(h.store().update_processed(5));  // recorded: Telegram will not resend it
  // Another user is not affected; the limited one comes back after the interval.
  EXPECT_NE(BotHarness::text(h.private_text(2, "/profile")).find("ПРОФИЛЬ"), std::string::npos);
  h.advance(20);
  EXPECT_NE(BotHarness::text(h.private_text(1, "/profile")).find("ПРОФИЛЬ"), std::string::npos);
}

TEST_F(Limited, ARefusedButtonGetsAToastWithTheWaitAndChangesNothing) {
  EXPECT_EQ(h.press(1, 1, "davka").actions.size(), 2u);  // the edit and its answer
  const auto davki = h.store().find_player(1)->total_davki;
  auto refused = h.press(1, 1, "davka");
  const auto* answer = BotHarness::answer(refused);
  ASSERT_NE(answer, nullptr);
  EXPECT_FALSE(answer->show_alert);  // a toast
  EXPECT_EQ(answer->text, rate_limit_text(60));
  EXPECT_EQ(BotHarness::count_answers(refused), 1);
  EXPECT_EQ(refused.actions.size(), 1u);
  EXPECT_EQ(h.store().find_player(1)->total_davki, davki);
}

TEST_F(Limited, CategoriesAreTheRoutesOwn) {
  // davka (1/min) and commands (3/min) are apart: a refused davka leaves commands alone.
  h.private_text(1, "/davka");
  EXPECT_EQ(BotHarness::text(h.private_text(1, "/davka")), rate_limit_text(60) + "\n");
  EXPECT_NE(BotHarness::text(h.private_text(1, "/profile")).find("ПРОФИЛЬ"), std::string::npos);
  // Group chatter (the keyword responder) is never limited, and never told to slow down.
  for (int i = 0; i < 20; ++i) {
    for (const auto& a : h.group_text(-100, 5, "просто болтаю").actions) {
      std::visit([&](const auto& x) { EXPECT_EQ(x.text.find("Не так быстро"), std::string::npos); }, a);
    }
  }
}

TEST_F(Limited, AdminsAreExemptUnlessConfiguredOtherwise) {
  h.config().bot.admins = {9};
  for (int i = 0; i < 6; ++i) {
    EXPECT_NE(BotHarness::text(h.private_text(9, "/profile")).find("ПРОФИЛЬ"), std::string::npos) << i;
  }
  h.config().limits.exempt_admins = false;
  h.advance(60);
  for (int i = 0; i < 3; ++i) h.private_text(9, "/profile");
  EXPECT_EQ(BotHarness::text(h.private_text(9, "/profile")), rate_limit_text(20) + "\n");
}

TEST_F(Limited, LimitsChangeLive) {
  for (int i = 0; i < 3; ++i) h.private_text(1, "/profile");
  EXPECT_EQ(BotHarness::text(h.private_text(1, "/profile")), rate_limit_text(20) + "\n");
  h.config().limits.commands_per_minute = 1000;  // what a reload does: the next update sees it
  h.advance(1);
  EXPECT_NE(BotHarness::text(h.private_text(1, "/profile")).find("ПРОФИЛЬ"), std::string::npos);
}

// Another process wrote the player first: the engine runs the update again, guards and all.
class ConflictOnce : public store::MemoryStore {
 public:
  void apply(const store::ChangeSet& c) override {
    if (!c.players.empty() && conflicts_left > 0) {
      --conflicts_left;
      throw store::VersionConflict(c.players.front().user_id);
    }
    MemoryStore::apply(c);
  }
  int conflicts_left = 1;
};

TEST(RateLimitGuard, ARetryAfterAVersionConflictTakesNoSecondToken) {
  BotHarness h(std::make_unique<ConflictOnce>());
  h.config().limits.davka_per_minute = 1;
  h.engine().add_guard(std::make_unique<RateLimitGuard>());
  auto davka = h.press(1, 1, "davka");
  EXPECT_EQ(h.store().find_player(1)->total_davki, 1) << BotHarness::text(davka);
  EXPECT_EQ(BotHarness::text(davka).find("Не так быстро"), std::string::npos);
}

// A batch refused at its optimistic commit runs again: each update is decided as the first
// time, one token each, and a refusal's notice is given again (the first run's replies
// were dropped with it).
TEST(RateLimitGuard, ABatchRunAgainAfterARefusedCommitDecidesEachUpdateAsBefore) {
  auto owned = std::make_unique<testing::RefusesOptimisticCommits>();
  auto& store = *owned;
  BotHarness h(std::move(owned));
  h.config().limits.davka_per_minute = 1;
  h.config().limits.commands_per_minute = 1;
  h.engine().add_guard(std::make_unique<RateLimitGuard>());
  auto outcomes = h.batch({h.press_update(1, 1, "davka"), h.private_update(2, "/profile"),
                           h.private_update(2, "/profile"), h.press_update(3, 3, "davka")});
  EXPECT_EQ(store.refusals, 0);  // the first commit was refused
  ASSERT_TRUE(h.engine().last_batch_committed());
  for (const auto& o : outcomes) EXPECT_TRUE(o.committed);
  // Both davkas went through once: a second token would have refused them in the second run.
  EXPECT_EQ(store.find_player(1)->total_davki, 1) << BotHarness::text(outcomes[0]);
  EXPECT_EQ(store.find_player(3)->total_davki, 1) << BotHarness::text(outcomes[3]);
  EXPECT_NE(BotHarness::text(outcomes[1]).find("ПРОФИЛЬ"), std::string::npos);
  // The second /profile is over the limit, and keeps its notice.
  EXPECT_EQ(BotHarness::text(outcomes[2]), rate_limit_text(60) + "\n");
  // The limiter holds what the first run took, once: the next davka waits.
  EXPECT_NE(BotHarness::text(h.press(1, 1, "davka")).find("Не так быстро"), std::string::npos);
}

}  // namespace
}  // namespace bot

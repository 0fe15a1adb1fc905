// What the engine counts, read back from the registry the way a scrape reads it: the
// original metric names with real values, the guards, duplicates, errors and batches; and
// the exact count of active users per window.
#include "bot/engine_metrics.hpp"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <map>
#include <random>
#include <set>

#include "support/metric_sample.hpp"
#include "unit/bot/bot_harness.hpp"

namespace bot {
namespace {

using testing::BotHarness;
using testing::kStartTime;

using test_support::sample;

struct Metered {
  prometheus::Registry registry;
  BotHarness h;
  EngineMetrics metrics{registry, h.engine().router()};
  Metered() { h.engine().set_metrics(&metrics); }
};

TEST(EngineMetrics, CountsRequestsMessagesAndCommandsByRoute) {
  Metered m;
  m.h.private_text(1, "/start");
  m.h.private_text(1, "/start");
  m.h.private_text(2, "/profile");
  m.h.press(1, 1, "davka");
  m.h.group_text(-100, 3, "просто болтаю");  // the keyword responder's route
  const auto& r = m.registry;
  EXPECT_EQ(sample(r, "bot_requests_total", {{"handler", "/start"}, {"status", "success"}}), 2);
  EXPECT_EQ(sample(r, "bot_requests_total", {{"handler", "/profile"}, {"status", "success"}}), 1);
  EXPECT_EQ(sample(r, "bot_requests_total", {{"handler", "davka"}, {"status", "success"}}), 1);
  EXPECT_EQ(sample(r, "bot_requests_total", {{"handler", "keyword"}, {"status", "success"}}), 1);
  EXPECT_EQ(sample(r, "bot_requests_total", {{"handler", "/start"}, {"status", "error"}}), 0);
  EXPECT_EQ(sample(r, "bot_messages_received_total", {{"chat_type", "private"}}), 3);
  EXPECT_EQ(sample(r, "bot_messages_received_total", {{"chat_type", "supergroup"}}), 1);
  EXPECT_EQ(sample(r, "bot_commands_executed_total", {{"command_name", "/start"}}), 2);
  EXPECT_EQ(sample(r, "bot_commands_executed_total", {{"command_name", "/profile"}}), 1);
  EXPECT_EQ(sample(r, "bot_request_duration_seconds", {{"handler", "/start"}}), 2);
  EXPECT_EQ(sample(r, "bot_request_duration_seconds", {{"handler", "davka"}}), 1);
  // One batch each (process() is a batch of one), each committed.
  EXPECT_EQ(sample(r, "gofrobot_batch_updates"), 5);
  EXPECT_EQ(sample(r, "gofrobot_batch_commit_seconds"), 5);
  EXPECT_EQ(sample(r, "bot_active_users", {{"window", "5m"}}), 3);
}

TEST(EngineMetrics, CountsDuplicatesAndGuardRefusals) {
  Metered m;
  CallbackQuery q;
  q.id = "q";
  q.from = BotHarness::person(1);
  q.chat = Chat{1, ChatType::kPrivate, {}};
  q.message_id = 5;
  q.data = "davka";
  Update u{777, q};
  m.h.engine().process(u, m.h.now());
  m.h.engine().process(u, m.h.now());  // redelivered
  EXPECT_EQ(sample(m.registry, "gofrobot_updates_duplicate_total"), 1);
  EXPECT_EQ(sample(m.registry, "bot_requests_total", {{"handler", "davka"}, {"status", "success"}}), 1);

  m.h.config().bot.maintenance = true;
  m.h.private_text(2, "/start");
  EXPECT_EQ(sample(m.registry, "gofrobot_updates_refused_total", {{"guard", "maintenance"}}), 1);
  // Refused, so not executed; still a request, answered by the guard.
  EXPECT_EQ(sample(m.registry, "bot_commands_executed_total", {{"command_name", "/start"}}), 0);
  EXPECT_EQ(sample(m.registry, "bot_requests_total", {{"handler", "/start"}, {"status", "success"}}), 1);
}

using testing::FailingStore;
using testing::UncommittableStore;

TEST(EngineMetrics, CountsHandlerErrorsAndFailedCommits) {
  prometheus::Registry registry;
  {
    BotHarness h(std::make_unique<FailingStore>());
    EngineMetrics metrics(registry, h.engine().router());
    h.engine().set_metrics(&metrics);
    h.private_text(1, "/start");
    EXPECT_EQ(sample(registry, "bot_requests_total", {{"handler", "/start"}, {"status", "error"}}), 1);
    EXPECT_EQ(sample(registry, "bot_errors_total", {{"error_type", "handler"}}), 1);
    EXPECT_EQ(metrics.errors_total(), 1);
  }
  prometheus::Registry other;
  BotHarness h(std::make_unique<UncommittableStore>());
  EngineMetrics metrics(other, h.engine().router());
  h.engine().set_metrics(&metrics);
  h.private_text(1, "/start");
  EXPECT_EQ(sample(other, "bot_errors_total", {{"error_type", "commit_failed"}}), 1);
  EXPECT_EQ(sample(other, "gofrobot_batch_updates"), 0);  // only committed batches count
}

TEST(EngineMetrics, EveryErrorKindHasALabel) {
  std::set<std::string_view> labels;
  for (std::size_t i = 0; i < kErrorKinds; ++i) labels.insert(to_string(ErrorKind(i)));
  EXPECT_EQ(labels.size(), kErrorKinds);
  EXPECT_EQ(labels.count("unknown"), 0u);
}

// --- ActiveUsers ------------------------------------------------------------------------

TEST(ActiveUsers, CountsDistinctUsersPerWindow) {
  ActiveUsers a;
  const game::UnixTime t = kStartTime;
  a.seen(1, t);
  a.seen(1, t + 10);
  a.seen(2, t + 20);
  EXPECT_EQ(a.counts(t + 30), (std::array<std::int64_t, 4>{2, 2, 2, 2}));
  // Ten minutes on: out of the 5-minute window, still in the hour and the day.
  EXPECT_EQ(a.counts(t + 600), (std::array<std::int64_t, 4>{0, 2, 2, 2}));
  a.seen(2, t + 600);
  EXPECT_EQ(a.counts(t + 600), (std::array<std::int64_t, 4>{1, 2, 2, 2}));
  EXPECT_EQ(a.counts(t + 2 * 3600), (std::array<std::int64_t, 4>{0, 0, 2, 2}));
  EXPECT_EQ(a.counts(t + 2 * 86400), (std::array<std::int64_t, 4>{0, 0, 0, 2}));
  EXPECT_EQ(a.counts(t + 8 * 86400), (std::array<std::int64_t, 4>{0, 0, 0, 0}));
  // A clock step backwards counts as the newest minute: nothing goes negative or lost.
  a.seen(3, t);
  EXPECT_EQ(a.counts(t), (std::array<std::int64_t, 4>{1, 1, 1, 1}));
}

// Against a brute-force count over the whole history, for random traffic over days.
TEST(ActiveUsers, MatchesABruteForceCount) {
  ActiveUsers a;
  std::map<game::UserId, game::UnixTime> last;
  std::mt19937_64 rng(7);
  game::UnixTime t = kStartTime;
  for (int i = 0; i < 20000; ++i) {
    t += static_cast<game::UnixTime>(rng() % 100);  // ~12 days in all
    const auto user = static_cast<game::UserId>(rng() % 3000);
    a.seen(user, t);
    last[user] = t;
    if (i % 97 == 0) {
      const auto counts = a.counts(t);
      const std::int64_t minute = t / 60;
      for (std::size_t w = 0; w < ActiveUsers::kWindowMinutes.size(); ++w) {
        std::int64_t expected = 0;
        for (const auto& [id, when] : last) expected += when / 60 > minute - ActiveUsers::kWindowMinutes[w];
        ASSERT_EQ(counts[w], expected) << "window " << w << " at step " << i;
      }
    }
  }
}

TEST(ActiveUsers, ForgetsUsersOlderThanAWeek) {
  ActiveUsers a;
  for (game::UserId id = 0; id < 100000; ++id) a.seen(id, kStartTime);
  EXPECT_EQ(a.tracked(), 100000u);
  a.seen(1, kStartTime + 7 * 86400 + 120);
  EXPECT_LE(a.tracked(), ActiveUsers::kSweepSlack);
  EXPECT_EQ(a.counts(kStartTime + 7 * 86400 + 120), (std::array<std::int64_t, 4>{1, 1, 1, 1}));
}

// A batch whose optimistic commit is refused runs again change set by change set: counted
// as replayed, each update still counted once.
TEST(EngineMetrics, ABatchRunAgainCountsItsUpdatesOnceAndTheReplay) {
  prometheus::Registry registry;
  auto owned = std::make_unique<testing::RefusesOptimisticCommits>();
  auto& store = *owned;
  BotHarness h(std::move(owned));
  EngineMetrics metrics{registry, h.engine().router()};
  h.engine().set_metrics(&metrics);
  auto outcomes = h.batch({h.private_update(1, "/start"), h.press_update(1, 1, "davka"),
                           h.private_update(2, "/start")});
  EXPECT_EQ(store.refusals, 0);
  EXPECT_EQ(store.optimistic_batches, 1);  // the second run began an ordinary batch
  for (const auto& o : outcomes) EXPECT_TRUE(o.committed);
  EXPECT_EQ(store.find_player(1)->total_davki, 1);
  EXPECT_EQ(sample(registry, "gofrobot_batches_replayed_total"), 1);
  EXPECT_EQ(sample(registry, "bot_requests_total", {{"handler", "/start"}, {"status", "success"}}), 2);
  EXPECT_EQ(sample(registry, "bot_requests_total", {{"handler", "davka"}, {"status", "success"}}), 1);
  EXPECT_EQ(sample(registry, "bot_messages_received_total", {{"chat_type", "private"}}), 2);
  EXPECT_EQ(sample(registry, "gofrobot_batch_updates"), 1);  // one batch committed
  // A lone update is not merged; the next batch of several is, again.
  h.private_text(3, "/start");
  EXPECT_EQ(store.optimistic_batches, 1);
  h.batch({h.private_update(4, "/start"), h.private_update(5, "/start")});
  EXPECT_EQ(store.optimistic_batches, 2);
  EXPECT_EQ(sample(registry, "gofrobot_batches_replayed_total"), 1);  // committed at once
}

}  // namespace
}  // namespace bot

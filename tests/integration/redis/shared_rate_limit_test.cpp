// The rate-limit guard with its limits in Redis, in the real engine: three engines (as
// three replicas, each over its own store) admit one limit between them, a batch asks Redis
// once, and a Redis killed under way costs no update and no error: each replica limits
// alone, counts it, and shares again once Redis is back.
#include <gtest/gtest.h>

#include "bot/guards/rate_limit_guard.hpp"
#include "integration/redis/redis_fixture.hpp"
#include "redis/redis_limits.hpp"
#include "unit/bot/bot_harness.hpp"

namespace bot {
namespace {

using namespace std::chrono_literals;
using testing::BotHarness;

struct Replica {
  explicit Replica(ops::RedisEndpoint endpoint, redis::Link::Options options = {})
      : link(std::move(endpoint), options), limits(link) {
    auto owned = std::make_unique<RateLimitGuard>(&limits);
    guard = owned.get();
    h.engine().add_guard(std::move(owned));
    h.config().limits.davka_per_minute = 10;
  }
  redis::Link link;
  redis::RedisLimits limits;
  BotHarness h;
  RateLimitGuard* guard;
};

std::int64_t davkas(Replica& r, UserId user) {
  auto p = r.h.store().find_player(user);
  return p ? p->total_davki : 0;
}

TEST(SharedRateLimits, FifteenDavkasOverThreeReplicasAdmitTheLimitOnce) {
  GOFROBOT_REQUIRE_REDIS();
  Replica replicas[3] = {Replica(redis::testing::test_endpoint()),
                         Replica(redis::testing::test_endpoint()),
                         Replica(redis::testing::test_endpoint())};
  const UserId user = redis::testing::unique_user_base();
  // The guard decides before the game: a davka the limit admits then fails on atmospheres
  // (each replica's store has its own player, and a davka spends them all), and one it
  // refuses gets the limit's toast.
  std::vector<bool> limited;
  for (int i = 0; i < 15; ++i) {
    const auto out = replicas[i % 3].h.press(user, user, "davka");
    limited.push_back(BotHarness::text(out).find("Не так быстро") != std::string::npos);
  }
  std::vector<bool> expected(15, false);
  for (int i = 10; i < 15; ++i) expected[i] = true;
  EXPECT_EQ(limited, expected);  // ten admitted between them, then refused on every replica
  EXPECT_EQ(davkas(replicas[0], user) + davkas(replicas[1], user) + davkas(replicas[2], user), 3);
  for (auto& r : replicas) EXPECT_EQ(r.guard->decided_alone(), 0);
}

TEST(SharedRateLimits, ABatchAsksRedisOnce) {
  GOFROBOT_REQUIRE_REDIS();
  Replica r(redis::testing::test_endpoint());
  const UserId base = redis::testing::unique_user_base();
  std::vector<Update> batch;
  for (int i = 0; i < 8; ++i) batch.push_back(r.h.private_update(base + i, "/start"));
  batch.push_back(r.h.press_update(base, base, "davka"));
  const auto before = r.link.round_trips();
  const auto outcomes = r.h.batch(batch);
  for (const auto& o : outcomes) EXPECT_TRUE(o.committed);
  EXPECT_EQ(r.link.round_trips() - before, 1);
  EXPECT_EQ(davkas(r, base), 1);
}

TEST(SharedRateLimits, ARedisKilledUnderWayCostsNoUpdateAndIsSharedAgainWhenBack) {
  const int port = redis::testing::free_port();
  redis::testing::RedisProcess server(port);
  Replica a(server.endpoint(), {.timeout = 100ms, .probe_interval = 200ms});
  Replica b(server.endpoint(), {.timeout = 100ms, .probe_interval = 200ms});
  a.h.config().limits.commands_per_minute = 2;
  b.h.config().limits.commands_per_minute = 2;
  const UserId user = 77;
  EXPECT_NE(BotHarness::text(a.h.private_text(user, "/profile")).find("ПРОФИЛЬ"), std::string::npos);
  EXPECT_NE(BotHarness::text(b.h.private_text(user, "/profile")).find("ПРОФИЛЬ"), std::string::npos);
  // Shared: the third, on either replica, is over the limit.
  EXPECT_EQ(BotHarness::text(a.h.private_text(user, "/profile")), rate_limit_text(30) + "\n");

  server.kill();
  // Alone: each replica's own limiter, which had seen none of this user's commands.
  for (auto* r : {&a, &b}) {
    auto out = r->h.private_text(user, "/profile");
    EXPECT_TRUE(out.committed);
    EXPECT_FALSE(out.failed);
    EXPECT_NE(BotHarness::text(out).find("ПРОФИЛЬ"), std::string::npos) << BotHarness::text(out);
    EXPECT_FALSE(r->link.up());
    EXPECT_GE(r->guard->decided_alone(), 1);
  }

  // Back, empty (no persistence): shared again after the probe interval.
  server.start();
  std::this_thread::sleep_for(250ms);
  a.h.private_text(user + 1, "/profile");
  b.h.private_text(user + 1, "/profile");
  EXPECT_TRUE(a.link.up());
  EXPECT_TRUE(b.link.up());
  EXPECT_EQ(BotHarness::text(a.h.private_text(user + 1, "/profile")), rate_limit_text(30) + "\n");
}

}  // namespace
}  // namespace bot

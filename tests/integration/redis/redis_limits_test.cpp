// The rate limits in Redis (bot::SharedLimits over a Lua script): the same decisions as the
// process's own limiter for any sequence, one limit across several replicas, keys that
// expire, and nothing (so the guard limits alone) when Redis is unavailable.
#include "redis/redis_limits.hpp"

#include <gtest/gtest.h>

#include <random>

#include "bot/guards/rate_limiter.hpp"
#include "integration/redis/redis_fixture.hpp"

namespace redis {
namespace {

using namespace std::chrono_literals;
using bot::RateLimiter;
using Request = bot::SharedLimits::Request;
constexpr RateLimiter::Millis kMinute = 60'000;
constexpr RateLimiter::Millis kStart = 1'765'000'000'000;  // ms since 1970: Lua must keep it exact

TEST(RedisLimits, DecideAsTheProcesssOwnLimiterForAnySequence) {
  GOFROBOT_REQUIRE_REDIS();
  Link link(testing::test_endpoint());
  RedisLimits shared(link, RedisLimits::Clock::kCaller);
  RateLimiter local;
  const auto base = testing::unique_user_base();
  std::mt19937_64 rng(7);
  RateLimiter::Millis now = kStart;
  int refusals = 0;
  int notices = 0;
  for (int batch = 0; batch < 300; ++batch) {
    std::vector<Request> requests;
    // Small limits and whole seconds between batches: many refusals, notices, and actions
    // exactly at a bucket's edge.
    const int n = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
      const int user = static_cast<int>(rng() % 2);
      const int category = static_cast<int>(rng() % 2);
      const int count = category == 0 ? 2 : 7;  // 30 s / 7: not a whole number of ms
      requests.push_back({base + user, category, count, category == 0 ? 10'000 : 30'000});
    }
    const auto decided = shared.take(requests, now);
    ASSERT_TRUE(decided) << "batch " << batch;
    ASSERT_EQ(decided->size(), requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
      const auto& r = requests[i];
      const auto key = (static_cast<std::uint64_t>(r.user) << 2) | static_cast<std::uint64_t>(r.category);
      const auto expected = local.take(key, now, r.count, r.period);
      const auto& got = (*decided)[i];
      ASSERT_EQ(got.admitted, expected.admitted) << "batch " << batch << " request " << i;
      ASSERT_EQ(got.retry_after, expected.retry_after) << "batch " << batch << " request " << i;
      ASSERT_EQ(got.notify, expected.notify) << "batch " << batch << " request " << i;
      refusals += got.admitted ? 0 : 1;
      notices += got.notify ? 1 : 0;
    }
    now += static_cast<RateLimiter::Millis>(rng() % 6) * 1000;
  }
  EXPECT_GT(refusals, 300);
  EXPECT_GT(notices, 50);
  EXPECT_EQ(link.round_trips(), 300);  // one a batch, whatever its size
}

TEST(RedisLimits, ThreeReplicasAdmitOneLimitBetweenThem) {
  GOFROBOT_REQUIRE_REDIS();
  Link a(testing::test_endpoint()), b(testing::test_endpoint()), c(testing::test_endpoint());
  constexpr auto kCaller = RedisLimits::Clock::kCaller;
  RedisLimits replicas[] = {RedisLimits(a, kCaller), RedisLimits(b, kCaller), RedisLimits(c, kCaller)};
  const auto user = testing::unique_user_base();
  int admitted = 0;
  int notices = 0;
  for (int i = 0; i < 15; ++i) {
    const Request r{user, 0, 10, kMinute};
    const auto d = replicas[i % 3].take(std::span(&r, 1), kStart + i);
    ASSERT_TRUE(d);
    admitted += d->front().admitted ? 1 : 0;
    notices += d->front().notify ? 1 : 0;
  }
  EXPECT_EQ(admitted, 10);
  EXPECT_EQ(notices, 1);  // one notice a window, whichever replica refused
}

// Three replicas whose clocks are an hour apart: on Redis's clock they still admit one
// limit between them, and a refusal waits seconds. On their own clocks the one behind
// would be told to wait an hour (shown first, so the test shows what it guards against).
TEST(RedisLimits, ReplicasWithSkewedClocksShareOneLimitOnRedissClock) {
  GOFROBOT_REQUIRE_REDIS();
  constexpr RateLimiter::Millis kHour = 3'600'000;
  const RateLimiter::Millis clocks[] = {kStart, kStart - kHour, kStart + kHour};
  Link a(testing::test_endpoint()), b(testing::test_endpoint()), c(testing::test_endpoint());
  {
    constexpr auto kCaller = RedisLimits::Clock::kCaller;
    RedisLimits own[] = {RedisLimits(a, kCaller), RedisLimits(b, kCaller), RedisLimits(c, kCaller)};
    const auto user = testing::unique_user_base();
    const Request r{user, 0, 10, kMinute};
    ASSERT_TRUE(own[2].take(std::span(&r, 1), clocks[2]));  // the replica ahead admits
    const auto behind = own[1].take(std::span(&r, 1), clocks[1]);
    ASSERT_TRUE(behind);
    EXPECT_FALSE(behind->front().admitted);
    EXPECT_GT(behind->front().retry_after, kHour) << "the skew the server's clock removes";
  }
  RedisLimits replicas[] = {RedisLimits(a), RedisLimits(b), RedisLimits(c)};
  const auto user = testing::unique_user_base();
  int admitted = 0;
  RateLimiter::Millis longest_wait = 0;
  for (int i = 0; i < 15; ++i) {
    const Request r{user, 0, 10, kMinute};
    const auto d = replicas[i % 3].take(std::span(&r, 1), clocks[i % 3] + i);
    ASSERT_TRUE(d);
    admitted += d->front().admitted ? 1 : 0;
    longest_wait = std::max(longest_wait, d->front().retry_after);
  }
  EXPECT_EQ(admitted, 10);
  EXPECT_GT(longest_wait, 0);
  EXPECT_LE(longest_wait, kMinute / 10) << "one interval, not the clocks' skew";
}

TEST(RedisLimits, AKeyExpiresOnceItHasNothingLeftToRemember) {
  GOFROBOT_REQUIRE_REDIS();
  Link link(testing::test_endpoint());
  RedisLimits shared(link);
  const auto user = testing::unique_user_base();
  const Request r{user, 2, 60, kMinute};  // one every second
  ASSERT_TRUE(shared.take(std::span(&r, 1), kStart));
  Connection c(testing::test_endpoint(), 1000ms);
  const auto ttl = c.run({"PTTL", limit_key(user, 2)}).integer;
  // Full again 1 s later; remembered for a period after that.
  EXPECT_GT(ttl, 55'000);
  EXPECT_LE(ttl, 61'000);
}

TEST(RedisLimits, NothingWhenRedisIsUnavailable) {
  Link link({"127.0.0.1", testing::free_port(), {}, {}, 0}, {.timeout = 100ms, .probe_interval = 10s});
  RedisLimits shared(link);
  const Request r{1, 0, 10, kMinute};
  EXPECT_FALSE(shared.take(std::span(&r, 1), kStart));
  EXPECT_FALSE(link.up());
}

}  // namespace
}  // namespace redis

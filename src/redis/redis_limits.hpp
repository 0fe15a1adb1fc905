#pragma once
// bot::SharedLimits in Redis: one Lua script per batch decides every action atomically
// (the same GCRA as bot::RateLimiter), so N replicas admit exactly one limit between them.
// Each (user, category) is a hash {t: the time the bucket is full again, n: the last
// notice} that expires once it has nothing left to remember. Redis unavailable (the Link's
// breaker open): nothing, and the guard limits alone.
//
// The times are Redis's own clock by default, not the replica's: replicas whose clocks
// differ (one stepped back or forward, a node's NTP off) would otherwise each move the
// shared state by their own time, and a replica behind the others would see every bucket
// full for as long as its clock is behind (a davka refused for an hour). The caller's
// `now` is used with Clock::kCaller (tests that play time).
#include "bot/guards/shared_limits.hpp"
#include "redis/link.hpp"

namespace redis {

class RedisLimits final : public bot::SharedLimits {
 public:
  enum class Clock { kRedisServer, kCaller };
  explicit RedisLimits(Link& link, Clock clock = Clock::kRedisServer) : link_(link), clock_(clock) {}
  std::optional<std::vector<bot::RateLimiter::Decision>> take(std::span<const Request> requests,
                                                              Millis now) override;

 private:
  Link& link_;
  Clock clock_;
  bool refusal_logged_ = false;  // logged once until the script runs again
};

// The key of one (user, category), for tests and operators.
std::string limit_key(std::int64_t user, int category);

}  // namespace redis

#pragma once
// bot::SharedLimits in Redis: one Lua script per batch decides every action atomically
// (the same GCRA as bot::RateLimiter), so N replicas admit exactly one limit between them.
// Each (user, category) is a hash {t: the time the bucket is full again, n: the last
// notice} that expires once it has nothing left to remember. Redis unavailable (the Link's
// breaker open): nothing, and the guard limits alone.
#include "bot/guards/shared_limits.hpp"
#include "redis/link.hpp"

namespace redis {

class RedisLimits final : public bot::SharedLimits {
 public:
  explicit RedisLimits(Link& link) : link_(link) {}
  std::optional<std::vector<bot::RateLimiter::Decision>> take(std::span<const Request> requests,
                                                              Millis now) override;

 private:
  Link& link_;
  bool refusal_logged_ = false;  // logged once until the script runs again
};

// The key of one (user, category), for tests and operators.
std::string limit_key(std::int64_t user, int category);

}  // namespace redis

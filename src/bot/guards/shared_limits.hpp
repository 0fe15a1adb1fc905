#pragma once
// Rate limits kept where every replica sees them (scale-out: Redis, src/redis), so that a
// user's actions spread over several replicas meet one limit. The same GCRA as RateLimiter,
// decided by the shared store atomically for a whole batch in one round trip.
#include <optional>
#include <span>
#include <vector>

#include "bot/guards/rate_limiter.hpp"
#include <cstdint>

namespace bot {

class SharedLimits {
 public:
  using Millis = RateLimiter::Millis;
  struct Request {
    std::int64_t user = 0;  // the Telegram user id
    int category = 0;  // Category, as a number: part of the shared key
    int count = 1;     // the limit: `count` per `period`
    Millis period = 1;
  };

  virtual ~SharedLimits() = default;
  // One action per request at `now`, decided in order (a key may repeat). Nothing when the
  // shared store is unavailable: the caller then decides alone.
  virtual std::optional<std::vector<RateLimiter::Decision>> take(std::span<const Request> requests,
                                                                 Millis now) = 0;
};

}  // namespace bot

#pragma once
// Redis for `gofrobot run`, when cache.redis_url is set: the engine thread's link (with
// its circuit breaker) and what uses it: the rate limits and the keyword cooldown. Never
// required: the bot starts and runs with Redis down, each replica alone, and uses it once
// it answers.
#include <memory>

#include "app/telemetry.hpp"
#include "ops/config.hpp"
#include "store/cached_store.hpp"
#include "redis/change_feed.hpp"
#include "redis/link.hpp"
#include "redis/redis_cooldowns.hpp"
#include "redis/redis_limits.hpp"

namespace bot {
class RateLimitGuard;
}

namespace app {

struct RedisServices {
  explicit RedisServices(ops::RedisEndpoint where) : endpoint(where), link(std::move(where)) {}
  ops::RedisEndpoint endpoint;
  redis::Link link;
  redis::RedisLimits limits{link};
  redis::RedisCooldowns cooldowns{link};

  Telemetry::RedisNumbers numbers(const bot::RateLimitGuard& guard) const;
};

// The change feed's two ends on the cache (engine thread): this replica's committed
// changes as a message (the players' new rows with their ids), and another replica's
// message applied (rows refresh kept copies and the leaderboards, ids without a row that
// could be read are dropped, and so are the chats' boards; "everything" drops it all).
redis::Changes feed_message(store::CommittedChanges committed);
void apply_feed_message(store::CachedStore& cache, const redis::Changes& changes);

// Null when no Redis is configured. Tries it once (a PING) so that the log says at the
// start whether it answers.
std::unique_ptr<RedisServices> open_redis(const ops::Config& config);

}  // namespace app

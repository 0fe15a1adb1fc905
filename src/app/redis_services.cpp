#include "app/redis_services.hpp"

#include <spdlog/spdlog.h>

#include "bot/guards/rate_limit_guard.hpp"
#include "store/player_text.hpp"

#include <unordered_set>

namespace app {

Telemetry::RedisNumbers RedisServices::numbers(const bot::RateLimitGuard& guard) const {
  return {link.up(), link.round_trips(), link.failures(), guard.decided_alone()};
}

redis::Changes feed_message(store::CommittedChanges committed) {
  redis::Changes changes;
  changes.chats = std::move(committed.chats);
  changes.players.reserve(committed.players.size());
  changes.rows.reserve(committed.players.size());
  for (const auto& p : committed.players) {
    changes.players.push_back(p.user_id);
    changes.rows.push_back(store::player_to_text(p));
  }
  return changes;
}

void apply_feed_message(store::CachedStore& cache, const redis::Changes& changes) {
  if (changes.everything) {
    cache.invalidate_everything();
    return;
  }
  std::vector<game::Player> rows;
  rows.reserve(changes.rows.size());
  std::unordered_set<game::UserId> with_row;
  for (const auto& text : changes.rows) {
    if (auto p = store::player_from_text(text)) {
      with_row.insert(p->user_id);
      rows.push_back(std::move(*p));
    }
  }
  std::vector<game::UserId> dropped;
  for (auto id : changes.players) {
    if (!with_row.contains(id)) dropped.push_back(id);
  }
  cache.refresh(rows);
  cache.invalidate(dropped, changes.chats);
}

std::unique_ptr<RedisServices> open_redis(const ops::Config& config) {
  if (config.cache.redis_url.empty()) return nullptr;
  auto parsed = ops::parse_redis_url(config.cache.redis_url);
  if (!parsed.endpoint) return nullptr;  // the configuration's check refused it already
  const auto where = parsed.endpoint->host + ":" + std::to_string(parsed.endpoint->port);
  auto services = std::make_unique<RedisServices>(std::move(*parsed.endpoint));
  const redis::Command ping{"PING"};
  if (services->link.run(std::span(&ping, 1))) {
    spdlog::info("Redis {}: rate limits and the keyword cooldown are shared with every replica",
                 where);
  }  // else the link logged why; it probes again by itself
  return services;
}

}  // namespace app

#include "app/redis_services.hpp"

#include <spdlog/spdlog.h>

#include "bot/guards/rate_limit_guard.hpp"

namespace app {

Telemetry::RedisNumbers RedisServices::numbers(const bot::RateLimitGuard& guard) const {
  return {link.up(), link.round_trips(), link.failures(), guard.decided_alone()};
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

#include "redis/redis_limits.hpp"

#include <spdlog/spdlog.h>

namespace redis {
namespace {

// KEYS: one per action, in order (a key may repeat). ARGV[1]: now, ms, or "server" for
// Redis's own clock; then per key its count and period (ms). Returns per key {admitted,
// retry_after_ms, notify}. Lua numbers are doubles: milliseconds since 1970 are exact in
// them. (TIME in a script is allowed: Redis 7 replicates a script's effects, not the script.)
constexpr std::string_view kScript = R"lua(
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local out = {}
for i, key in ipairs(KEYS) do
  local count = math.max(tonumber(ARGV[2 * i]), 1)
  local period = math.max(tonumber(ARGV[2 * i + 1]), 1)
  local interval = math.max(math.floor(period / count), 1)
  local tolerance = period - interval
  local state = redis.call('HMGET', key, 't', 'n')
  local tat = math.max(tonumber(state[1]) or 0, now)
  local notice = tonumber(state[2]) or -1
  if tat - now > tolerance then
    local notify = 0
    if notice < 0 or now - notice >= period then
      notify = 1
      redis.call('HSET', key, 'n', now)
      redis.call('PEXPIRE', key, tat - now + period)
    end
    out[i] = {0, tat - now - tolerance, notify}
  else
    redis.call('HSET', key, 't', tat + interval)
    redis.call('PEXPIRE', key, tat + interval - now + period)
    out[i] = {1, 0, 0}
  end
end
return out
)lua";

}  // namespace

std::string limit_key(std::int64_t user, int category) {
  return "gofrobot:limit:" + std::to_string(user) + ":" + std::to_string(category);
}

std::optional<std::vector<bot::RateLimiter::Decision>> RedisLimits::take(
    std::span<const Request> requests, Millis now) {
  if (requests.empty()) return std::vector<bot::RateLimiter::Decision>{};
  // EVAL with the text each time rather than EVALSHA: one call per batch, and nothing to
  // reload after Redis restarts with an empty script cache.
  Command eval;
  eval.reserve(3 + requests.size() * 3 + 1);
  eval.emplace_back("EVAL");
  eval.emplace_back(kScript);
  eval.push_back(std::to_string(requests.size()));
  for (const auto& r : requests) eval.push_back(limit_key(r.user, r.category));
  eval.push_back(clock_ == Clock::kRedisServer ? std::string("server") : std::to_string(now));
  for (const auto& r : requests) {
    eval.push_back(std::to_string(r.count));
    eval.push_back(std::to_string(r.period));
  }
  auto replies = link_.run(std::span(&eval, 1));
  if (!replies) return std::nullopt;
  const auto& reply = replies->front();
  if (reply.kind != Reply::Kind::kArray || reply.elements.size() != requests.size()) {
    // A Redis that answers but refuses the script (out of memory, a replica that is read
    // only): limit alone, as when it is down.
    if (!refusal_logged_) {
      spdlog::error("Redis refused the rate-limit script, each replica limits alone: {}",
                    reply.is_error() ? reply.text : std::string("an unexpected reply"));
    }
    refusal_logged_ = true;
    return std::nullopt;
  }
  refusal_logged_ = false;
  std::vector<bot::RateLimiter::Decision> decisions;
  decisions.reserve(requests.size());
  for (const auto& e : reply.elements) {
    if (e.kind != Reply::Kind::kArray || e.elements.size() != 3) return std::nullopt;
    decisions.push_back({e.elements[0].integer == 1, e.elements[1].integer, e.elements[2].integer == 1});
  }
  return decisions;
}

}  // namespace redis

#include "redis/redis_cooldowns.hpp"

#include <algorithm>

namespace redis {

std::string keyword_cooldown_key(game::ChatId chat) {
  return "gofrobot:keyword:" + std::to_string(chat);
}

std::optional<std::int64_t> RedisCooldowns::claim_keyword_reply(game::ChatId chat,
                                                                std::int64_t seconds) {
  if (seconds <= 0) return 0;  // no cooldown: nothing to share
  const std::string key = keyword_cooldown_key(chat);
  const Command commands[] = {{"SET", key, "1", "NX", "EX", std::to_string(seconds)},
                              {"TTL", key}};
  auto replies = link_.run(commands);
  if (!replies || replies->size() != 2 || (*replies)[0].is_error()) return std::nullopt;
  if ((*replies)[0].kind == Reply::Kind::kStatus) return 0;  // OK: ours
  // Someone else's claim; its TTL (at least a second: it was there a moment ago).
  const auto& ttl = (*replies)[1];
  return ttl.kind == Reply::Kind::kInteger ? std::max<std::int64_t>(1, ttl.integer) : 1;
}

}  // namespace redis

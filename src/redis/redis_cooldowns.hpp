#pragma once
// bot::SharedCooldowns in Redis: a claim is SET NX with the cooldown as its expiry, and the
// TTL of a claim that was there already, in one round trip on the engine thread's Link.
// Asked only when this replica would reply (its own cooldown passed), so at most about one
// round trip per chat and cooldown. Redis unavailable: nothing, and each replica decides
// alone.
#include <string>

#include "bot/shared_cooldowns.hpp"
#include "redis/link.hpp"

namespace redis {

class RedisCooldowns final : public bot::SharedCooldowns {
 public:
  explicit RedisCooldowns(Link& link) : link_(link) {}
  std::optional<std::int64_t> claim_keyword_reply(game::ChatId chat, std::int64_t seconds) override;

 private:
  Link& link_;
};

// The key of a chat's keyword cooldown, for tests and operators.
std::string keyword_cooldown_key(game::ChatId chat);

}  // namespace redis

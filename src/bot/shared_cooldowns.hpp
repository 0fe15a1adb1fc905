#pragma once
// Cooldowns that replicas share (scale-out, with Redis): today the keyword responder's one
// reply per chat per cooldown (Appendix A decision 8). The bot only knows this interface;
// src/redis implements it.
#include <cstdint>
#include <optional>

#include "game/player.hpp"

namespace bot {

class SharedCooldowns {
 public:
  virtual ~SharedCooldowns() = default;
  // Claims the chat's keyword reply for `seconds`: 0 when this replica got it, else the
  // seconds another replica's claim still runs; nothing when the shared store is
  // unavailable (the caller then decides alone).
  virtual std::optional<std::int64_t> claim_keyword_reply(game::ChatId chat,
                                                          std::int64_t seconds) = 0;
};

}  // namespace bot

#include "bot/session_state.hpp"

#include <limits>

namespace bot {

bool SessionState::awaiting_nickname(game::ChatId chat, game::UserId user) const {
  return awaiting_.contains({chat, user});
}

void SessionState::set_awaiting_nickname(game::ChatId chat, game::UserId user, bool waiting) {
  if (waiting) {
    awaiting_.insert({chat, user});
  } else {
    awaiting_.erase({chat, user});
  }
}

void SessionState::offer(game::ChatId chat, const Challenge& challenge) {
  challenges_[{chat, challenge.attacker, challenge.target}] = challenge;
}

std::optional<Challenge> SessionState::take(game::ChatId chat, game::UserId attacker,
                                            game::UserId target, game::UnixTime now) {
  auto it = challenges_.find({chat, attacker, target});
  if (it == challenges_.end()) return std::nullopt;
  Challenge c = it->second;
  challenges_.erase(it);
  if (c.expires_at < now) return std::nullopt;
  return c;
}

bool SessionState::offered_by_other(game::ChatId chat, game::UserId presser, game::UserId target,
                                    game::UnixTime now) const {
  // Only this chat's challenges: keys are ordered by chat first.
  constexpr auto kLowest = std::numeric_limits<game::UserId>::min();
  for (auto it = challenges_.lower_bound({chat, kLowest, kLowest});
       it != challenges_.end() && std::get<0>(it->first) == chat; ++it) {
    const auto& c = it->second;
    if (c.target == target && c.attacker != presser && c.expires_at >= now) return true;
  }
  return false;
}

bool SessionState::keyword_reply_allowed(game::ChatId chat, game::UnixTime now,
                                         game::UnixTime cooldown) {
  auto it = keyword_replied_at_.find(chat);
  if (it != keyword_replied_at_.end() && now - it->second < cooldown) return false;
  keyword_replied_at_[chat] = now;
  return true;
}

void SessionState::expire(game::UnixTime now) {
  if (now >= expired_at_ && now - expired_at_ < 60) return;
  expired_at_ = now;
  std::erase_if(challenges_, [now](const auto& entry) { return entry.second.expires_at < now; });
}

}  // namespace bot

#include "bot/session_state.hpp"

#include <algorithm>
#include <limits>

namespace bot {

bool SessionState::awaiting_nickname(game::ChatId chat, game::UserId user) const {
  return awaiting_.contains({chat, user});
}

void SessionState::set_awaiting_nickname(game::ChatId chat, game::UserId user, bool waiting) {
  if (awaiting_nickname(chat, user) == waiting) return;
  if (sharing_) {
    using K = store::ConversationWrite::Kind;
    journal_.push_back({waiting ? K::kPromptSet : K::kPromptClear, chat, user, 0, {}, 0});
  }
  undo_.emplace_back([chat, user, waiting](SessionState& s) {
    if (waiting) {
      s.awaiting_.erase({chat, user});
    } else {
      s.awaiting_.insert({chat, user});
    }
  });
  if (waiting) {
    awaiting_.insert({chat, user});
  } else {
    awaiting_.erase({chat, user});
  }
}

std::optional<AdminInput> SessionState::admin_input(game::ChatId chat, game::UserId user) const {
  auto it = admin_inputs_.find({chat, user});
  if (it == admin_inputs_.end()) return std::nullopt;
  return it->second;
}

void SessionState::set_admin_input(game::ChatId chat, game::UserId user,
                                   std::optional<AdminInput> input) {
  const auto key = std::make_pair(chat, user);
  restore_later(&SessionState::admin_inputs_, key);
  if (input) {
    admin_inputs_[key] = *input;
  } else {
    admin_inputs_.erase(key);
  }
}

std::optional<std::string> SessionState::broadcast_draft(game::ChatId chat, game::UserId user) const {
  auto it = broadcast_drafts_.find({chat, user});
  if (it == broadcast_drafts_.end()) return std::nullopt;
  return it->second;
}

void SessionState::set_broadcast_draft(game::ChatId chat, game::UserId user,
                                       std::optional<std::string> text) {
  const auto key = std::make_pair(chat, user);
  restore_later(&SessionState::broadcast_drafts_, key);
  if (text) {
    broadcast_drafts_[key] = std::move(*text);
  } else {
    broadcast_drafts_.erase(key);
  }
}

void SessionState::offer(game::ChatId chat, const Challenge& challenge) {
  const auto key = std::make_tuple(chat, challenge.attacker, challenge.target);
  restore_later(&SessionState::challenges_, key);
  challenges_[key] = challenge;
  if (sharing_) {
    journal_.push_back({store::ConversationWrite::Kind::kOffer, chat, challenge.attacker, 0,
                        {chat, challenge.attacker, challenge.target, challenge.chance,
                         challenge.expires_at},
                        0});
  }
}

// Records how to put the entry under `key` of one of the maps back as it is now (or remove
// it, when there is none).
template <class Map>
void SessionState::restore_later(Map SessionState::*map, const typename Map::key_type& key) {
  auto it = (this->*map).find(key);
  std::optional<typename Map::mapped_type> before;
  if (it != (this->*map).end()) before = it->second;
  undo_.emplace_back([map, key, before](SessionState& s) {
    if (before) {
      (s.*map)[key] = *before;
    } else {
      (s.*map).erase(key);
    }
  });
}

std::optional<Challenge> SessionState::take(game::ChatId chat, game::UserId attacker,
                                            game::UserId target, game::UnixTime now) {
  const auto key = std::make_tuple(chat, attacker, target);
  auto it = challenges_.find(key);
  if (it == challenges_.end()) return std::nullopt;
  Challenge c = it->second;
  restore_later(&SessionState::challenges_, key);
  challenges_.erase(key);
  if (c.expires_at < now) return std::nullopt;
  if (sharing_) {
    journal_.push_back({store::ConversationWrite::Kind::kTake, chat, attacker, 0,
                        {chat, attacker, target, c.chance, c.expires_at}, now});
  }
  return c;
}

void SessionState::adopt_prompts(std::span<const std::pair<game::ChatId, game::UserId>> keys,
                                 std::span<const std::pair<game::ChatId, game::UserId>> present) {
  for (const auto& key : keys) awaiting_.erase(key);
  for (const auto& key : present) awaiting_.insert(key);
}

void SessionState::adopt_challenges(std::span<const game::ChatId> chats,
                                    std::span<const store::StoredChallenge> challenges) {
  constexpr auto kLowest = std::numeric_limits<game::UserId>::min();
  for (auto chat : chats) {
    auto it = challenges_.lower_bound({chat, kLowest, kLowest});
    while (it != challenges_.end() && std::get<0>(it->first) == chat) it = challenges_.erase(it);
  }
  for (const auto& c : challenges) {
    challenges_[{c.chat, c.attacker, c.target}] = Challenge{c.attacker, c.target, c.chance, c.expires_at};
  }
}

void SessionState::forget_challenge(game::ChatId chat, game::UserId attacker, game::UserId target) {
  challenges_.erase({chat, attacker, target});
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
  restore_later(&SessionState::keyword_replied_at_, chat);
  if (shared_cooldowns_) {
    // A claim is not undone with a rolled-back batch: the chat then misses one joke.
    const auto left = shared_cooldowns_->claim_keyword_reply(chat, cooldown);
    if (left && *left > 0) {
      // Another replica replied: as if this one had, when its claim began.
      keyword_replied_at_[chat] = now - (cooldown - std::min(*left, cooldown));
      return false;
    }
  }
  keyword_replied_at_[chat] = now;
  return true;
}

void SessionState::undo_to(Mark mark) {
  while (undo_.size() > mark) {
    auto undo = std::move(undo_.back());
    undo_.pop_back();
    undo(*this);
  }
}

// Expiry needs no undo: undoing a change to a challenge that expired meanwhile would only
// bring back a challenge nobody can use.
void SessionState::expire(game::UnixTime now) {
  if (now >= expired_at_ && now - expired_at_ < 60) return;
  expired_at_ = now;
  std::erase_if(challenges_, [now](const auto& entry) { return entry.second.expires_at < now; });
}

}  // namespace bot

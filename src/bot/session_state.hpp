#pragma once
// Conversation state the bot keeps in memory between updates: who is typing a nickname,
// pending fight challenges, the keyword responder's per-chat cooldown. Lost on restart by
// design (GAME.md §8, D-30): a user simply presses the button again.
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "game/player.hpp"

namespace bot {

struct Challenge {
  game::UserId attacker = 0;
  game::UserId target = 0;
  double chance = 0;  // computed once when offered (GAME.md §7.2 rule)
  game::UnixTime expires_at = 0;
};

class SessionState {
 public:
  // --- nickname conversation, per (chat, user) --------------------------------------
  bool awaiting_nickname(game::ChatId chat, game::UserId user) const;
  void set_awaiting_nickname(game::ChatId chat, game::UserId user, bool waiting);

  // --- fight challenges, per (chat, attacker, target); single use ---------------------
  void offer(game::ChatId chat, const Challenge& challenge);
  // Removes and returns the attacker's live challenge against target, if any.
  std::optional<Challenge> take(game::ChatId chat, game::UserId attacker, game::UserId target,
                                game::UnixTime now);
  // Whether someone else has a live challenge against target in this chat.
  bool offered_by_other(game::ChatId chat, game::UserId presser, game::UserId target,
                        game::UnixTime now) const;

  // --- keyword responder cooldown ------------------------------------------------------
  // True (and the cooldown restarts) when the chat may get a keyword reply now.
  bool keyword_reply_allowed(game::ChatId chat, game::UnixTime now, game::UnixTime cooldown);

  // Drops expired challenges, at most once a minute: the engine calls it every batch so
  // that challenges nobody confirmed do not pile up (memory, and offered_by_other's scan).
  void expire(game::UnixTime now);
  std::size_t challenges() const { return challenges_.size(); }

 private:
  std::set<std::pair<game::ChatId, game::UserId>> awaiting_;
  std::map<std::tuple<game::ChatId, game::UserId, game::UserId>, Challenge> challenges_;
  std::map<game::ChatId, game::UnixTime> keyword_replied_at_;
  game::UnixTime expired_at_ = 0;
};

}  // namespace bot

#pragma once
// Conversation state the bot keeps in memory between updates: who is typing a nickname,
// pending fight challenges, the keyword responder's per-chat cooldown. Lost on restart by
// design (GAME.md §8, D-30): a user simply presses the button again.
//
// Shared (several replicas on one PostgreSQL, store::Store::shares_conversation): the
// nickname prompt and the challenges are also journaled as they change, for the engine to
// write with the update that changed them, and before each batch the engine adopts what the
// database holds for the batch's senders and chats (adopt_*). The keyword cooldown is
// shared through Redis when there is one (SharedCooldowns); the admin prompts stay per
// process.
//
// It changes with the store's transactions: every change since a mark can be undone, so an
// update whose game changes are dropped (an error, a version conflict before its retry) or
// a batch whose commit failed leaves no trace here either. Otherwise a fight confirmation
// whose commit failed would have used up its challenge, and Telegram's redelivery of it
// would find none.
#include <map>
#include <optional>
#include <set>
#include <span>
#include <utility>
#include <string>
#include <functional>
#include <tuple>
#include <vector>

#include "bot/shared_cooldowns.hpp"
#include "game/player.hpp"
#include "store/records.hpp"

namespace bot {

// What an admin's next message in a private chat is read as (the admin panel's prompts).
enum class AdminInput { kPlayerLookup, kBroadcastText };

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

  // --- an admin's prompt, per (chat, user) -------------------------------------------
  std::optional<AdminInput> admin_input(game::ChatId chat, game::UserId user) const;
  void set_admin_input(game::ChatId chat, game::UserId user, std::optional<AdminInput> input);
  // The broadcast an admin is preparing (previewed, not confirmed yet).
  std::optional<std::string> broadcast_draft(game::ChatId chat, game::UserId user) const;
  void set_broadcast_draft(game::ChatId chat, game::UserId user, std::optional<std::string> text);

  // --- fight challenges, per (chat, attacker, target); single use ---------------------
  void offer(game::ChatId chat, const Challenge& challenge);
  // Removes and returns the attacker's live challenge against target, if any.
  std::optional<Challenge> take(game::ChatId chat, game::UserId attacker, game::UserId target,
                                game::UnixTime now);
  // Whether someone else has a live challenge against target in this chat.
  bool offered_by_other(game::ChatId chat, game::UserId presser, game::UserId target,
                        game::UnixTime now) const;

  // --- keyword responder cooldown ------------------------------------------------------
  // True (and the cooldown restarts) when the chat may get a keyword reply now. With shared
  // cooldowns, a reply this process would allow is claimed there too: refused while
  // another replica's claim runs (and not asked again until it ends).
  bool keyword_reply_allowed(game::ChatId chat, game::UnixTime now, game::UnixTime cooldown);
  void share_cooldowns(SharedCooldowns* shared) { shared_cooldowns_ = shared; }

  // Drops expired challenges, at most once a minute: the engine calls it every batch so
  // that challenges nobody confirmed do not pile up (memory, and offered_by_other's scan).
  void expire(game::UnixTime now);
  std::size_t challenges() const { return challenges_.size(); }

  // --- sharing --------------------------------------------------------------------------
  void share(bool on) { sharing_ = on; }
  bool sharing() const { return sharing_; }
  // The changes journaled since the last take or clear (kPromptSet without its expiry: the
  // engine sets it).
  std::vector<store::ConversationWrite> take_journal() { return std::exchange(journal_, {}); }
  void clear_journal() { journal_.clear(); }
  // What the database holds, replacing what this process had: of the (chat, user) pairs in
  // `keys`, those in `present` have a prompt; `challenges` are all the live ones of `chats`.
  // Not undoable: it is the truth, whatever this process does next.
  void adopt_prompts(std::span<const std::pair<game::ChatId, game::UserId>> keys,
                     std::span<const std::pair<game::ChatId, game::UserId>> present);
  void adopt_challenges(std::span<const game::ChatId> chats,
                        std::span<const store::StoredChallenge> challenges);
  // A challenge another process took (store::ChallengeGone): gone here too, for good.
  void forget_challenge(game::ChatId chat, game::UserId attacker, game::UserId target);

  // --- undo ----------------------------------------------------------------------------
  using Mark = std::size_t;
  Mark mark() const { return undo_.size(); }
  // Undoes every change made since `mark`, newest first.
  void undo_to(Mark mark);
  // The changes so far are final (their batch committed): nothing to undo any more.
  void keep() { undo_.clear(); }

 private:
  using ChallengeKey = std::tuple<game::ChatId, game::UserId, game::UserId>;
  template <class Map>
  void restore_later(Map SessionState::*map, const typename Map::key_type& key);

  std::set<std::pair<game::ChatId, game::UserId>> awaiting_;
  std::map<ChallengeKey, Challenge> challenges_;
  std::map<game::ChatId, game::UnixTime> keyword_replied_at_;
  std::map<std::pair<game::ChatId, game::UserId>, AdminInput> admin_inputs_;
  std::map<std::pair<game::ChatId, game::UserId>, std::string> broadcast_drafts_;
  game::UnixTime expired_at_ = 0;
  std::vector<std::function<void(SessionState&)>> undo_;
  bool sharing_ = false;
  SharedCooldowns* shared_cooldowns_ = nullptr;
  std::vector<store::ConversationWrite> journal_;
};

}  // namespace bot

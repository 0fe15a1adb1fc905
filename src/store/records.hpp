#pragma once
// Rows the storage layer keeps besides players (GAME.md §7.5, §10, §12).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "game/chat_stats.hpp"
#include "game/player.hpp"

namespace store {

using game::ChatId;
using game::UnixTime;
using game::UserId;

struct FightRecord {
  UserId winner_id = 0;
  UserId loser_id = 0;
  UnixTime created_at = 0;
};

// A matchmaking candidate: who, and how long (the distance that ranked it).
struct NearbyPlayer {
  UserId user_id = 0;
  double gofra_mm = 0;
  bool operator==(const NearbyPlayer&) const = default;
};

// Matchmaking order around `gofra_mm`: the closer first, equally close by user id.
inline bool nearer(const NearbyPlayer& a, const NearbyPlayer& b, double gofra_mm) {
  const double da = std::abs(a.gofra_mm - gofra_mm);
  const double db = std::abs(b.gofra_mm - gofra_mm);
  return da != db ? da < db : a.user_id < b.user_id;
}

struct FightStats {
  std::int64_t total = 0;
  std::int64_t wins = 0;
  std::int64_t losses = 0;
};

struct FightTopRow {
  game::Player player;
  std::int64_t wins = 0;
  std::int64_t losses = 0;
};

struct ChatInfo {
  ChatId chat_id = 0;
  std::string title;
  std::string type;  // "group", "supergroup"
  bool is_active = true;
  UnixTime created_at = 0;
  UnixTime last_activity = 0;
};

// One row of a chat's ranking with the member's game nickname.
struct ChatRankRow {
  game::ChatMemberStats stats;
  std::string nickname;
  std::int64_t rank = 0;  // 1-based, sequential
  bool operator==(const ChatRankRow&) const = default;
};

// A member's chat stats before and after an update. Engines write the difference as an
// increment, so two bot processes adding to the same row both count.
struct ChatMemberChange {
  game::ChatMemberStats before;
  game::ChatMemberStats after;
};

// A reply to send once the update's transaction committed (DESIGN.md §1, the outbox). It
// is kept with its update's id until it was delivered. The payload is opaque to the store:
// the transport wrote it and reads it back.
struct OutboxRow {
  std::int64_t update_id = 0;
  std::string payload;
};

// What the bot knows of a user outside the game: their @username (lower case, for the
// admin panel's lookup) and whether they talk to the bot in a private chat (a broadcast
// reaches only those). Written when it changes; `private_chat` once true stays true, and
// clears a mark that the user had blocked the bot.
struct ContactChange {
  UserId user_id = 0;
  std::string username;  // lower case, without '@'; may be empty
  bool private_chat = false;
};

// Conversation state that several processes share through the database (scale-out: a fight
// offered through one replica is confirmed through another; a nickname asked for by one is
// typed to another). Written with the update that changed it, in its transaction.
struct StoredChallenge {
  ChatId chat = 0;
  UserId attacker = 0;
  UserId target = 0;
  double chance = 0;
  UnixTime expires_at = 0;
};
struct ConversationWrite {
  enum class Kind {
    kPromptSet,    // `user` is typing a nickname in `chat`, until `expires_at`
    kPromptClear,  // no longer
    kOffer,        // `challenge` offered (replacing one of the same chat, attacker, target)
    kTake,         // `challenge` taken: it must still be there, live, or the change set is refused
  };
  Kind kind = Kind::kPromptSet;
  ChatId chat = 0;
  UserId user = 0;
  UnixTime expires_at = 0;     // kPromptSet
  StoredChallenge challenge;   // kOffer, kTake
  UnixTime at = 0;             // kTake: when taken; the challenge must still be live then
};

// An admin's ban or unban (the admin panel; bans are kept in the database).
struct BanChange {
  UserId user_id = 0;
  bool banned = true;
  UserId by = 0;
  UnixTime at = 0;
};

// One of the bot's switches kept in the database, shared by every replica (the maintenance
// switch of the admin panel: key "maintenance", value "on" or "off").
struct BotStateChange {
  std::string key;
  std::string value;
  UserId by = 0;
  UnixTime at = 0;
};

// An admin action, kept for the audit screen.
struct AuditEntry {
  UnixTime at = 0;
  UserId admin_id = 0;
  std::string action;  // a fixed word: "ban", "maintenance_on", "reload"…
  std::string detail;  // what it was done to, in words; never a secret
  bool operator==(const AuditEntry&) const = default;
};

// A broadcast of the admin panel, as kept (broadcasts): its text, who asked, and how far it
// went. Recipients are the contacts with a private chat who did not block the bot, in user
// id order; `cursor`: every recipient up to this id is done; `launched`: the calls to those
// up to this id were started (between the two: in doubt after a crash).
struct BroadcastRecord {
  std::int64_t id = 0;
  UserId created_by = 0;
  UnixTime created_at = 0;
  std::string text;
  std::string state = "running";  // running, done, cancelled
  std::int64_t recipients = 0;    // counted when it started
  UserId cursor = 0;
  UserId launched = 0;
  std::int64_t sent = 0;
  std::int64_t failed = 0;
  std::int64_t blocked = 0;   // answered 403: marked, skipped by later broadcasts
  std::int64_t in_doubt = 0;  // resent after a crash: they may have it twice
  ChatId progress_chat = 0;
  std::int64_t progress_message = 0;  // the message edited with the progress
  bool operator==(const BroadcastRecord&) const = default;
};

// The admin panel's durable effects of one update (rare: most change sets have none, and
// keep them behind a pointer so that the common change set stays small).
struct AdminChanges {
  std::vector<BanChange> bans;
  std::vector<BotStateChange> bot_states;
  std::vector<AuditEntry> audit;
  // A broadcast started (its id is given by the store), its progress (every field but the
  // state, text and creator), and its end ("done" or "cancelled": only a running one ends).
  std::optional<BroadcastRecord> new_broadcast;
  std::optional<BroadcastRecord> broadcast_progress;
  std::optional<std::pair<std::int64_t, std::string>> broadcast_end;
  // Users who blocked the bot (a broadcast's 403): skipped by later broadcasts until they
  // write to the bot privately again.
  std::vector<UserId> blocked;
};

// Everything one update changed; applied atomically.
struct ChangeSet {
  // Full rows after the change. `version` is the version the change was based on (0 for a
  // player not stored yet); a stored row with another version is a conflict.
  std::vector<game::Player> players;
  std::vector<FightRecord> fights;
  std::vector<ChatInfo> chats;  // upserts keeping created_at
  std::vector<ChatMemberChange> chat_members;
  // Players of `players` whose nickname is the one their stored version holds: the store
  // may leave the nickname unwritten (its unique index is rewritten by every write that sets
  // it, a fifth of the cost of a player update on SQLite). Only a hint: a player missing
  // here is written in full.
  std::vector<game::UserId> nickname_unchanged;
  // The Telegram update this change set belongs to: recorded as processed with it.
  std::optional<std::int64_t> update_id;
  // Its reply, pending in the outbox until delivered. Kept only with an update id: the
  // delivery is marked by that id.
  std::optional<std::string> reply;
  std::vector<ContactChange> contacts;
  // Shared conversation state (Store::shares_conversation): empty otherwise.
  std::vector<ConversationWrite> conversation;
  // The admin panel's durable effects, exactly once with the update that made them; null
  // for nearly every change set.
  std::shared_ptr<AdminChanges> admin_part;
  AdminChanges& admin() {
    if (!admin_part) admin_part = std::make_shared<AdminChanges>();
    return *admin_part;
  }
  const AdminChanges* admin_changes() const { return admin_part.get(); }
  // Davkas done by the update, for the day's count (the admin panel's statistics); fights
  // count from `fights`. `day`: the update's UTC day (days since the epoch).
  int davkas = 0;
  std::int64_t day = 0;

  bool keeps_nickname(game::UserId id) const {
    return std::find(nickname_unchanged.begin(), nickname_unchanged.end(), id) !=
           nickname_unchanged.end();
  }

  bool empty() const {
    return players.empty() && fights.empty() && chats.empty() && chat_members.empty() &&
           !update_id && contacts.empty() && conversation.empty() && !admin_part &&
           davkas == 0;
  }
};

}  // namespace store

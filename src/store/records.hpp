#pragma once
// Rows the storage layer keeps besides players (GAME.md §7.5, §10, §12).
#include <algorithm>
#include <cmath>
#include <cstdint>
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

  bool keeps_nickname(game::UserId id) const {
    return std::find(nickname_unchanged.begin(), nickname_unchanged.end(), id) !=
           nickname_unchanged.end();
  }

  bool empty() const {
    return players.empty() && fights.empty() && chats.empty() && chat_members.empty() &&
           !update_id;
  }
};

}  // namespace store

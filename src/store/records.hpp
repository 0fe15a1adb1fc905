#pragma once
// Rows the storage layer keeps besides players (GAME.md §7.5, §10, §12).
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
};

// Everything one update changed; committed atomically (one transaction).
struct ChangeSet {
  std::vector<game::Player> players;      // full rows after the change
  std::vector<FightRecord> fights;
  std::vector<ChatInfo> chats;            // upserts keeping created_at
  std::vector<game::ChatMemberStats> chat_members;  // full rows after the change

  bool empty() const {
    return players.empty() && fights.empty() && chats.empty() && chat_members.empty();
  }
};

}  // namespace store

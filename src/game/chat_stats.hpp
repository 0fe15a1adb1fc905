#pragma once
// Per-chat statistics of group mode (GAME.md §10.2–10.4).
#include <cstdint>
#include <optional>
#include <vector>

#include "game/balance.hpp"
#include "game/player.hpp"

namespace game {

struct ChatMemberStats {
  ChatId chat_id = 0;
  UserId user_id = 0;
  double total_zmiy_grams = 0;
  std::int64_t total_davki = 0;
  UnixTime last_davka_at = 0;
  bool operator==(const ChatMemberStats&) const = default;
};

// A chat davka adds to the member's totals (§10.3).
void record_chat_davka(ChatMemberStats& s, long grams, UnixTime now);

struct ChatAggregate {
  std::int64_t total_players = 0;
  double total_zmiy_grams = 0;
  std::int64_t total_davki = 0;
  UnixTime last_activity = 0;  // 0 = never
  std::int64_t active_players = 0;
  bool operator==(const ChatAggregate&) const = default;
};

// Chat ranking order: total descending, ties by user_id ascending.
bool chat_ranks_before(const ChatMemberStats& a, const ChatMemberStats& b);

// The whole-chat aggregate from all of the chat's member rows.
ChatAggregate aggregate(const std::vector<ChatMemberStats>& members, UnixTime now,
                        const Balance& balance);

// A member's place in the chat top for "my chat stats" (§10.4), over the whole chat.
struct ChatStanding {
  std::int64_t rank = 0;  // 1-based, sequential (no shared ranks)
  std::int64_t of = 0;    // members with a row in this chat
  std::optional<double> gap_up_grams;     // above - mine (>= 0); none for the leader
  std::optional<double> lead_down_grams;  // mine - below (>= 0); none for the last one
};

// The standing of `user_id` among all of the chat's member rows; nullopt without a row.
std::optional<ChatStanding> chat_standing(const std::vector<ChatMemberStats>& members,
                                          UserId user_id);

}  // namespace game

#pragma once
// One chat's whole ranking kept in memory (CachedStore keeps one per recently read chat), so
// that a chat top, a member's place, the chat's totals and the rank a chat davka shows cost
// no query.
//
// Invariant: the rows are every member row of the chat, in ranking order, as of the writes
// this process saw. A write is applied as the store applies it, as an increment, so the
// board and the database agree to the bit. Only what the process does not see (another
// process's writes) ages it; CachedStore reads it again after the leaderboards' maximum age.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "game/balance.hpp"
#include "game/chat_stats.hpp"
#include "store/records.hpp"

namespace store {

class ChatBoard {
 public:
  // `rows`: every member of the chat, in ranking order, with their nicknames.
  explicit ChatBoard(const std::vector<ChatRankRow>& rows);

  std::size_t size() const { return rows_.size(); }

  std::vector<ChatRankRow> ranking(int offset, int limit) const;
  std::optional<std::int64_t> rank(UserId user) const;
  std::optional<game::ChatMemberStats> member(UserId user) const;
  game::ChatAggregate aggregate(UnixTime now, const game::Balance& balance) const {
    return game::aggregate(rows_, now, balance);
  }

  // Adds the change's difference to the member's row (a new row holds the difference).
  // A member new to the board needs its nickname: false when `nickname` is null, and the
  // board is then unchanged and no longer complete (the caller drops it).
  bool add(const ChatMemberChange& change, const std::string* nickname);
  // The member's nickname changed (or was set); nothing when not a member.
  void rename(UserId user, const std::string& nickname);

 private:
  std::size_t position(UserId user) const;  // rows_.size() when not a member

  std::vector<game::ChatMemberStats> rows_;  // in ranking order
  std::unordered_map<UserId, std::string> nicknames_;
};

}  // namespace store

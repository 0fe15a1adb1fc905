#pragma once
// A batch's change sets merged into a few set-based statements, for PostgreSQL: one
// statement per table (`INSERT … SELECT FROM unnest(…)`, `UPDATE … FROM unnest(…)`) instead
// of a round trip, a savepoint and a statement per row for every change set. Each
// player's version is still checked, per row: an update statement must change exactly the
// rows it names, and an insert must insert every row, or the batch is refused as a whole
// (SqlStore then runs it again change set by change set, which finds the one at fault).
//
// Rows touched more than once in a batch are merged first (a player written by three
// change sets is one row: its last state, based on the first write's version, bumped
// three times), because one statement may not change a row twice.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "game/balance.hpp"
#include "store/records.hpp"
#include "store/sql/connection.hpp"

namespace store::sql {

class SetWrites {
 public:
  // Merges a change set in. False, and nothing merged, when it must be written alone: it
  // carries admin effects (written in order with everything else) or conversation state (a
  // challenge taken is checked on its own), repeats an update id, or
  // writes a player at a version that does not follow the one this batch writes.
  bool add(const ChangeSet& changes, const game::Balance& balance, std::int64_t now);

  bool empty() const;
  // Whether the merged writes change these rows (a read of them must write them first).
  bool touches_player(UserId id) const { return players_.contains(id) || pvp_.contains(id); }
  bool touches_fights_of(UserId id) const { return pvp_.contains(id); }  // winner or loser
  bool touches_member(ChatId chat, UserId user) const { return members_.contains({chat, user}); }
  // Whether an update id is merged (recorded as processed once these writes run).
  bool holds_update(std::int64_t update_id) const { return update_ids_.contains(update_id); }

  struct Plan {
    std::vector<Statement> statements;
    // Rows each statement must change; -1: any number.
    std::vector<std::int64_t> expected;
  };
  // The statements that write everything merged, players in user id order (replicas
  // writing the same players then lock them in the same order).
  Plan plan() const;
  void clear();

 private:
  struct ProcessedRow {
    std::int64_t update_id = 0;
    std::int64_t processed_at = 0;
    std::optional<std::string> reply;
  };
  struct PlayerRow {
    game::Player last;          // the state after the batch's last write
    std::int64_t base_version;  // the version the batch's first write was based on
    std::int64_t writes;        // how many change sets wrote it
    std::int64_t max_atm;
    std::int64_t atm_full_at;
  };
  struct PvpCounts {
    std::int64_t wins = 0;
    std::int64_t losses = 0;
  };
  struct MemberKey {
    ChatId chat;
    UserId user;
    bool operator==(const MemberKey&) const = default;
  };
  struct MemberKeyHash {
    std::size_t operator()(const MemberKey& k) const {
      return std::hash<std::int64_t>{}(k.chat) * 31 + std::hash<std::int64_t>{}(k.user);
    }
  };
  struct MemberDelta {
    double zmiy = 0;
    std::int64_t davki = 0;
    UnixTime last_davka_at = 0;
  };

  std::vector<ProcessedRow> processed_;
  std::unordered_set<std::int64_t> update_ids_;
  std::unordered_map<UserId, PlayerRow> players_;
  std::vector<FightRecord> fights_;
  std::unordered_map<UserId, PvpCounts> pvp_;
  std::unordered_map<ChatId, ChatInfo> chats_;
  std::unordered_map<MemberKey, MemberDelta, MemberKeyHash> members_;
  std::unordered_map<UserId, ContactChange> contacts_;
};

}  // namespace store::sql

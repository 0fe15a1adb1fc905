#pragma once
// The storage interface (DESIGN.md §2): everything the game reads and writes.
// Reads see every change committed before them. Implementations: MemoryStore (tests,
// terminal play), SQLite and PostgreSQL (durable).
#include <optional>
#include <string_view>
#include <vector>

#include "game/balance.hpp"
#include "game/tops.hpp"
#include "store/records.hpp"

namespace store {

// Thrown by commit() when a player's nickname is taken (case-folded) by another player.
struct NicknameTaken {
  UserId owner = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // --- players -------------------------------------------------------------------------
  virtual std::optional<game::Player> find_player(UserId id) = 0;
  // Owner of a case-folded nickname (game::fold_nickname), if any.
  virtual std::optional<UserId> nickname_owner(std::string_view folded) = 0;
  virtual std::int64_t player_count() = 0;
  // Best `limit` players by `key` (exact value desc, user_id asc). kAtm is ranked by
  // atmospheres regenerated to `now`.
  virtual std::vector<game::Player> top_players(game::TopKey key, int limit, UnixTime now,
                                                const game::Balance& balance) = 0;
  // 1-based position of the player in that ranking; nullopt for an unknown player.
  virtual std::optional<std::int64_t> player_rank(UserId id, game::TopKey key, UnixTime now,
                                                  const game::Balance& balance) = 0;
  // Up to `limit` other players closest in gofra_mm (matchmaking, Appendix A decision 5).
  virtual std::vector<game::Player> players_near(double gofra_mm, UserId exclude,
                                                 int limit) = 0;

  // --- fights --------------------------------------------------------------------------
  virtual std::int64_t fights_since(UserId id, UnixTime since) = 0;
  virtual FightStats fight_stats(UserId id) = 0;
  // Players with at least one win: wins desc, win rate desc, user_id asc.
  virtual std::vector<FightTopRow> fight_top(int limit) = 0;

  // --- chats ---------------------------------------------------------------------------
  virtual std::optional<ChatInfo> find_chat(ChatId id) = 0;
  virtual std::optional<game::ChatMemberStats> chat_member(ChatId chat, UserId user) = 0;
  // Rows [offset, offset+limit) of the chat ranking (total desc, user_id asc).
  virtual std::vector<ChatRankRow> chat_ranking(ChatId chat, int offset, int limit) = 0;
  // 1-based rank of the user in the chat; nullopt without a row.
  virtual std::optional<std::int64_t> chat_rank(ChatId chat, UserId user) = 0;
  virtual game::ChatAggregate chat_aggregate(ChatId chat, UnixTime now,
                                             const game::Balance& balance) = 0;

  // --- writes --------------------------------------------------------------------------
  // Applies all of `changes` atomically, or nothing (throws). Player versions are bumped.
  virtual void commit(const ChangeSet& changes) = 0;
};

}  // namespace store

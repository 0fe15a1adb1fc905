#pragma once
// The head of one ranking (the first kRankedPlaces players) kept in memory, so that a top
// or a position costs no query (CachedStore owns one per key).
//
// Invariant: the rows are exactly the first rows().size() players of the ranking, as of
// the writes this process saw; `complete` when they are every player. Writes move a player
// inside the head, let it in, or push it out (the head then holds one row less but stays
// exact); only what the process does not see — another process's writes, atmospheres
// regenerating — ages it, which is what the maximum age bounds.
#include <chrono>
#include <cstdint>
#include <optional>
#include <unordered_set>
#include <vector>

#include "game/balance.hpp"
#include "game/player.hpp"
#include "game/tops.hpp"

namespace store {

class Leaderboard {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Leaderboard(game::TopKey key) : key_(key) {}

  // Replaces the head with `rows`, the first `capacity` players of the ranking at `now`
  // (fewer when that is everybody).
  void load(std::vector<game::Player> rows, std::size_t capacity, game::UnixTime now,
            Clock::time_point loaded_at, const game::Balance& balance);
  void invalidate() { loaded_ = false; }

  // Loaded under this balance, and younger than max_age both by the clock and, for the
  // atmospheres that regenerate with time, in game time at `now`.
  bool fresh(game::UnixTime now, Clock::time_point at, std::chrono::milliseconds max_age,
             const game::Balance& balance) const;

  // Whether the head holds its first `rows` rows (or everybody). Writes that push players
  // out of it make it hold fewer.
  bool holds(std::size_t rows) const { return loaded_ && (complete_ || rows_.size() >= rows); }
  // Whether it can tell any player's position within its capacity.
  bool knows_positions() const { return holds(capacity_); }
  // The first `limit` rows at `now` (call holds(limit) first).
  std::vector<game::Player> top(int limit, game::UnixTime now);
  // 1-based position if the player is in the head (call knows_positions() first).
  std::optional<std::int64_t> position(game::UserId id, game::UnixTime now);

  // A player written (committed or in the open batch) with these values; a row older than
  // the one held (by version) changes nothing.
  void on_write(const game::Player& player);

 private:
  // Atmospheres rank by their regenerated count: the order is that of sorted_at_.
  void sort_at(game::UnixTime now);
  bool before(const game::Player& a, const game::Player& b) const;

  game::TopKey key_;
  bool loaded_ = false;
  bool complete_ = false;
  std::size_t capacity_ = 0;
  std::vector<game::Player> rows_;
  // The ids in rows_: a write of a player outside the head (most writes) looks for its old
  // row with one lookup instead of a scan of every row.
  std::unordered_set<game::UserId> members_;
  game::UnixTime sorted_at_ = 0;  // game time of the order (matters for kAtm only)
  game::UnixTime loaded_now_ = 0;
  Clock::time_point loaded_at_{};
  game::Balance balance_;  // the atmospheres' regeneration speed orders kAtm
};

}  // namespace store

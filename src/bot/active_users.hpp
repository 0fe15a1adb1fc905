#pragma once
// Distinct users seen within the last 5 minutes, hour, day and week (bot_active_users), exactly:
// each user's last minute is kept, users are counted in per-minute buckets, and each
// window's count is kept up to date as users come and minutes pass (no scan per update or
// per scrape). Memory is bounded by the users of the last week (a map entry each); those seen
// longer ago are forgotten in one sweep once they are as many as the live ones (and at
// least kSweepSlack), so the sweep costs O(1) per user forgotten.
// Engine thread only.
#include <array>
#include <cstdint>
#include <unordered_map>

#include "game/player.hpp"

namespace bot {

class ActiveUsers {
 public:
  static constexpr std::array<std::int64_t, 4> kWindowMinutes{5, 60, 1440, 10080};
  static constexpr std::size_t kSweepSlack = 1024;

  // `now` may go backwards (a clock step): it then counts as the newest minute seen.
  void seen(game::UserId user, game::UnixTime now);
  // Distinct users in each window of kWindowMinutes, at the newest minute seen or `now`,
  // whichever is later.
  std::array<std::int64_t, 4> counts(game::UnixTime now);
  // Users kept in memory (the last week's, plus any not swept yet).
  std::size_t tracked() const { return last_minute_.size(); }

 private:
  static constexpr std::int64_t kSpan = kWindowMinutes.back();  // the longest window, minutes
  // Moves the newest minute forward to `minute`, letting the buckets that leave each window go.
  void advance(std::int64_t minute);
  std::int64_t& bucket(std::int64_t minute) { return per_minute_[static_cast<std::size_t>(minute % kSpan)]; }
  void sweep();

  std::unordered_map<game::UserId, std::int64_t> last_minute_;
  std::array<std::int64_t, kSpan> per_minute_{};  // users whose last minute is this one
  std::array<std::int64_t, 4> in_window_{};
  std::int64_t newest_ = -1;  // the newest minute seen; -1: none yet
};

}  // namespace bot

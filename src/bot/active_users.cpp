#include "bot/active_users.hpp"

#include <algorithm>

namespace bot {

void ActiveUsers::advance(std::int64_t minute) {
  if (newest_ < 0) {
    newest_ = minute;
    return;
  }
  if (minute <= newest_) return;
  if (minute - newest_ >= kSpan) {
    // A week or more with nobody: every bucket is out of every window.
    per_minute_.fill(0);
    in_window_.fill(0);
    newest_ = minute;
    sweep();
    return;
  }
  for (std::int64_t m = newest_ + 1; m <= minute; ++m) {
    // Minute m - w leaves window w as minute m arrives.
    for (std::size_t w = 0; w < kWindowMinutes.size(); ++w) {
      const std::int64_t leaving = m - kWindowMinutes[w];
      if (leaving > newest_ - kSpan && leaving >= 0) in_window_[w] -= bucket(leaving);
    }
    bucket(m) = 0;  // the slot held minute m - kSpan, which has now left the longest window
  }
  newest_ = minute;
  if (last_minute_.size() >= 2 * static_cast<std::size_t>(in_window_.back()) + kSweepSlack) sweep();
}

void ActiveUsers::seen(game::UserId user, game::UnixTime now) {
  advance(std::max<std::int64_t>(now / 60, 0));
  const std::int64_t minute = newest_;
  auto [it, inserted] = last_minute_.try_emplace(user, minute);
  if (!inserted) {
    const std::int64_t old = it->second;
    if (old == minute) return;
    if (old > minute - kSpan) bucket(old)--;
    for (std::size_t w = 0; w < kWindowMinutes.size(); ++w) {
      if (old <= minute - kWindowMinutes[w]) in_window_[w]++;  // back in a window it had left
    }
    it->second = minute;
  } else {
    for (auto& count : in_window_) count++;
  }
  bucket(minute)++;
}

std::array<std::int64_t, 4> ActiveUsers::counts(game::UnixTime now) {
  advance(std::max<std::int64_t>(now / 60, 0));
  return in_window_;
}

void ActiveUsers::sweep() {
  std::erase_if(last_minute_, [&](const auto& entry) { return entry.second <= newest_ - kSpan; });
}

}  // namespace bot

#pragma once
// The time the game runs on: the system clock, except that it never goes back. An NTP step
// or an operator's `date -s` can set the system clock back by seconds or hours; a game time
// that followed it would make atmospheres, limits and challenges see time run backwards
// between two batches (a limit's next free slot receding, a challenge that expired coming
// back to life). So a step back holds game time where it was until the clock catches up —
// as if time paused — and is logged once. A step forward is taken as it comes: it cannot
// be told from a quiet spell, and it only makes waits end early.
#include <functional>
#include <mutex>

#include "game/player.hpp"

namespace bot {

class GameTime {
 public:
  using Source = std::function<game::UnixTime()>;

  // `wall`: the system clock in Unix seconds (replaceable for tests).
  explicit GameTime(Source wall);

  game::UnixTime now();
  // Steps back seen so far (each logged once).
  long steps_back() const;

 private:
  Source wall_;
  mutable std::mutex mutex_;
  game::UnixTime last_ = 0;
  bool holding_ = false;  // in a step back: the clock has not caught up yet
  long steps_back_ = 0;
};

}  // namespace bot

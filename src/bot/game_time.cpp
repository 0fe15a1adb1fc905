#include "bot/game_time.hpp"

#include <spdlog/spdlog.h>

namespace bot {

GameTime::GameTime(Source wall) : wall_(std::move(wall)) {}

game::UnixTime GameTime::now() {
  const auto wall = wall_();
  std::lock_guard lock(mutex_);
  if (wall >= last_) {
    if (holding_) spdlog::info("the system clock caught up with game time; game time follows it again");
    holding_ = false;
    last_ = wall;
    return wall;
  }
  if (!holding_) {
    holding_ = true;
    ++steps_back_;
    spdlog::warn("the system clock stepped back by {} s; game time holds at {} until it catches up",
                 last_ - wall, last_);
  }
  return last_;
}

long GameTime::steps_back() const {
  std::lock_guard lock(mutex_);
  return steps_back_;
}

}  // namespace bot

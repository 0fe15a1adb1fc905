#pragma once
// The player record (GAME.md §1). Plain data: rules in the other headers change it.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "game/balance.hpp"

namespace game {

using UserId = std::int64_t;
using ChatId = std::int64_t;
using UnixTime = std::int64_t;  // seconds

struct Player {
  UserId user_id = 0;
  std::string nickname;
  double gofra_mm = 10.0;
  double cable_mm = 10.0;
  double zmiy_grams = 0.0;
  double total_zmiy_grams = 0.0;
  std::int64_t total_davki = 0;
  int atm_count = 12;
  UnixTime last_update = 0;  // regeneration anchor (§3)
  UnixTime last_davka = 0;
  std::int64_t experience = 0;
  bool nickname_changed = false;
  // Optimistic-concurrency version, bumped by the store on every committed write.
  std::int64_t version = 0;

  // Derived sort keys kept for schema compatibility (§1): whole centimetres and 5 mm steps.
  std::int64_t gofra() const { return static_cast<std::int64_t>(std::floor(gofra_mm / 10.0)); }
  std::int64_t cable_power() const { return static_cast<std::int64_t>(std::floor(cable_mm / 5.0)); }

  bool operator==(const Player&) const = default;
};

std::string default_nickname(UserId id);
// Whether `nickname` is exactly default_nickname(id) (without building that string).
bool is_default_nickname(std::string_view nickname, UserId id);

// A brand-new record as the first load of an unknown user creates it (§1).
Player new_player(UserId id, UnixTime now, const Balance& balance);

}  // namespace game

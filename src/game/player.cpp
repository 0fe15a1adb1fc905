#include "game/player.hpp"

namespace game {

std::string default_nickname(UserId id) { return "Пацанчик_" + std::to_string(id); }

Player new_player(UserId id, UnixTime now, const Balance& balance) {
  Player p;
  p.user_id = id;
  p.nickname = default_nickname(id);
  p.gofra_mm = balance.start_gofra_mm;
  p.cable_mm = balance.start_cable_mm;
  p.atm_count = balance.atm_max;
  // A new player starts full; the anchor only matters once a davka empties the tank.
  p.last_update = now;
  return p;
}

}  // namespace game

#pragma once
// The users row <-> game::Player mapping shared by the store, the migration and the import.
#include <cstdint>
#include <string_view>

#include "game/player.hpp"
#include "store/sql/connection.hpp"

namespace store::sql {

// Column list of every player SELECT, in the order player_from_row reads it.
inline constexpr std::string_view kPlayerColumns =
    "user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version";

// The columns every player write sets after the nickname, in the order of the write
// statements (kInsertPlayer, kUpdatePlayer*, kBatchInsertPlayers, kBatchUpdatePlayers):
// emit(value) for each, as a double or an int64. `max_atm` and `atm_full_at` are stored
// with the row, computed under the running balance.
template <class Emit>
void emit_player_state(const game::Player& p, std::int64_t max_atm, std::int64_t atm_full_at,
                       Emit&& emit) {
  emit(p.gofra_mm);
  emit(p.cable_mm);
  emit(p.gofra());
  emit(p.cable_power());
  emit(p.zmiy_grams);
  emit(p.total_zmiy_grams);
  emit(p.total_davki);
  emit(static_cast<std::int64_t>(p.atm_count));
  emit(max_atm);
  emit(p.last_update);
  emit(p.last_davka);
  emit(p.experience);
  emit(static_cast<std::int64_t>(p.nickname_changed ? 1 : 0));
  emit(atm_full_at);
}

// A row of kPlayerColumns (starting at column `first`). NULLs of an original database read
// as the defaults of a new player (GAME.md §1).
game::Player player_from_row(const Row& row, std::size_t first = 0);

}  // namespace store::sql

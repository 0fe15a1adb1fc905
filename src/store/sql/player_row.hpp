#pragma once
// The users row <-> game::Player mapping shared by the store, the migration and the import.
#include <string_view>

#include "game/player.hpp"
#include "store/sql/connection.hpp"

namespace store::sql {

// Column list of every player SELECT, in the order player_from_row reads it.
inline constexpr std::string_view kPlayerColumns =
    "user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version";

// A row of kPlayerColumns (starting at column `first`). NULLs of an original database read
// as the defaults of a new player (GAME.md §1).
game::Player player_from_row(const Row& row, std::size_t first = 0);

}  // namespace store::sql

#include "store/sql/player_row.hpp"

namespace store::sql {

game::Player player_from_row(const Row& row, std::size_t first) {
  game::Player p;
  p.user_id = row.integer(first + 0);
  p.nickname = row.text(first + 1);
  if (p.nickname.empty()) p.nickname = game::default_nickname(p.user_id);
  p.gofra_mm = row.real(first + 2, 10.0);
  p.cable_mm = row.real(first + 3, 10.0);
  p.zmiy_grams = row.real(first + 4, 0.0);
  p.total_zmiy_grams = row.real(first + 5, 0.0);
  p.total_davki = row.integer(first + 6, 0);
  p.atm_count = static_cast<int>(row.integer(first + 7, 12));
  p.last_update = row.integer(first + 8, 0);
  p.last_davka = row.integer(first + 9, 0);
  p.experience = row.integer(first + 10, 0);
  p.nickname_changed = row.integer(first + 11, 0) != 0;
  p.version = row.integer(first + 12, 0);
  return p;
}

}  // namespace store::sql

#include "game/pvp.hpp"

#include <algorithm>

#include "game/numeric.hpp"

namespace game {

bool can_fight(int fights_in_window, const Balance& balance) {
  return fights_in_window < balance.pvp_fights_per_window;
}

double pvp_chance(const Player& attacker, const Player& defender, Random& rng,
                  const Balance& balance) {
  const double raw = balance.pvp_base_chance +
                     (attacker.cable_mm - defender.cable_mm) * balance.pvp_cable_mult +
                     (attacker.gofra_mm - defender.gofra_mm) * balance.pvp_gofra_mult +
                     rng.uniform(-balance.pvp_jitter, balance.pvp_jitter);
  // Round first, then clamp: the bounds are whole numbers, so the order does not matter for
  // the value, and the result always has one decimal.
  return std::clamp(py_round(raw, 1), balance.pvp_min_chance, balance.pvp_max_chance);
}

double attacker_win_gain(double attacker_gofra_mm, double defender_gofra_mm,
                         const Balance& balance) {
  // Beating a longer gofra pays more, beating a shorter one less (but never below the floor).
  const double d = defender_gofra_mm - attacker_gofra_mm;
  const double gain =
      d > 0 ? balance.pvp_attacker_gain_base +
                  std::min(d / balance.pvp_attacker_gain_up_divisor, balance.pvp_attacker_gain_up_cap)
            : std::max(balance.pvp_attacker_gain_min,
                       balance.pvp_attacker_gain_base + d / balance.pvp_attacker_gain_down_divisor);
  return py_round(gain, 2);
}

double defender_win_gain(double attacker_gofra_mm, double defender_gofra_mm,
                         const Balance& balance) {
  // Mirrors the attacker's formula from the defender's side, with half the stakes.
  const double d = attacker_gofra_mm - defender_gofra_mm;
  const double gain =
      d > 0 ? balance.pvp_defender_gain_base +
                  std::min(d / balance.pvp_defender_gain_up_divisor, balance.pvp_defender_gain_up_cap)
            : std::max(balance.pvp_defender_gain_min,
                       balance.pvp_defender_gain_base + d / balance.pvp_defender_gain_down_divisor);
  return py_round(gain, 2);
}

FightOutcome resolve_fight(Player& attacker, Player& defender, double chance, Random& rng,
                           const Balance& balance) {
  FightOutcome o;
  o.chance = chance;
  o.attacker_won = rng.random() < chance / 100.0;
  // Gains depend on the lengths before the fight, so compute them before changing anything.
  if (o.attacker_won) {
    o.gofra_gain_mm = attacker_win_gain(attacker.gofra_mm, defender.gofra_mm, balance);
    o.cable_gain_mm = balance.pvp_attacker_cable_gain;
  } else {
    // Appendix A decision 7: the defender is rewarded in private fights too.
    o.gofra_gain_mm = defender_win_gain(attacker.gofra_mm, defender.gofra_mm, balance);
    o.cable_gain_mm = balance.pvp_defender_cable_gain;
  }
  Player& winner = o.attacker_won ? attacker : defender;
  const Player& loser = o.attacker_won ? defender : attacker;
  winner.gofra_mm += o.gofra_gain_mm;
  winner.cable_mm += o.cable_gain_mm;
  o.winner_id = winner.user_id;
  o.loser_id = loser.user_id;
  o.winner_new_gofra_mm = winner.gofra_mm;
  o.winner_new_cable_mm = winner.cable_mm;
  return o;
}

}  // namespace game

#pragma once
// PvP, the радёмка (GAME.md §7 with Appendix A decisions 5–7).
#include "game/balance.hpp"
#include "game/player.hpp"
#include "game/random.hpp"

namespace game {

// Whether a player with `fights_in_window` fights in the last window may fight again (§7.1).
bool can_fight(int fights_in_window, const Balance& balance);

// Win chance of the attacker in percent, rounded to one decimal and clamped (§7.2).
// Draws the jitter from rng: compute it once per challenge and keep it.
double pvp_chance(const Player& attacker, const Player& defender, Random& rng,
                  const Balance& balance);

// Gofra gain of an attacker who won, round(x, 2) (§7.4).
double attacker_win_gain(double attacker_gofra_mm, double defender_gofra_mm,
                         const Balance& balance);
// Gofra gain of a defender who won, round(x, 2) (§7.4, both modes per decision 7).
double defender_win_gain(double attacker_gofra_mm, double defender_gofra_mm,
                         const Balance& balance);

struct FightOutcome {
  bool attacker_won = false;
  double chance = 0;  // the chance used, in percent
  UserId winner_id = 0;
  UserId loser_id = 0;
  double gofra_gain_mm = 0;  // of the winner
  double cable_gain_mm = 0;  // of the winner
  double winner_new_gofra_mm = 0;
  double winner_new_cable_mm = 0;
};

// Rolls the fight with the stored chance and applies the winner's rewards.
// The loser never loses anything.
FightOutcome resolve_fight(Player& attacker, Player& defender, double chance, Random& rng,
                           const Balance& balance);

}  // namespace game

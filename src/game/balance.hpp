#pragma once
// Every tunable number of the game rules (GAME.md §3, §4.2, §7; Appendix A decision 11).
// The defaults are the seed's numbers; src/ops/config fills this struct from the
// [balance] section of the configuration, so an operator can change the balance live.
#include <cstdint>

namespace game {

struct Balance {
  // Player defaults (GAME.md §1).
  double start_gofra_mm = 10.0;
  double start_cable_mm = 10.0;

  // Atmospheres (§3).
  int atm_max = 12;
  double atm_base_seconds = 7200.0;  // one atmosphere at speed x1.0

  // Davka (§4.2).
  double gofra_exp_per_gram = 0.02;
  double min_gofra_exp = 0.8;
  double gofra_soft_cap_mm = 500.0;
  double gofra_soft_cap_mult = 0.3;       // floor of the reduction factor
  double gofra_soft_cap_scale_mm = 5000.0;  // reduction = 1 - over/(over+scale)*strength
  double gofra_soft_cap_strength = 0.7;
  double cable_mm_per_kg = 0.2;
  double min_cable_gain = 0.05;
  double cable_chance_small = 0.08;

  // PvP chance (§7.2), in percent.
  double pvp_base_chance = 50.0;
  double pvp_cable_mult = 0.02;
  double pvp_gofra_mult = 0.0005;
  double pvp_jitter = 5.0;
  double pvp_min_chance = 15.0;
  double pvp_max_chance = 85.0;

  // PvP rewards (§7.4, Appendix A decision 7).
  double pvp_attacker_cable_gain = 0.2;
  double pvp_attacker_gain_base = 12.0;
  double pvp_attacker_gain_up_divisor = 100.0;  // when the defender is longer
  double pvp_attacker_gain_up_cap = 8.0;
  double pvp_attacker_gain_down_divisor = 200.0;  // when the attacker is longer
  double pvp_attacker_gain_min = 5.0;
  double pvp_defender_cable_gain = 0.1;
  double pvp_defender_gain_base = 6.0;
  double pvp_defender_gain_up_divisor = 200.0;
  double pvp_defender_gain_up_cap = 4.0;
  double pvp_defender_gain_down_divisor = 400.0;
  double pvp_defender_gain_min = 2.5;

  // PvP limits (§7.1, §7.3).
  int pvp_fights_per_window = 10;
  std::int64_t pvp_window_seconds = 3600;
  std::int64_t pvp_challenge_ttl_seconds = 300;
  int pvp_matchmaking_pool = 50;  // Appendix A decision 5

  // Group mode (§10.3).
  std::int64_t chat_active_window_seconds = 7 * 24 * 3600;

  bool operator==(const Balance&) const = default;
};

}  // namespace game

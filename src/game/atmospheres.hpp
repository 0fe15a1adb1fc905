#pragma once
// Atmospheres, the energy of the davka (GAME.md §3, Appendix A decision 13).
#include "game/balance.hpp"
#include "game/player.hpp"

namespace game {

// Seconds one atmosphere takes at the player's current gofra speed.
double seconds_per_atm(double gofra_mm, const Balance& balance);

// Lazy regeneration: brings atm_count and the anchor last_update up to `now`.
// At the cap nothing accrues and the anchor stays; the partial atmosphere is kept.
void regenerate(Player& p, UnixTime now, const Balance& balance);

// The count regenerate() would bring the record to, without a copy of the record to change
// (the atmospheres top ranks by it, in comparisons).
int atm_count_at(const Player& p, UnixTime now, const Balance& balance);

// The moment regeneration reaches the cap from the stored count and anchor: the stored
// record is full at any now >= atm_full_at (the smallest time when already full).
// Stores index it to rank regenerated atmospheres without computing every player.
UnixTime atm_full_at(const Player& p, const Balance& balance);

struct RegenTime {
  double per_atm_seconds = 0;   // one atmosphere
  int missing = 0;              // atmospheres still missing
  double to_next_seconds = 0;   // exact time until the next atmosphere (0 when full)
  double to_full_seconds = 0;   // exact time until all are back (0 when full)
};

// Timings for the info screens, from an already regenerated player.
RegenTime regen_time(const Player& p, UnixTime now, const Balance& balance);

}  // namespace game

#include "game/atmospheres.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "game/levels.hpp"

namespace game {

double seconds_per_atm(double gofra_mm, const Balance& balance) {
  return balance.atm_base_seconds / atm_speed(gofra_mm);
}

namespace {

// What regeneration brings a record to by `now`: the count and the anchor.
struct Regenerated {
  int atm_count;
  UnixTime last_update;
};

Regenerated regenerated(const Player& p, UnixTime now, const Balance& balance) {
  // At the cap time does not bank, and the anchor stays until the next davka resets it.
  if (p.atm_count >= balance.atm_max) return {p.atm_count, p.last_update};
  const double per = seconds_per_atm(p.gofra_mm, balance);
  if (!(per > 0)) {
    // A misconfigured zero base time would divide by zero: treat it as instant refill.
    return {balance.atm_max, now};
  }
  const UnixTime elapsed = now - p.last_update;
  if (static_cast<double>(elapsed) < per) return {p.atm_count, p.last_update};

  const double k = std::floor(static_cast<double>(elapsed) / per);
  const auto count = static_cast<int>(
      std::min(static_cast<double>(balance.atm_max), static_cast<double>(p.atm_count) + k));
  // The anchor moves by exactly the k atmospheres granted, so the partial progress towards
  // the next one is kept. The anchor is whole seconds: rounding the advance up keeps
  // regeneration idempotent (a regenerated record regenerates to itself) at the price of
  // under a second per step; rounding down could grant one more atmosphere on a second call.
  const auto advance = static_cast<UnixTime>(std::ceil(k * per));
  return {count, p.last_update + std::min(advance, elapsed)};
}

}  // namespace

void regenerate(Player& p, UnixTime now, const Balance& balance) {
  const auto r = regenerated(p, now, balance);
  p.atm_count = r.atm_count;
  p.last_update = r.last_update;
}

int atm_count_at(const Player& p, UnixTime now, const Balance& balance) {
  return regenerated(p, now, balance).atm_count;
}

UnixTime atm_full_at(const Player& p, const Balance& balance) {
  // A full record is full at any time, even before its anchor (a clock that stepped back,
  // another process's clock ahead of ours).
  const int missing = balance.atm_max - p.atm_count;
  if (missing <= 0) return std::numeric_limits<UnixTime>::min();
  const double per = seconds_per_atm(p.gofra_mm, balance);
  if (!(per > 0)) return std::numeric_limits<UnixTime>::min();
  return p.last_update + static_cast<UnixTime>(std::ceil(per * missing));
}

RegenTime regen_time(const Player& p, UnixTime now, const Balance& balance) {
  RegenTime t;
  t.per_atm_seconds = seconds_per_atm(p.gofra_mm, balance);
  t.missing = std::max(0, balance.atm_max - p.atm_count);
  if (t.missing == 0) return t;
  // Time since the anchor is the partial progress; a clock behind the anchor counts as none.
  const double partial =
      std::clamp(static_cast<double>(now - p.last_update), 0.0, t.per_atm_seconds);
  t.to_next_seconds = t.per_atm_seconds - partial;
  t.to_full_seconds = t.per_atm_seconds * t.missing - partial;
  return t;
}

}  // namespace game

#include "game/davka.hpp"

#include <algorithm>
#include <cmath>

#include "game/atmospheres.hpp"
#include "game/numeric.hpp"

namespace game {

namespace {
constexpr double kGramsPerKg = 1000.0;
}  // namespace

double davka_exp_mm(long grams, double gofra_mm, const Balance& balance) {
  double gain =
      std::max(balance.min_gofra_exp, static_cast<double>(grams) * balance.gofra_exp_per_gram);
  // The soft cap starts strictly above the threshold (GAME.md §4.2: 100 g at 500 mm is uncapped).
  if (gofra_mm > balance.gofra_soft_cap_mm) {
    const double over = gofra_mm - balance.gofra_soft_cap_mm;
    const double reduction =
        1.0 - (over / (over + balance.gofra_soft_cap_scale_mm)) * balance.gofra_soft_cap_strength;
    gain *= std::max(balance.gofra_soft_cap_mult, reduction);
  }
  return py_round(gain, 2);
}

std::int64_t davka_experience(double exp_mm) {
  // Python's int(exp * 10) on a non-negative value: the product is taken in double first,
  // so 0.57 gives 5, as in the original.
  return static_cast<std::int64_t>(std::floor(exp_mm * 10));
}

double davka_cable_gain(long grams, Random& rng, const Balance& balance) {
  double cable = (static_cast<double>(grams) / kGramsPerKg) * balance.cable_mm_per_kg;
  // Only small davkas play the lottery; 250 g gives exactly the minimum and draws nothing.
  if (cable < balance.min_cable_gain) {
    cable = rng.random() < balance.cable_chance_small ? balance.min_cable_gain : 0.0;
  }
  return py_round(cable, 2);
}

std::variant<NotEnoughAtmospheres, DavkaResult> davka(Player& p, UnixTime now, Random& rng,
                                                      const Balance& balance) {
  regenerate(p, now, balance);
  if (p.atm_count < balance.atm_max) return NotEnoughAtmospheres{p.atm_count, balance.atm_max};

  DavkaResult r;
  r.level_before = gofra_info(p.gofra_mm);
  // Draw order matches the original: grams first, then the cable lottery.
  r.grams = static_cast<long>(rng.randint(r.level_before.min_grams, r.level_before.max_grams));

  p.atm_count = 0;
  p.last_davka = now;
  p.last_update = now;
  p.zmiy_grams += static_cast<double>(r.grams);
  p.total_zmiy_grams += static_cast<double>(r.grams);
  p.total_davki += 1;

  r.exp_mm = davka_exp_mm(r.grams, p.gofra_mm, balance);
  r.old_gofra_mm = p.gofra_mm;
  p.gofra_mm = r.old_gofra_mm + r.exp_mm;
  r.new_gofra_mm = p.gofra_mm;
  p.experience += davka_experience(r.exp_mm);

  r.cable_gain_mm = davka_cable_gain(r.grams, rng, balance);
  r.old_cable_mm = p.cable_mm;
  p.cable_mm = r.old_cable_mm + r.cable_gain_mm;
  r.new_cable_mm = p.cable_mm;

  r.level_after = gofra_info(p.gofra_mm);
  return r;
}

std::variant<NothingToSend, UletetResult> uletet(Player& p) {
  if (p.zmiy_grams <= 0) return NothingToSend{};
  UletetResult r{p.zmiy_grams};
  p.zmiy_grams = 0;
  return r;
}

}  // namespace game

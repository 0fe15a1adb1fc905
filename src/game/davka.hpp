#pragma once
// Davka, the main action (GAME.md §4), and uletet, sending the snake away (§5).
#include <cstdint>
#include <variant>

#include "game/balance.hpp"
#include "game/levels.hpp"
#include "game/player.hpp"
#include "game/random.hpp"

namespace game {

struct NotEnoughAtmospheres {
  int have = 0;
  int need = 12;
};

struct DavkaResult {
  long grams = 0;
  double exp_mm = 0;  // gofra growth
  double old_gofra_mm = 0;
  double new_gofra_mm = 0;
  double old_cable_mm = 0;
  double new_cable_mm = 0;
  double cable_gain_mm = 0;
  GofraInfo level_before;
  GofraInfo level_after;
};

// Gofra growth of a davka of `grams` at `gofra_mm` (before the davka), soft cap included,
// round(x, 2) (§4.2).
double davka_exp_mm(long grams, double gofra_mm, const Balance& balance);

// The `experience` increment of a davka that grew the gofra by exp_mm: floor(exp_mm * 10).
std::int64_t davka_experience(double exp_mm);

// Cable growth of a davka of `grams`, round(x, 2). Draws one random() for the small-davka
// lottery only when the proportional gain is below min_cable_gain.
double davka_cable_gain(long grams, Random& rng, const Balance& balance);

// Regenerates, checks for a full tank and squeezes. On failure nothing changes
// except the regeneration itself.
std::variant<NotEnoughAtmospheres, DavkaResult> davka(Player& p, UnixTime now, Random& rng,
                                                      const Balance& balance);

struct NothingToSend {};
struct UletetResult {
  double sent_grams = 0;
};

std::variant<NothingToSend, UletetResult> uletet(Player& p);

}  // namespace game

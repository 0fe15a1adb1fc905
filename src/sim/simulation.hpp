#pragma once
// The balance simulator (issue 19): simulated players of the declared habits play through
// the real rules of src/game (davka, regeneration, PvP with matchmaking) on a simulated
// clock, and the day's figures are collected per habit. Deterministic for a seed: one event
// queue ordered by (time, player), one random source for the visits and one for the game.
#include <array>
#include <cstdint>
#include <vector>

#include "game/balance.hpp"
#include "game/levels.hpp"
#include "game/player.hpp"
#include "sim/habit.hpp"

namespace sim {

struct SimOptions {
  std::size_t players = 1000;
  int days = 30;
  std::uint64_t seed = 1;
  // Shares of the habits, in the order of kHabits (normalised; a zero leaves a habit out).
  std::array<double, kHabitCount> mix{0.2, 0.3, 0.1, 0.4};
  // Keep every player's final record and player 0's davka times (tests).
  bool keep_players = false;
};

// Levels as game::level_number counts them: 0..9 on the table, 10 for every cosmic one.
inline constexpr int kLevels = game::kTableLevels + 1;

struct Spread {
  double p10 = 0, median = 0, p90 = 0;
};

// One habit's figures at the end of a day.
struct DailyRow {
  int day = 0;  // 1..days
  Habit habit = Habit::Grinder;
  std::size_t players = 0;
  Spread gofra_mm, cable_mm;
  double snake_kg_median = 0;  // all the snake ever squeezed (total_zmiy_grams)
  double level_median = 0;
  double davkas_mean = 0, fights_mean = 0, fights_won_mean = 0;  // since the start
};

// How long the players of a habit took to reach a level (days since they joined).
struct LevelReach {
  Habit habit = Habit::Grinder;
  int level = 0;
  std::size_t reached = 0;  // players who reached it within the simulated days
  // Over all the habit's players, those who did not reach it counted as never: infinite
  // where fewer than 10, 50 or 90 % reached it.
  Spread days;
};

// Private fights by the attacker's level minus the defender's.
struct PvpRow {
  int level_difference = 0;
  std::int64_t fights = 0;
  std::int64_t attacker_wins = 0;
  double chance_sum = 0;  // the chances used, in percent
};

// Davkas by the level they were squeezed at: the formulas' mean grams and growth.
struct DavkaRow {
  int level = 0;
  std::int64_t davkas = 0;
  double grams_sum = 0;
  double exp_mm_sum = 0;
};

struct SimResult {
  SimOptions options;
  std::vector<DailyRow> daily;  // habit-major: every day of a habit, then the next habit
  std::vector<LevelReach> levels;
  std::array<std::array<std::size_t, kLevels>, kHabitCount> final_levels{};
  std::vector<PvpRow> pvp;  // level differences -kMaxDifference..kMaxDifference
  std::array<DavkaRow, kLevels> davkas{};
  std::int64_t visits = 0;
  // With keep_players:
  std::vector<game::Player> players;
  std::vector<Habit> habits;
  std::vector<game::UnixTime> first_player_davkas;
};

inline constexpr int kMaxDifference = 5;  // wider differences are counted at the edge
// The simulated clock starts at a day's start (UTC), players joining then.
inline constexpr game::UnixTime kEpoch = 1'767'225'600;  // 2026-01-01 00:00 UTC

// The seed of the game's random source for a simulation seed: a test replays player 0's
// davkas through the rules with it.
std::uint64_t game_seed(std::uint64_t seed);

SimResult simulate(const SimOptions& options, const game::Balance& balance);

}  // namespace sim

// The balance simulator against the rules it runs: one player's growth replayed through
// src/game, the formulas' means over many davkas and fights, the fight bookkeeping, the
// habit mix and the level figures.
#include "sim/simulation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <variant>

#include "game/davka.hpp"
#include "game/numeric.hpp"

namespace sim {
namespace {

SimOptions only(Habit h, std::size_t players, int days, std::uint64_t seed = 7) {
  SimOptions o;
  o.players = players;
  o.days = days;
  o.seed = seed;
  o.mix = {0, 0, 0, 0};
  o.mix[index_of(h)] = 1;
  return o;
}

TEST(Simulation, OnePlayersGrowthIsWhatTheRulesGiveForTheSameDavkas) {
  game::Balance balance;
  auto options = only(Habit::Grinder, 1, 40);
  options.keep_players = true;
  const auto r = simulate(options, balance);
  ASSERT_EQ(r.players.size(), 1u);
  // A grinder visits when the tank is full: one davka a refill (24 h at level 0, less later).
  EXPECT_EQ(static_cast<std::int64_t>(r.first_player_davkas.size()), r.players[0].total_davki);
  EXPECT_GE(r.first_player_davkas.size(), 40u);
  EXPECT_EQ(r.visits, static_cast<std::int64_t>(r.first_player_davkas.size()));

  game::Random rng(game_seed(options.seed));
  auto p = game::new_player(1, kEpoch, balance);
  for (game::UnixTime at : r.first_player_davkas) {
    auto outcome = game::davka(p, at, rng, balance);
    ASSERT_TRUE(std::holds_alternative<game::DavkaResult>(outcome)) << "at " << at;
  }
  EXPECT_EQ(p, r.players[0]);
  EXPECT_GT(p.gofra_mm, balance.start_gofra_mm);
}

TEST(Simulation, ABalanceChangeChangesTheGrowthItShould) {
  game::Balance slow;
  game::Balance fast = slow;
  fast.atm_base_seconds = slow.atm_base_seconds / 2;  // refills twice as fast
  const auto options = only(Habit::Grinder, 50, 20);
  const auto a = simulate(options, slow);
  const auto b = simulate(options, fast);
  const auto& last_a = a.daily.back();
  const auto& last_b = b.daily.back();
  EXPECT_NEAR(last_b.davkas_mean / last_a.davkas_mean, 2.0, 0.15);
  EXPECT_GT(last_b.gofra_mm.median, last_a.gofra_mm.median);
}

TEST(Simulation, MeanGramsAndGrowthPerDavkaMatchTheFormulasOfTheLevel) {
  game::Balance balance;
  const auto r = simulate(only(Habit::Grinder, 3000, 10), balance);
  const auto& level0 = r.davkas[0];
  ASSERT_GT(level0.davkas, 20000);
  // GAME.md §2.1: 30..100 g at level 0, uniform; §4.2: max(0.8, g * 0.02) mm, round 2.
  double expected_exp = 0;
  for (long g = 30; g <= 100; ++g) expected_exp += game::davka_exp_mm(g, 10.0, balance);
  expected_exp /= 71;
  const double n = static_cast<double>(level0.davkas);
  EXPECT_NEAR(level0.grams_sum / n, 65.0, 0.5);  // the standard error is about 0.14
  EXPECT_NEAR(level0.exp_mm_sum / n, expected_exp, 0.01);
  EXPECT_NEAR(expected_exp, 1.31, 0.01);
}

TEST(Simulation, FightsAreCountedOnceForEachSideAndWonAtTheChanceUsed) {
  game::Balance balance;
  const std::size_t players = 200;
  const auto r = simulate(only(Habit::Fighter, players, 3), balance);
  std::int64_t fights = 0, wins = 0;
  double chance = 0;
  for (const auto& row : r.pvp) {
    fights += row.fights;
    wins += row.attacker_wins;
    chance += row.chance_sum;
  }
  ASSERT_GT(fights, 10000);
  const auto& last = r.daily.back();
  // Each fight counts for its attacker and its defender, and has one winner.
  EXPECT_NEAR(last.fights_mean * players, 2.0 * static_cast<double>(fights), 1e-6);
  EXPECT_NEAR(last.fights_won_mean * players, static_cast<double>(fights), 1e-6);
  // §7.2: the attacker wins with the chance used; 0.5 ± 3 standard errors.
  EXPECT_NEAR(static_cast<double>(wins) / static_cast<double>(fights),
              chance / static_cast<double>(fights) / 100.0, 0.015);
}

TEST(Simulation, TheHourlyLimitStopsAFighterWhoseWindowIsFull) {
  game::Balance balance;
  balance.pvp_fights_per_window = 0;  // nobody may fight
  const auto r = simulate(only(Habit::Fighter, 20, 2), balance);
  for (const auto& row : r.pvp) EXPECT_EQ(row.fights, 0);
  EXPECT_EQ(r.daily.back().fights_mean, 0.0);

  // Two a window: a fighter's four visits a day start at most two fights each (fewer when
  // it was attacked within the hour), and the limit does not stop everyone.
  balance.pvp_fights_per_window = 2;
  const auto limited = simulate(only(Habit::Fighter, 20, 1), balance);
  std::int64_t fights = 0;
  for (const auto& row : limited.pvp) fights += row.fights;
  EXPECT_GT(fights, 20);
  EXPECT_LE(fights, 20 * 4 * 2);
}

TEST(Simulation, TheHabitMixAddsUpAndLeavesOutAHabitOfNoShare) {
  SimOptions o;
  o.players = 10;
  o.days = 2;
  o.mix = {1, 1, 0, 1};
  const auto r = simulate(o, game::Balance{});
  std::size_t on_day_two = 0;
  for (const auto& row : r.daily) {
    EXPECT_NE(row.habit, Habit::Fighter);
    if (row.day == 2) on_day_two += row.players;
  }
  EXPECT_EQ(on_day_two, 10u);
  EXPECT_EQ(r.daily.size(), 3u * 2u);  // habit-major: three habits, two days each
  EXPECT_EQ(r.daily[0].habit, r.daily[1].habit);
}

TEST(Simulation, LevelsAreReachedInOrderAndTheirFiguresAgree) {
  const auto r = simulate(SimOptions{.players = 400, .days = 30, .seed = 3}, game::Balance{});
  for (Habit h : kHabits) {
    double previous = 0;
    std::size_t previous_reached = 400;
    std::size_t players = 0;
    for (auto c : r.final_levels[index_of(h)]) players += c;
    for (const auto& l : r.levels) {
      if (l.habit != h) continue;
      EXPECT_LE(l.reached, previous_reached) << habit_key(h) << " level " << l.level;
      previous_reached = l.reached;
      if (std::isfinite(l.days.median)) {
        EXPECT_GE(l.days.median, previous) << habit_key(h) << " level " << l.level;
        previous = l.days.median;
        EXPECT_GE(2 * l.reached, players);  // a median exists only if half got there
      }
    }
    // Those at a level at the end reached it: the counts agree.
    std::size_t at_or_above = 0;
    for (int level = kLevels - 1; level >= 1; --level) {
      at_or_above += r.final_levels[index_of(h)][static_cast<std::size_t>(level)];
      for (const auto& l : r.levels) {
        if (l.habit == h && l.level == level) {
          EXPECT_EQ(l.reached, at_or_above);
        }
      }
    }
  }
}

TEST(Simulation, TheSameSeedGivesTheSameRunAndAnotherSeedAnother) {
  const SimOptions o{.players = 300, .days = 10, .seed = 11};
  SimOptions other = o;
  other.seed = 12;
  const auto a = simulate(o, game::Balance{});
  const auto b = simulate(o, game::Balance{});
  const auto c = simulate(other, game::Balance{});
  ASSERT_EQ(a.daily.size(), b.daily.size());
  for (std::size_t i = 0; i < a.daily.size(); ++i) {
    EXPECT_EQ(a.daily[i].gofra_mm.median, b.daily[i].gofra_mm.median);
    EXPECT_EQ(a.daily[i].fights_mean, b.daily[i].fights_mean);
  }
  EXPECT_EQ(a.visits, b.visits);
  EXPECT_NE(a.daily.back().gofra_mm.median + a.daily.back().fights_mean,
            c.daily.back().gofra_mm.median + c.daily.back().fights_mean);
}

}  // namespace
}  // namespace sim

#include "game/pvp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "game/numeric.hpp"

namespace game {
namespace {

const Balance kB{};

Player fighter(UserId id, double gofra_mm, double cable_mm) {
  Player p = new_player(id, 0, kB);
  p.gofra_mm = gofra_mm;
  p.cable_mm = cable_mm;
  return p;
}

bool has_one_decimal(double x) { return py_round(x, 1) == x; }

TEST(CanFight, LimitIsTenPerWindow) {
  EXPECT_TRUE(can_fight(0, kB));
  EXPECT_TRUE(can_fight(9, kB));
  EXPECT_FALSE(can_fight(10, kB));
  EXPECT_FALSE(can_fight(11, kB));
  Balance b;
  b.pvp_fights_per_window = 2;
  EXPECT_FALSE(can_fight(2, b));
}

TEST(PvpChance, IsTheFormulaWithTheDrawnJitter) {
  const Player a = fighter(1, 1500, 110);
  const Player d = fighter(2, 500, 60);
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    Random rng(seed);
    Random replay(seed);
    const double expected = std::clamp(
        py_round(50 + 50 * 0.02 + 1000 * 0.0005 + replay.uniform(-5, 5), 1), 15.0, 85.0);
    EXPECT_EQ(pvp_chance(a, d, rng, kB), expected) << seed;
  }
}

TEST(PvpChance, EqualStatsAreACoinFlipBetween45And55WithOneDecimal) {
  const Player a = fighter(1, 777, 33);
  const Player d = fighter(2, 777, 33);
  Random rng(42);
  double lo = 100;
  double hi = 0;
  double sum = 0;
  constexpr int kTrials = 20000;
  for (int i = 0; i < kTrials; ++i) {
    const double c = pvp_chance(a, d, rng, kB);
    ASSERT_GE(c, 45.0);
    ASSERT_LE(c, 55.0);
    ASSERT_TRUE(has_one_decimal(c)) << c;
    lo = std::min(lo, c);
    hi = std::max(hi, c);
    sum += c;
  }
  EXPECT_EQ(lo, 45.0);
  EXPECT_EQ(hi, 55.0);
  EXPECT_NEAR(sum / kTrials, 50.0, 0.1);
}

TEST(PvpChance, ClampsAt85And15) {
  Random rng(1);
  const Player strong = fighter(1, 10, 10 + 10000);
  const Player weak = fighter(2, 10, 10);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(pvp_chance(strong, weak, rng, kB), 85.0);
    EXPECT_EQ(pvp_chance(weak, strong, rng, kB), 15.0);
  }
}

TEST(PvpChance, AlwaysWithinBoundsForAnyStats) {
  Random rng(9);
  for (int i = 0; i < 20000; ++i) {
    const Player a = fighter(1, rng.uniform(10, 200000), rng.uniform(10, 3000));
    const Player d = fighter(2, rng.uniform(10, 200000), rng.uniform(10, 3000));
    const double c = pvp_chance(a, d, rng, kB);
    ASSERT_GE(c, 15.0);
    ASSERT_LE(c, 85.0);
    ASSERT_TRUE(has_one_decimal(c)) << c;
  }
}

TEST(PvpChance, StatEffectsAreSmall) {
  // 100 mm of cable = +2 %, 1000 mm of gofra = +0.5 %: compare with the same jitter.
  const Player base = fighter(2, 1000, 100);
  Random r1(5);
  Random r2(5);
  Random r3(5);
  const double even = pvp_chance(fighter(1, 1000, 100), base, r1, kB);
  EXPECT_NEAR(pvp_chance(fighter(1, 1000, 200), base, r2, kB) - even, 2.0, 0.11);
  EXPECT_NEAR(pvp_chance(fighter(1, 2000, 100), base, r3, kB) - even, 0.5, 0.11);
}

struct GainCase {
  double d;
  double gain;
};

class AttackerGainTest : public ::testing::TestWithParam<GainCase> {};

// d = defender - attacker.
TEST_P(AttackerGainTest, AppendixB) {
  EXPECT_EQ(attacker_win_gain(1000, 1000 + GetParam().d, kB), GetParam().gain) << GetParam().d;
}

INSTANTIATE_TEST_SUITE_P(Vectors, AttackerGainTest,
                         ::testing::Values(GainCase{0, 12.0}, GainCase{300, 15.0},
                                           GainCase{2000, 20.0}, GainCase{-1400, 5.0},
                                           GainCase{-200, 11.0}, GainCase{800, 20.0},
                                           GainCase{100000, 20.0}, GainCase{1, 12.01},
                                           GainCase{-5000, 5.0}));

class DefenderGainTest : public ::testing::TestWithParam<GainCase> {};

// d = attacker - defender.
TEST_P(DefenderGainTest, AppendixB) {
  EXPECT_EQ(defender_win_gain(1000 + GetParam().d, 1000, kB), GetParam().gain) << GetParam().d;
}

INSTANTIATE_TEST_SUITE_P(Vectors, DefenderGainTest,
                         ::testing::Values(GainCase{0, 6.0}, GainCase{400, 8.0},
                                           GainCase{2000, 10.0}, GainCase{-400, 5.0},
                                           GainCase{-2000, 2.5}, GainCase{800, 10.0},
                                           GainCase{-1400, 2.5},
                                           // 6.005 is just below the tie in binary: Python gives 6.0.
                                           GainCase{1, 6.0}, GainCase{2, 6.01}));

struct PairCase {
  double attacker;
  double defender;
  double attacker_gain;
  double defender_gain;
};

class GainPairTest : public ::testing::TestWithParam<PairCase> {};

TEST_P(GainPairTest, MatchesPython) {
  const PairCase& c = GetParam();
  EXPECT_EQ(attacker_win_gain(c.attacker, c.defender, kB), c.attacker_gain);
  EXPECT_EQ(defender_win_gain(c.attacker, c.defender, kB), c.defender_gain);
}

INSTANTIATE_TEST_SUITE_P(
    Python, GainPairTest,
    ::testing::Values(PairCase{4111.4, 1430.13, 5, 10}, PairCase{1935.1, 3346.58, 20, 2.5},
                      PairCase{848.56, 594.31, 10.73, 7.27}, PairCase{655.41, 1245.6, 17.9, 4.52},
                      PairCase{4098.21, 4321.28, 14.23, 5.44},
                      PairCase{1399.32, 2082.33, 18.83, 4.29}));

TEST(ResolveFight, AttackerWinRewardsTheAttackerOnly) {
  Player a = fighter(1, 1000, 50);
  Player d = fighter(2, 1300, 70);
  a.experience = 4;
  a.atm_count = 3;
  a.zmiy_grams = 9;
  const Player a0 = a;
  const Player d0 = d;
  Random rng(1);
  const FightOutcome o = resolve_fight(a, d, 100.0, rng, kB);  // random() < 1 always
  EXPECT_TRUE(o.attacker_won);
  EXPECT_EQ(o.chance, 100.0);
  EXPECT_EQ(o.winner_id, 1);
  EXPECT_EQ(o.loser_id, 2);
  EXPECT_EQ(o.gofra_gain_mm, 15.0);
  EXPECT_EQ(o.cable_gain_mm, 0.2);
  EXPECT_EQ(a.gofra_mm, 1015.0);
  EXPECT_EQ(a.cable_mm, 50.2);
  EXPECT_EQ(o.winner_new_gofra_mm, a.gofra_mm);
  EXPECT_EQ(o.winner_new_cable_mm, a.cable_mm);
  EXPECT_EQ(d, d0);  // the loser never loses anything
  // PvP gains bypass experience, atmospheres and snake.
  Player a_rest = a;
  a_rest.gofra_mm = a0.gofra_mm;
  a_rest.cable_mm = a0.cable_mm;
  EXPECT_EQ(a_rest, a0);
}

TEST(ResolveFight, DefenderWinRewardsTheDefenderInEitherMode) {
  Player a = fighter(1, 1000, 50);
  Player d = fighter(2, 1400, 70);  // defender 400 mm longer: 6 + (-400)/400 = 5
  const Player a0 = a;
  Random rng(1);
  const FightOutcome o = resolve_fight(a, d, 0.0, rng, kB);  // random() < 0 never
  EXPECT_FALSE(o.attacker_won);
  EXPECT_EQ(o.winner_id, 2);
  EXPECT_EQ(o.loser_id, 1);
  EXPECT_EQ(o.gofra_gain_mm, 5.0);
  EXPECT_EQ(o.cable_gain_mm, 0.1);
  EXPECT_EQ(d.gofra_mm, 1405.0);
  EXPECT_EQ(d.cable_mm, 70.1);
  EXPECT_EQ(o.winner_new_gofra_mm, 1405.0);
  EXPECT_EQ(a, a0);
}

TEST(ResolveFight, UsesOneDrawAgainstTheStoredChance) {
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    Player a = fighter(1, 500, 10);
    Player d = fighter(2, 500, 10);
    Random rng(seed);
    Random replay(seed);
    const FightOutcome o = resolve_fight(a, d, 37.5, rng, kB);
    EXPECT_EQ(o.attacker_won, replay.random() < 0.375);
    EXPECT_EQ(rng.random(), replay.random());
  }
}

TEST(ResolveFight, SuccessRateIsNearTheChance) {
  Random rng(2718);
  for (double chance : {15.0, 37.5, 50.0, 85.0}) {
    constexpr int kTrials = 50000;
    int wins = 0;
    for (int i = 0; i < kTrials; ++i) {
      Player a = fighter(1, 500, 10);
      Player d = fighter(2, 500, 10);
      if (resolve_fight(a, d, chance, rng, kB).attacker_won) ++wins;
    }
    // sigma <= 0.0023; allow about 5 sigma.
    EXPECT_NEAR(static_cast<double>(wins) / kTrials, chance / 100, 0.011) << chance;
  }
}

TEST(ResolveFight, RewardsComeFromBalance) {
  Balance b;
  b.pvp_attacker_cable_gain = 1.5;
  b.pvp_attacker_gain_base = 30;
  Player a = fighter(1, 1000, 50);
  Player d = fighter(2, 1000, 50);
  Random rng(1);
  const FightOutcome o = resolve_fight(a, d, 100.0, rng, b);
  EXPECT_EQ(o.gofra_gain_mm, 30.0);
  EXPECT_EQ(a.cable_mm, 51.5);
}

}  // namespace
}  // namespace game

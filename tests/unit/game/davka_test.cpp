#include "game/davka.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <variant>
#include <vector>

#include "game/levels.hpp"

namespace game {
namespace {

const Balance kB{};
constexpr UnixTime kNow = 1'700'000'000;

Player full_player(double gofra_mm) {
  Player p = new_player(7, kNow - 100, kB);
  p.gofra_mm = gofra_mm;
  return p;
}

struct ExpCase {
  long grams;
  double gofra_mm;
  double exp_mm;
  std::int64_t experience;
};

class DavkaExpTest : public ::testing::TestWithParam<ExpCase> {};

TEST_P(DavkaExpTest, WorkedValues) {
  const ExpCase& c = GetParam();
  const double exp = davka_exp_mm(c.grams, c.gofra_mm, kB);
  EXPECT_EQ(exp, c.exp_mm) << c.grams << " g @ " << c.gofra_mm;
  EXPECT_EQ(davka_experience(exp), c.experience) << c.grams << " g @ " << c.gofra_mm;
}

// §4.2 worked values and Appendix B, then values computed by the original's Python code.
INSTANTIATE_TEST_SUITE_P(
    Spec, DavkaExpTest,
    ::testing::Values(ExpCase{30, 10, 0.8, 8}, ExpCase{41, 10, 0.82, 8}, ExpCase{100, 10, 2.0, 20},
                      ExpCase{900, 10, 18.0, 180}, ExpCase{100, 500, 2.0, 20},
                      ExpCase{100, 501, 2.0, 20}, ExpCase{900, 600, 17.75, 177},
                      ExpCase{150, 1200, 2.74, 27}, ExpCase{450, 20000, 3.99, 39},
                      ExpCase{900, 20000, 7.97, 79}, ExpCase{1000, 100000, 6.67, 66},
                      ExpCase{2500, 100000, 16.67, 166}));
INSTANTIATE_TEST_SUITE_P(
    Python, DavkaExpTest,
    ::testing::Values(ExpCase{183, 316596.7, 1.14, 11}, ExpCase{1768, 952704.73, 10.74, 107},
                      ExpCase{2599, 353.97, 51.98, 519}, ExpCase{935, 37.48, 18.7, 187},
                      ExpCase{2244, 79.5, 44.88, 448}, ExpCase{452, 435157.79, 2.78, 27},
                      ExpCase{287, 546773.05, 1.76, 17}, ExpCase{1781, 14235.26, 17.34, 173},
                      ExpCase{1257, 156.57, 25.14, 251}, ExpCase{2382, 15105.93, 22.8, 228},
                      ExpCase{1209, 369.29, 24.18, 241}, ExpCase{1431, 135286.53, 9.3, 93},
                      ExpCase{347, 17404.27, 3.19, 31}, ExpCase{1423, 18033.91, 12.96, 129},
                      ExpCase{311, 526688.5, 1.91, 19}, ExpCase{296, 682415.97, 1.81, 18}));

TEST(DavkaExp, SoftCapFloorComesFromBalance) {
  Balance b;
  b.gofra_soft_cap_mult = 0.9;  // binds as soon as the reduction drops below 0.9
  EXPECT_EQ(davka_exp_mm(900, 20000, b), 16.2);
  b.min_gofra_exp = 3.0;
  EXPECT_EQ(davka_exp_mm(30, 10, b), 3.0);
}

struct CableCase {
  long grams;
  double gain;
};

class DavkaCableTest : public ::testing::TestWithParam<CableCase> {};

TEST_P(DavkaCableTest, ProportionalGainDrawsNothing) {
  Random rng(99);
  Random copy = rng;
  EXPECT_EQ(davka_cable_gain(GetParam().grams, rng, kB), GetParam().gain) << GetParam().grams;
  EXPECT_EQ(rng.random(), copy.random()) << "no lottery draw expected";
}

INSTANTIATE_TEST_SUITE_P(AppendixB, DavkaCableTest,
                         ::testing::Values(CableCase{250, 0.05}, CableCase{251, 0.05},
                                           CableCase{300, 0.06}, CableCase{449, 0.09},
                                           CableCase{900, 0.18}, CableCase{2500, 0.5}));

TEST(DavkaCable, SmallDavkaPlaysTheLotteryWithOneDraw) {
  for (long grams : {30L, 100L, 249L}) {
    Random rng(5);
    Random copy = rng;
    const double gain = davka_cable_gain(grams, rng, kB);
    const bool won = copy.random() < 0.08;
    EXPECT_EQ(gain, won ? 0.05 : 0.0);
    EXPECT_EQ(rng.random(), copy.random()) << "exactly one draw expected";
  }
}

TEST(DavkaCable, LotteryFrequencyIsNearEightPercent) {
  Random rng(2024);
  constexpr int kTrials = 200000;
  int wins = 0;
  for (int i = 0; i < kTrials; ++i) {
    const double gain = davka_cable_gain(100, rng, kB);
    ASSERT_TRUE(gain == 0.0 || gain == 0.05) << gain;
    if (gain > 0) ++wins;
  }
  // sigma = sqrt(0.08 * 0.92 / 2e5) ~ 0.0006; allow about 5 sigma.
  EXPECT_NEAR(static_cast<double>(wins) / kTrials, 0.08, 0.003);
}

TEST(DavkaCable, LotteryChanceComesFromBalance) {
  Balance b;
  b.cable_chance_small = 1.0;
  Random rng(1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(davka_cable_gain(30, rng, b), 0.05);
  b.cable_chance_small = 0.0;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(davka_cable_gain(30, rng, b), 0.0);
}

TEST(Davka, FailsBelowTwelveAndChangesNothing) {
  Player p = full_player(10);
  p.atm_count = 11;
  p.last_update = kNow - 10;  // far from the next atmosphere
  const Player before = p;
  Random rng(3);
  Random copy = rng;
  const auto r = davka(p, kNow, rng, kB);
  ASSERT_TRUE(std::holds_alternative<NotEnoughAtmospheres>(r));
  EXPECT_EQ(std::get<NotEnoughAtmospheres>(r).have, 11);
  EXPECT_EQ(std::get<NotEnoughAtmospheres>(r).need, 12);
  EXPECT_EQ(p, before);
  EXPECT_EQ(rng.random(), copy.random()) << "a failed davka must not draw";
}

TEST(Davka, FailureStillAppliesRegeneration) {
  Player p = full_player(10);
  p.atm_count = 5;
  p.last_update = kNow - 3 * 7200 - 60;
  Random rng(3);
  const auto r = davka(p, kNow, rng, kB);
  ASSERT_TRUE(std::holds_alternative<NotEnoughAtmospheres>(r));
  EXPECT_EQ(std::get<NotEnoughAtmospheres>(r).have, 8);
  EXPECT_EQ(p.atm_count, 8);
  EXPECT_EQ(p.last_update, kNow - 60);
  EXPECT_EQ(p.total_davki, 0);
}

TEST(Davka, SucceedsOnceRegenerationFillsTheTank) {
  Player p = full_player(10);
  p.atm_count = 0;
  p.last_update = kNow - 86400;
  Random rng(3);
  EXPECT_TRUE(std::holds_alternative<DavkaResult>(davka(p, kNow, rng, kB)));
}

TEST(Davka, AppliesTheEffect) {
  Player p = full_player(10);
  p.zmiy_grams = 5;
  p.total_zmiy_grams = 500;
  p.experience = 3;
  Random rng(11);
  Random replay = rng;
  const auto r = davka(p, kNow, rng, kB);
  ASSERT_TRUE(std::holds_alternative<DavkaResult>(r));
  const DavkaResult& d = std::get<DavkaResult>(r);

  EXPECT_EQ(d.grams, replay.randint(30, 100));
  EXPECT_EQ(p.atm_count, 0);
  EXPECT_EQ(p.last_update, kNow);
  EXPECT_EQ(p.last_davka, kNow);
  EXPECT_EQ(p.zmiy_grams, 5.0 + static_cast<double>(d.grams));
  EXPECT_EQ(p.total_zmiy_grams, 500.0 + static_cast<double>(d.grams));
  EXPECT_EQ(p.total_davki, 1);

  EXPECT_EQ(d.exp_mm, davka_exp_mm(d.grams, 10, kB));
  EXPECT_EQ(d.old_gofra_mm, 10.0);
  EXPECT_EQ(d.new_gofra_mm, 10.0 + d.exp_mm);
  EXPECT_EQ(p.gofra_mm, d.new_gofra_mm);
  EXPECT_EQ(p.experience, 3 + davka_experience(d.exp_mm));

  // Below 250 g the gain is the lottery, decided by the draw after the grams.
  EXPECT_EQ(d.cable_gain_mm, replay.random() < 0.08 ? 0.05 : 0.0);
  EXPECT_EQ(d.old_cable_mm, 10.0);
  EXPECT_EQ(p.cable_mm, 10.0 + d.cable_gain_mm);
  EXPECT_EQ(d.new_cable_mm, p.cable_mm);

  EXPECT_EQ(d.level_before.name, "Новая гофра");
  EXPECT_EQ(d.level_after.length_mm, p.gofra_mm);
}

TEST(Davka, LevelBeforeDecidesTheGramsAndLevelAfterTheNewLength) {
  Player p = full_player(49.9);
  Random rng(8);
  const auto r = davka(p, kNow, rng, kB);
  const DavkaResult& d = std::get<DavkaResult>(r);
  EXPECT_LE(d.grams, 100);  // level 0 range although the davka crosses 50 mm
  EXPECT_EQ(d.level_before.table_index, 0);
  EXPECT_EQ(d.level_after.table_index, 1);
  EXPECT_EQ(p.gofra(), 5);
}

TEST(Davka, IsReproducibleWithASeededRandom) {
  Player a = full_player(600);
  Player b = full_player(600);
  Random ra(12345);
  Random rb(12345);
  for (int i = 0; i < 50; ++i) {
    const UnixTime now = kNow + i * 86400;
    const auto x = davka(a, now, ra, kB);
    const auto y = davka(b, now, rb, kB);
    ASSERT_TRUE(std::holds_alternative<DavkaResult>(x));
    ASSERT_TRUE(std::holds_alternative<DavkaResult>(y));
    EXPECT_EQ(std::get<DavkaResult>(x).grams, std::get<DavkaResult>(y).grams);
  }
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.total_davki, 50);
}

TEST(Davka, NeedComesFromBalance) {
  Balance b;
  b.atm_max = 6;
  Player p = full_player(10);
  p.atm_count = 6;
  Random rng(1);
  EXPECT_TRUE(std::holds_alternative<DavkaResult>(davka(p, kNow, rng, b)));
  const auto again = davka(p, kNow, rng, b);
  ASSERT_TRUE(std::holds_alternative<NotEnoughAtmospheres>(again));
  EXPECT_EQ(std::get<NotEnoughAtmospheres>(again).need, 6);
}

// Grams are uniform over the level's inclusive range: never outside, both ends reached.
TEST(DavkaDistribution, GramsCoverTheWholeRangeOfEveryLevel) {
  std::vector<double> lengths;
  for (int i = 0; i < kTableLevels; ++i) lengths.push_back(table_level(i).threshold + 1);
  lengths.push_back(100000);
  lengths.push_back(123456.7);
  Random rng(777);
  for (double mm : lengths) {
    const GofraInfo level = gofra_info(mm);
    long lo = level.max_grams;
    long hi = level.min_grams;
    const int trials = static_cast<int>(20 * (level.max_grams - level.min_grams + 1));
    for (int i = 0; i < trials; ++i) {
      Player p = full_player(mm);
      const DavkaResult d = std::get<DavkaResult>(davka(p, kNow, rng, kB));
      ASSERT_GE(d.grams, level.min_grams) << level.name;
      ASSERT_LE(d.grams, level.max_grams) << level.name;
      lo = std::min(lo, d.grams);
      hi = std::max(hi, d.grams);
    }
    EXPECT_EQ(lo, level.min_grams) << level.name;
    EXPECT_EQ(hi, level.max_grams) << level.name;
  }
}

TEST(DavkaDistribution, SmallDavkasWinCableNearEightPercent) {
  Random rng(31337);
  constexpr int kTrials = 100000;
  int wins = 0;
  for (int i = 0; i < kTrials; ++i) {
    Player p = full_player(10);  // 30..100 g: always the lottery
    const DavkaResult d = std::get<DavkaResult>(davka(p, kNow, rng, kB));
    ASSERT_TRUE(d.cable_gain_mm == 0.0 || d.cable_gain_mm == 0.05);
    if (d.cable_gain_mm > 0) ++wins;
  }
  EXPECT_NEAR(static_cast<double>(wins) / kTrials, 0.08, 0.004);
}

TEST(Uletet, SendsTheHeldSnakeOnly) {
  Player p = full_player(10);
  p.zmiy_grams = 78;
  p.total_zmiy_grams = 1000;
  p.atm_count = 3;
  const auto r = uletet(p);
  ASSERT_TRUE(std::holds_alternative<UletetResult>(r));
  EXPECT_EQ(std::get<UletetResult>(r).sent_grams, 78.0);
  EXPECT_EQ(p.zmiy_grams, 0.0);
  EXPECT_EQ(p.total_zmiy_grams, 1000.0);
  EXPECT_EQ(p.atm_count, 3);  // no refill (the head version called that a bug)
}

TEST(Uletet, NothingToSend) {
  Player p = full_player(10);
  const Player before = p;
  EXPECT_TRUE(std::holds_alternative<NothingToSend>(uletet(p)));
  EXPECT_EQ(p, before);
}

}  // namespace
}  // namespace game

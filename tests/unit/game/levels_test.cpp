#include "game/levels.hpp"

#include <gtest/gtest.h>

#include <string>

namespace game {
namespace {

TEST(GofraInfo, AppendixB_12_34) {
  const GofraInfo i = gofra_info(12.34);
  EXPECT_EQ(i.name, "Новая гофра");
  EXPECT_EQ(i.emoji, "🆕");
  EXPECT_EQ(i.min_grams, 30);
  EXPECT_EQ(i.max_grams, 100);
  EXPECT_EQ(i.atm_speed, 1.0);
  EXPECT_EQ(i.threshold, 10.0);
  EXPECT_EQ(i.next_threshold, 50.0);
  EXPECT_NEAR(i.progress, 0.0585, 1e-12);
  EXPECT_EQ(i.length_mm, 12.34);
  EXPECT_EQ(i.length_display, "1.2 см");
  EXPECT_EQ(i.table_index, 0);
  EXPECT_FALSE(i.cosmic());
}

TEST(GofraInfo, AppendixB_49_99_StaysOnLevel0) {
  const GofraInfo i = gofra_info(49.99);
  EXPECT_EQ(i.name, "Новая гофра");
  EXPECT_NEAR(i.progress, 0.99975, 1e-12);
  EXPECT_EQ(i.length_display, "5.0 см");
}

TEST(GofraInfo, AppendixB_50_ThresholdIsInclusive) {
  const GofraInfo i = gofra_info(50);
  EXPECT_EQ(i.name, "Слегка разъезжена");
  EXPECT_EQ(i.emoji, "🔄");
  EXPECT_EQ(i.min_grams, 45);
  EXPECT_EQ(i.max_grams, 120);
  EXPECT_EQ(i.atm_speed, 1.1);
  EXPECT_EQ(i.next_threshold, 150.0);
  EXPECT_EQ(i.progress, 0.0);
}

TEST(GofraInfo, AppendixB_50000_TopTableLevel) {
  const GofraInfo i = gofra_info(50000);
  EXPECT_EQ(i.name, "ВСЕЛЕННАЯ ГОФРА");
  EXPECT_EQ(i.emoji, "🌌");
  EXPECT_EQ(i.min_grams, 450);
  EXPECT_EQ(i.max_grams, 900);
  EXPECT_EQ(i.atm_speed, 2.0);
  EXPECT_EQ(i.next_threshold, 100000.0);
  EXPECT_EQ(i.progress, 0.375);
  EXPECT_EQ(i.table_index, 9);
}

TEST(GofraInfo, BelowFirstThresholdUsesRow0WithNegativeProgress) {
  const GofraInfo i = gofra_info(5.0);
  EXPECT_EQ(i.table_index, 0);
  EXPECT_EQ(i.progress, -0.125);
}

TEST(GofraInfo, AppendixB_100000_FirstCosmic) {
  const GofraInfo i = gofra_info(100000);
  EXPECT_EQ(i.name, "КОСМИЧЕСКАЯ ГОФРА 100м");
  EXPECT_EQ(i.emoji, "🚀");
  EXPECT_EQ(i.min_grams, 1000);
  EXPECT_EQ(i.max_grams, 2500);
  EXPECT_EQ(i.atm_speed, 2.6);
  EXPECT_EQ(i.threshold, 100000.0);
  EXPECT_EQ(i.next_threshold, 105000.0);
  EXPECT_EQ(i.progress, 0.0);
  EXPECT_EQ(i.length_display, "100.0 м");
  EXPECT_TRUE(i.cosmic());
  EXPECT_EQ(i.table_index, -1);
}

TEST(GofraInfo, AppendixB_123456_7) {
  const GofraInfo i = gofra_info(123456.7);
  EXPECT_EQ(i.name, "КОСМИЧЕСКАЯ ГОФРА 123м");
  EXPECT_EQ(i.min_grams, 1023);
  EXPECT_EQ(i.max_grams, 2559);
  EXPECT_EQ(i.atm_speed, 2.62);
  EXPECT_EQ(i.next_threshold, 128456.7);
  EXPECT_NEAR(i.progress, 0.69134, 1e-9);
  EXPECT_EQ(i.length_display, "123.5 м");
}

struct CosmicCase {
  double mm;
  double speed;
  long min_grams;
  long max_grams;
  double progress;
  const char* name;
};

class CosmicTest : public ::testing::TestWithParam<CosmicCase> {};

// Expected values computed by the original's Python expressions, compared bit-exactly.
TEST_P(CosmicTest, MatchesOriginalExpressions) {
  const CosmicCase& c = GetParam();
  const GofraInfo i = gofra_info(c.mm);
  EXPECT_EQ(i.atm_speed, c.speed);
  EXPECT_EQ(i.min_grams, c.min_grams);
  EXPECT_EQ(i.max_grams, c.max_grams);
  EXPECT_EQ(i.progress, c.progress);
  EXPECT_EQ(i.name, c.name);
  EXPECT_EQ(atm_speed(c.mm), c.speed);
}

INSTANTIATE_TEST_SUITE_P(
    Python, CosmicTest,
    ::testing::Values(
        CosmicCase{100000, 2.6, 1000, 2500, 0.0, "КОСМИЧЕСКАЯ ГОФРА 100м"},
        CosmicCase{123456.7, 2.62, 1023, 2559, 0.6913399999999994, "КОСМИЧЕСКАЯ ГОФРА 123м"},
        CosmicCase{250000, 2.75, 1150, 2875, 0.0, "КОСМИЧЕСКАЯ ГОФРА 250м"},
        // 1052.5 and 2631.25: ties to even (std::round would give 1053).
        CosmicCase{152500, 2.65, 1052, 2631, 0.5, "КОСМИЧЕСКАЯ ГОФРА 152м"},
        // 1004.9999999999999 / 2512.4999999999995 in the original's evaluation order.
        CosmicCase{105000, 2.6, 1005, 2512, 0.0, "КОСМИЧЕСКАЯ ГОФРА 105м"},
        CosmicCase{110000, 2.61, 1010, 2525, 0.0, "КОСМИЧЕСКАЯ ГОФРА 110м"},
        CosmicCase{1000000.0, 3.5, 1900, 4750, 0.0, "КОСМИЧЕСКАЯ ГОФРА 1000м"},
        CosmicCase{987654.321, 3.49, 1888, 4719, 0.5308641999999992, "КОСМИЧЕСКАЯ ГОФРА 987м"},
        CosmicCase{1039115.0, 3.54, 1939, 4848, 0.823, "КОСМИЧЕСКАЯ ГОФРА 1039м"},
        CosmicCase{537462.6, 3.04, 1437, 3594, 0.49251999999999535, "КОСМИЧЕСКАЯ ГОФРА 537м"},
        CosmicCase{310065.2, 2.81, 1210, 3025, 0.013040000000002328, "КОСМИЧЕСКАЯ ГОФРА 310м"},
        CosmicCase{1654057.8, 4.15, 2554, 6385, 0.8115600000000093, "КОСМИЧЕСКАЯ ГОФРА 1654м"},
        CosmicCase{268196.9, 2.77, 1168, 2920, 0.6393800000000046, "КОСМИЧЕСКАЯ ГОФРА 268м"}));

TEST(GofraInfo, AppendixB_250000) {
  const GofraInfo i = gofra_info(250000);
  EXPECT_EQ(i.name, "КОСМИЧЕСКАЯ ГОФРА 250м");
  EXPECT_EQ(i.min_grams, 1150);
  EXPECT_EQ(i.max_grams, 2875);
  EXPECT_EQ(i.atm_speed, 2.75);
}

struct Row {
  double threshold;
  const char* name;
  const char* emoji;
  long min_grams;
  long max_grams;
  double speed;
};

// GAME.md §2.1, with the emoji spelled as code points to catch a missing selector or ZWJ.
const Row kExpected[] = {
    {10, "Новая гофра", "\U0001F195", 30, 100, 1.0},
    {50, "Слегка разъезжена", "\U0001F504", 45, 120, 1.1},
    {150, "Рабочая гофра", "\u2699\uFE0F", 60, 150, 1.2},
    {300, "Разъезжена хорошо", "\U0001F525", 80, 190, 1.3},
    {600, "Заезженная гофра", "\U0001F3CE\uFE0F", 110, 250, 1.4},
    {1200, "Убитая гофра", "\U0001F480", 150, 320, 1.5},
    {2500, "Легендарная гофра", "\U0001F451", 200, 420, 1.6},
    {5000, "Царь-гофра", "\U0001F409", 270, 550, 1.7},
    {10000, "БОГ ГОФРЫ", "\U0001F441\uFE0F\u200D\U0001F5E8\uFE0F", 350, 700, 1.8},
    {20000, "ВСЕЛЕННАЯ ГОФРА", "\U0001F30C", 450, 900, 2.0},
};

TEST(LevelTable, EveryRowMatchesTheSpec) {
  for (int i = 0; i < kTableLevels; ++i) {
    const Row& r = kExpected[i];
    for (const GofraInfo& info : {table_level(i), gofra_info(r.threshold)}) {
      SCOPED_TRACE(r.name);
      EXPECT_EQ(info.table_index, i);
      EXPECT_EQ(info.threshold, r.threshold);
      EXPECT_EQ(info.name, r.name);
      EXPECT_EQ(info.emoji, r.emoji);
      EXPECT_EQ(info.min_grams, r.min_grams);
      EXPECT_EQ(info.max_grams, r.max_grams);
      EXPECT_EQ(info.atm_speed, r.speed);
      EXPECT_EQ(info.progress, 0.0);
      EXPECT_EQ(atm_speed(r.threshold), r.speed);
    }
    // Just below the threshold is still the previous row.
    if (i > 0) {
      EXPECT_EQ(gofra_info(r.threshold - 0.001).table_index, i - 1);
    }
  }
}

TEST(LevelTable, Level8EmojiIsTheExactZwjSequence) {
  const std::string e = table_level(8).emoji;
  // U+1F441 U+FE0F U+200D U+1F5E8 U+FE0F = 4 + 3 + 3 + 4 + 3 bytes.
  EXPECT_EQ(e, "\xF0\x9F\x91\x81\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x97\xA8\xEF\xB8\x8F");
}

TEST(LevelTable, TableLevelClampsOutOfRange) {
  EXPECT_EQ(table_level(-3).table_index, 0);
  EXPECT_EQ(table_level(42).table_index, 9);
}

TEST(LevelTable, NextOfTopLevelIsFirstCosmic) {
  const GofraInfo top = table_level(9);
  const GofraInfo next = gofra_info(top.next_threshold);
  EXPECT_EQ(next.name, "КОСМИЧЕСКАЯ ГОФРА 100м");
  EXPECT_EQ(next.length_display, "100.0 м");
  EXPECT_EQ(gofra_info(99999.9).table_index, 9);
}

}  // namespace
TEST(LevelNumber, IsTheTableIndexAndOneNumberForEveryCosmicLevel) {
  for (double mm : {5.0, 10.0, 49.99, 50.0, 1199.0, 1200.0, 20000.0, 99999.99}) {
    EXPECT_EQ(level_number(mm), gofra_info(mm).table_index) << mm;
  }
  EXPECT_EQ(level_number(100000.0), kTableLevels);
  EXPECT_EQ(level_number(1e9), kTableLevels);
}

}  // namespace game

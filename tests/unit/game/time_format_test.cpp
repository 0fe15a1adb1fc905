#include "game/time_format.hpp"

#include <gtest/gtest.h>

namespace game {
namespace {

struct DurationCase {
  double seconds;
  const char* expected;
};

class FormatDurationTest : public ::testing::TestWithParam<DurationCase> {};

TEST_P(FormatDurationTest, Ft) {
  EXPECT_EQ(format_duration(GetParam().seconds), GetParam().expected) << GetParam().seconds;
}

INSTANTIATE_TEST_SUITE_P(
    Table, FormatDurationTest,
    ::testing::Values(DurationCase{59, "59с"}, DurationCase{3725, "1ч 2м 5с"},
                      DurationCase{90061, "1д 1ч 1м"}, DurationCase{0, "0с"},
                      DurationCase{59.99, "59с"}, DurationCase{60, "1м 0с"},
                      DurationCase{3599, "59м 59с"}, DurationCase{3600, "1ч 0м 0с"},
                      DurationCase{7200, "2ч 0м 0с"}, DurationCase{86399, "23ч 59м 59с"},
                      DurationCase{86400, "1д 0ч 0м"}, DurationCase{2769.23, "46м 9с"},
                      DurationCase{3 * 86400 + 5 * 3600 + 7 * 60 + 9, "3д 5ч 7м"},
                      DurationCase{-5, "0с"}));

TEST(ProgressBar, AppendixB) {
  EXPECT_EQ(progress_bar(0, 12), "░░░░░░░░░░");
  EXPECT_EQ(progress_bar(5, 12), "████░░░░░░");
  EXPECT_EQ(progress_bar(12, 12), "██████████");
}

TEST(ProgressBar, EdgeCases) {
  EXPECT_EQ(progress_bar(5, 0), "░░░░░░░░░░");  // t = 0
  EXPECT_EQ(progress_bar(11, 12), "█████████░");
  EXPECT_EQ(progress_bar(6, 12, 4), "██░░");
  EXPECT_EQ(progress_bar(20, 12, 3), "███");  // over-full stays within the width
  EXPECT_EQ(progress_bar(1, 3, 3), "█░░");
}

struct RelativeCase {
  UnixTime ago;
  const char* expected;
};

class RelativeTimeTest : public ::testing::TestWithParam<RelativeCase> {};

TEST_P(RelativeTimeTest, Russian) {
  const UnixTime now = 1'700'000'000;
  EXPECT_EQ(relative_time(now - GetParam().ago, now), GetParam().expected) << GetParam().ago;
}

INSTANTIATE_TEST_SUITE_P(
    DecisionA9, RelativeTimeTest,
    ::testing::Values(RelativeCase{0, "только что"}, RelativeCase{59, "только что"},
                      RelativeCase{-30, "только что"}, RelativeCase{60, "1 мин назад"},
                      RelativeCase{5 * 60 + 59, "5 мин назад"}, RelativeCase{3599, "59 мин назад"},
                      RelativeCase{3600, "1 ч назад"}, RelativeCase{3 * 3600 + 1, "3 ч назад"},
                      RelativeCase{86399, "23 ч назад"}, RelativeCase{86400, "1 дн назад"},
                      RelativeCase{2 * 86400 + 7, "2 дн назад"},
                      RelativeCase{400 * 86400, "400 дн назад"}));

TEST(RelativeTime, ZeroMeansNever) { EXPECT_EQ(relative_time(0, 1'700'000'000), "никогда"); }

}  // namespace
}  // namespace game

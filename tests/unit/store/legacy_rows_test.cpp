// Legacy users rows brought into our rules (store/sql/legacy_rows.hpp), without a database:
// the values SQLite may hand over for the original bot's columns, however odd. Found by
// fuzzing (fuzz/legacy_rows.cpp): a huge or infinite length made the derived gofra an
// out-of-range conversion, and a last_update near INT64_MAX overflowed atm_full_at.
#include "store/sql/legacy_rows.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "game/atmospheres.hpp"

namespace store::sql {
namespace {

// user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki,
// atm_count, last_update, last_davka, experience, nickname_changed, version
Row users_row(Value gofra_mm, Value cable_mm, Value zmiy, Value total_zmiy, Value davki,
              Value last_update, Value last_davka, Value experience) {
  return Row({std::int64_t{5}, std::string("Вася"), gofra_mm, cable_mm, zmiy, total_zmiy, davki,
              std::int64_t{3}, last_update, last_davka, experience, std::int64_t{0},
              std::int64_t{0}});
}

TEST(LegacyRows, LengthsAndGramsThatAreNotNumbersAreTheDefaults) {
  const game::Balance balance;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const auto p = legacy_player_from_row(
      users_row(nan, inf, -inf, nan, std::int64_t{1}, std::int64_t{0}, std::int64_t{0},
                std::int64_t{0}),
      balance);
  EXPECT_EQ(p.gofra_mm, 10.0);
  EXPECT_EQ(p.cable_mm, 10.0);
  EXPECT_EQ(p.zmiy_grams, 0.0);
  EXPECT_EQ(p.total_zmiy_grams, 0.0);
  EXPECT_EQ(p.gofra(), 1);
  EXPECT_EQ(p.cable_power(), 2);
}

TEST(LegacyRows, HugeAndNegativeValuesAreBroughtWithinRange) {
  const game::Balance balance;
  const auto p = legacy_player_from_row(
      users_row(-3.59537e+307, 1e300, -5.0, 1e20, std::int64_t{-7},
                std::numeric_limits<std::int64_t>::max(), std::int64_t{-100},
                std::numeric_limits<std::int64_t>::max()),
      balance);
  EXPECT_EQ(p.gofra_mm, 0.0);
  EXPECT_EQ(p.cable_mm, 1e15);
  EXPECT_EQ(p.zmiy_grams, 0.0);
  EXPECT_EQ(p.total_zmiy_grams, 1e15);
  EXPECT_EQ(p.total_davki, 0);
  EXPECT_EQ(p.experience, 1'000'000'000'000'000);
  EXPECT_EQ(p.last_update, 253'402'300'799);  // 9999-12-31 23:59:59 UTC
  EXPECT_EQ(p.last_davka, 0);
  // What migration 2 and the import write for the row, now computable.
  EXPECT_EQ(p.gofra(), 0);
  EXPECT_EQ(p.cable_power(), 200'000'000'000'000);
  EXPECT_GT(game::atm_full_at(p, balance), p.last_update);
}

TEST(LegacyRows, OrdinaryValuesAreKept) {
  const game::Balance balance;
  const auto p = legacy_player_from_row(
      users_row(123.5, 42.0, 7.25, 99.0, std::int64_t{12}, std::int64_t{1'700'000'000},
                std::int64_t{1'699'999'000}, std::int64_t{321}),
      balance);
  EXPECT_EQ(p.gofra_mm, 123.5);
  EXPECT_EQ(p.cable_mm, 42.0);
  EXPECT_EQ(p.zmiy_grams, 7.25);
  EXPECT_EQ(p.total_zmiy_grams, 99.0);
  EXPECT_EQ(p.total_davki, 12);
  EXPECT_EQ(p.last_update, 1'700'000'000);
  EXPECT_EQ(p.last_davka, 1'699'999'000);
  EXPECT_EQ(p.experience, 321);
  EXPECT_EQ(p.atm_count, 3);
}

}  // namespace
}  // namespace store::sql

// Row's getters on what a database may hand over in any column (SQLite keeps any type in
// any column): NULL, integers, reals beyond the integers' range or not numbers, texts.
#include <gtest/gtest.h>

#include <limits>

#include "store/sql/connection.hpp"

namespace {

using store::sql::Row;
using store::sql::Value;

TEST(Row, IntegerOfARealIsRoundedAndKeptWithinRange) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const Row row({Value{2.5}, Value{-2.5}, Value{1e300}, Value{-inf}, Value{nan}, Value{nullptr},
                 Value{std::string("17")}, Value{std::string("x")}});
  EXPECT_EQ(row.integer(0), 3);
  EXPECT_EQ(row.integer(1), -3);
  EXPECT_EQ(row.integer(2), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(row.integer(3), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(row.integer(4, 42), 42) << "NaN reads as the fallback, like NULL";
  EXPECT_EQ(row.integer(5, 7), 7);
  EXPECT_EQ(row.integer(6), 17);
  EXPECT_EQ(row.integer(7, 9), 9);
}

}  // namespace

#include "ops/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(EditDistance, CountsEditsBelowTheCap) {
  EXPECT_EQ(ops::edit_distance("kitten", "sitting", 10), 3u);
  EXPECT_EQ(ops::edit_distance("", "abc", 10), 3u);
  EXPECT_EQ(ops::edit_distance("same", "same", 4), 0u);
  EXPECT_EQ(ops::edit_distance("storage.path", "storage.pth", 4), 1u);
}

TEST(EditDistance, StopsAtTheCap) {
  EXPECT_EQ(ops::edit_distance("kitten", "sitting", 3), 3u);
  EXPECT_EQ(ops::edit_distance("kitten", "sitting", 2), 2u);
  // Lengths that differ by the cap or more are not measured.
  EXPECT_EQ(ops::edit_distance(std::string(5000, 'x'), "telegram.token", 4), 4u);
  // Same lengths, nothing in common: the measure gives up once a row is past the cap.
  EXPECT_EQ(ops::edit_distance(std::string(3000, 'a'), std::string(3000, 'b'), 4), 4u);
}

}  // namespace

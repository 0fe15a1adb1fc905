#include "ops/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

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

// The textbook measure, every cell of the table: what the banded one must agree with.
std::size_t full_table_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
  }
  return d[a.size()][b.size()];
}

TEST(EditDistance, AgreesWithTheFullTableUpToTheCap) {
  std::mt19937 rng(7);
  const auto random_text = [&rng](std::size_t max_length) {
    std::string s(rng() % (max_length + 1), 'a');
    for (char& c : s) c = static_cast<char>('a' + rng() % 3);  // few letters: many near misses
    return s;
  };
  for (int n = 0; n < 20000; ++n) {
    // Past 63 characters the row leaves the stack buffer.
    const std::string a = random_text(n % 10 == 0 ? 90 : 12);
    const std::string b = random_text(n % 10 == 0 ? 90 : 12);
    const std::size_t cap = 1 + rng() % 6;
    ASSERT_EQ(ops::edit_distance(a, b, cap), std::min(full_table_distance(a, b), cap))
        << a << " / " << b << " cap " << cap;
  }
}

}  // namespace

#include "game/numeric.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <random>
#include <string>

namespace game {
namespace {

struct RoundCase {
  double x;
  int digits;
  double expected;  // Python round(x, digits)
};

class PyRoundTest : public ::testing::TestWithParam<RoundCase> {};

TEST_P(PyRoundTest, MatchesPython) {
  const RoundCase& c = GetParam();
  // Bit-exact: EXPECT_EQ on doubles, not NEAR.
  EXPECT_EQ(py_round(c.x, c.digits), c.expected) << c.x << " to " << c.digits;
}

// The values of the second block are ones where floor(x*10^n + 0.5) / 10^n differs from
// Python (found by brute force against CPython), so a naive implementation fails them.
INSTANTIATE_TEST_SUITE_P(
    Table, PyRoundTest,
    ::testing::Values(RoundCase{0.82, 2, 0.82}, RoundCase{17.752941176470588, 2, 17.75},
                      RoundCase{0.0898, 2, 0.09}, RoundCase{0.05, 2, 0.05},
                      RoundCase{54.94999, 1, 54.9}, RoundCase{-3.25, 1, -3.2},
                      RoundCase{2.675, 2, 2.67}, RoundCase{0.125, 2, 0.12},
                      RoundCase{0.375, 2, 0.38}, RoundCase{1.005, 2, 1.0},
                      RoundCase{2.835, 2, 2.83}, RoundCase{2.545, 2, 2.54},
                      RoundCase{74.05, 1, 74.0}, RoundCase{61.245, 2, 61.24},
                      RoundCase{32.125, 2, 32.12}, RoundCase{63.095, 2, 63.09},
                      RoundCase{98.705, 2, 98.7}, RoundCase{0.0, 2, 0.0}));

TEST(PyRound, NonFiniteValuesPassThrough) {
  EXPECT_TRUE(std::isnan(py_round(std::nan(""), 2)));
  EXPECT_EQ(py_round(INFINITY, 1), INFINITY);
}

TEST(PyRound0, TiesToEven) {
  EXPECT_EQ(py_round0(0.5), 0.0);
  EXPECT_EQ(py_round0(1.5), 2.0);
  EXPECT_EQ(py_round0(2.5), 2.0);
  EXPECT_EQ(py_round0(-2.5), -2.0);
  EXPECT_EQ(py_round0(1052.5), 1052.0);  // cosmic min grams at 152.5 m
  EXPECT_EQ(py_round0(1023.4567), 1023.0);
  EXPECT_EQ(py_round0(2558.64175), 2559.0);
}

TEST(Fixed, FormatsLikePrintf) {
  EXPECT_EQ(fixed(1.1, 2), "1.10");
  EXPECT_EQ(fixed(2.5, 0), "2");
  EXPECT_EQ(fixed(3.5, 0), "4");
  EXPECT_EQ(fixed(0.125, 2), "0.12");
  EXPECT_EQ(fixed(54.9, 1), "54.9");
  // Longer than any fixed-size buffer a naive implementation might use.
  EXPECT_EQ(fixed(1e80, 1).size(), 83u);
}

TEST(Fixed, RoundsTheExactBinaryValueTiesToEven) {
  EXPECT_EQ(fixed(0.5, 0), "0");
  EXPECT_EQ(fixed(1.5, 0), "2");
  EXPECT_EQ(fixed(-2.5, 0), "-2");
  EXPECT_EQ(fixed(0.375, 2), "0.38");  // 0.375 is exact: a tie, to even
  EXPECT_EQ(fixed(2.675, 2), "2.67");  // really 2.67499999...
  EXPECT_EQ(fixed(1.005, 2), "1.00");  // really 1.00499999...
  EXPECT_EQ(fixed(1.025, 2), "1.02");  // really 1.02499999...
  EXPECT_EQ(fixed(0.15, 1), "0.1");    // really 0.1499999...
  EXPECT_EQ(fixed(0.35, 1), "0.3");    // really 0.3499999...
  EXPECT_EQ(fixed(1052.5, 0), "1052");
  EXPECT_EQ(fixed(99.95, 1), "100.0");  // really 99.9500000000000028...: a carry into a new digit
  EXPECT_EQ(fixed(9.995, 2), "9.99");
}

TEST(Fixed, KeepsTheSignOfZero) {
  EXPECT_EQ(fixed(0.0, 1), "0.0");
  EXPECT_EQ(fixed(-0.0, 1), "-0.0");
  EXPECT_EQ(fixed(-0.0, 0), "-0");
  EXPECT_EQ(fixed(-0.04, 1), "-0.0");  // rounds to a negative zero, as printf does
  EXPECT_EQ(fixed(-0.4, 0), "-0");
}

TEST(Fixed, NegativeValuesAndDecimals) {
  EXPECT_EQ(fixed(-3.25, 1), "-3.2");
  EXPECT_EQ(fixed(-1234.56, 1), "-1234.6");
  EXPECT_EQ(fixed(7.0, 3), "7.000");
  EXPECT_EQ(fixed(0.1, 20), "0.10000000000000000555");
  EXPECT_EQ(fixed(123.456, -1), "123");  // negative decimals read as none
}

TEST(Fixed, NonFiniteValuesAsPrintf) {
  EXPECT_EQ(fixed(INFINITY, 1), "inf");
  EXPECT_EQ(fixed(-INFINITY, 2), "-inf");
  EXPECT_EQ(fixed(std::nan(""), 1), "nan");
  EXPECT_EQ(fixed(-std::nan(""), 1), "-nan");
}

TEST(Fixed, HugeAndTinyMagnitudes) {
  const std::string max = fixed(1.7976931348623157e308, 2);
  EXPECT_EQ(max.size(), 309u + 3u);
  EXPECT_EQ(max.substr(0, 17), "17976931348623157");
  EXPECT_EQ(max.substr(max.size() - 3), ".00");
  EXPECT_EQ(fixed(-1e300, 0).size(), 302u);
  // The exact binary value, digit for digit, as printf prints it.
  EXPECT_EQ(fixed(1e80, 1),
            "100000000000000000026609864708367276537402401181200809098131977453489758916313088.0");
  EXPECT_EQ(fixed(5e-324, 3), "0.000");
  EXPECT_EQ(fixed(-5e-324, 3), "-0.000");
  // Many decimals, longer than any small buffer: the exact binary value of 0.1.
  const std::string tenth = fixed(0.1, 60);
  EXPECT_EQ(tenth, "0.100000000000000005551115123125782702118158340454101562500000");
}

// The exact conversion fixed() must agree with: printf's text of the exact binary value.
std::string exact_fixed(double x, int decimals) {
  char text[400];
  auto [end, ec] = std::to_chars(text, text + sizeof text, x, std::chars_format::fixed, decimals);
  EXPECT_EQ(ec, std::errc{});
  return std::string(text, end);
}

// fixed() rounds what the game prints through integers and leaves ties and near-ties to
// the exact conversion: its text is the exact one for decimal-looking values, exact
// ties and their neighbours one unit away, values far from a tie, and magnitudes up to
// where the integers end.
TEST(Fixed, AgreesWithTheExactConversion) {
  std::mt19937_64 random(20261129);
  std::uniform_int_distribution<int> decimals_of(0, 6);
  std::uniform_int_distribution<std::int64_t> hundredths(-10'000'000, 10'000'000);
  std::uniform_real_distribution<double> anywhere(-1e6, 1e6);
  std::uniform_int_distribution<int> exponent(-30, 60);
  int checked = 0;
  auto check = [&](double x, int decimals) {
    ASSERT_EQ(fixed(x, decimals), exact_fixed(x, decimals)) << x << " to " << decimals;
    ++checked;
  };
  for (int i = 0; i < 200'000; ++i) {
    const int decimals = decimals_of(random);
    const double decimal_looking = static_cast<double>(hundredths(random)) / 100.0;
    // Ties at this precision: (k + 1/2) / 10^d, exact when the binary value is.
    const double tie = (std::floor(decimal_looking * std::pow(10.0, decimals)) + 0.5) /
                       std::pow(10.0, decimals);
    for (double x : {decimal_looking, tie, std::nextafter(tie, INFINITY),
                     std::nextafter(tie, -INFINITY), anywhere(random),
                     std::ldexp(anywhere(random), exponent(random))}) {
      check(x, decimals);
    }
  }
  for (int decimals = 0; decimals <= 17; ++decimals) {
    for (double x : {0x1p52, 0x1p52 - 1, 4503599627370495.5, 123456789.987654321, 1e-20,
                     -1e-20, 0.5, 1.5, 2.5, 1e15 + 0.5}) {
      check(x, decimals);
    }
  }
  EXPECT_EQ(checked, 200'000 * 6 + 18 * 10);
}

struct LengthCase {
  double mm;
  const char* expected;
};

class FormatLengthTest : public ::testing::TestWithParam<LengthCase> {};

TEST_P(FormatLengthTest, Centimetres) {
  EXPECT_EQ(format_length(GetParam().mm), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(AppendixB, FormatLengthTest,
                         ::testing::Values(LengthCase{10.0, "1.0 см"}, LengthCase{10.25, "1.0 см"},
                                           LengthCase{10.35, "1.0 см"}, LengthCase{0.5, "0.1 см"},
                                           LengthCase{12345, "1234.5 см"},
                                           LengthCase{123.4, "12.3 см"}, LengthCase{15.0, "1.5 см"},
                                           LengthCase{25.0, "2.5 см"},
                                           LengthCase{-15.0, "-1.5 см"},
                                           LengthCase{-0.4, "-0.0 см"},
                                           LengthCase{999.5, "100.0 см"},
                                           // Never switches to metres, even for cosmic lengths.
                                           LengthCase{123456.7, "12345.7 см"}));

}  // namespace
}  // namespace game

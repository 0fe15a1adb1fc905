#include "game/numeric.hpp"

#include <array>
#include <cmath>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <system_error>

namespace game {
namespace {

// Stored lengths are millimetres; players read centimetres (GAME.md §0).
constexpr double kMmPerCm = 10.0;
constexpr int kLengthDecimals = 1;

// 10^0 .. 10^15: exact as doubles and as integers.
constexpr int kMaxIntegerDecimals = 15;
constexpr auto kPowersOfTen = [] {
  std::array<std::uint64_t, kMaxIntegerDecimals + 1> powers{};
  std::uint64_t p = 1;
  for (auto& power : powers) {
    power = p;
    p *= 10;
  }
  return powers;
}();

// fixed() for what the game prints (a few decimals of a moderate value) without
// std::to_chars's exact conversion, which was a tenth of the instructions per update
// outside the store. x·10^d rounded to a double is on the same side of every k + 1/2 as
// the exact product (rounding is monotonic, and below 2^52 each k + 1/2 is a double), so
// it rounds to the same integer, whose digits are the text; only a product that lands on
// a k + 1/2 (a tie, or a value within half a unit of one) is left to the exact
// conversion. Returns the end of the text written to `out` (room for 40 characters), or
// nullptr where std::to_chars must decide.
char* fixed_by_integers(double x, int decimals, char* out) {
  if (decimals > kMaxIntegerDecimals || !std::isfinite(x)) return nullptr;
  const auto power = kPowersOfTen[static_cast<std::size_t>(decimals)];
  const double scaled = std::fabs(x) * static_cast<double>(power);
  if (!(scaled < 0x1p52)) return nullptr;
  const double whole = std::floor(scaled);
  const double fraction = scaled - whole;  // exact
  if (fraction == 0.5) return nullptr;
  const auto rounded = static_cast<std::uint64_t>(whole) + (fraction > 0.5 ? 1 : 0);
  if (std::signbit(x)) *out++ = '-';  // "-0.0" for -0.04, as printf
  out = std::to_chars(out, out + 20, rounded / power).ptr;
  if (decimals == 0) return out;
  *out++ = '.';
  auto rest = rounded % power;
  for (char* digit = out + decimals; digit != out;) {
    *--digit = static_cast<char>('0' + rest % 10);
    rest /= 10;
  }
  return out + decimals;
}

}  // namespace

// std::to_chars prints the exact binary value correctly rounded, ties to even, with the
// sign of negative zero and "inf"/"nan" spelt as printf("%.*f") spells them, so the text
// is the same; unlike printf it skips the format parsing and the locale, which made
// printf a noticeable part of every update. strtod (in py_round) follows the C numeric
// locale; the program never calls setlocale, so the decimal separator is always '.'.
std::string fixed(double x, int decimals) {
  if (decimals < 0) decimals = 0;
  char small[64];
  if (char* end = fixed_by_integers(x, decimals, small)) return std::string(small, end);
  auto [end, ec] =
      std::to_chars(small, small + sizeof small, x, std::chars_format::fixed, decimals);
  if (ec == std::errc{}) return std::string(small, end);
  // Huge magnitudes print hundreds of digits: sign, up to 309 integer digits, the point
  // and the decimals always fit in this.
  std::string big(static_cast<std::size_t>(decimals) + 320, '\0');
  auto [big_end, big_ec] =
      std::to_chars(big.data(), big.data() + big.size(), x, std::chars_format::fixed, decimals);
  if (big_ec != std::errc{}) return {};
  big.resize(static_cast<std::size_t>(big_end - big.data()));
  return big;
}

double py_round(double x, int digits) {
  if (!std::isfinite(x)) return x;
  if (digits < 0) {
    // Not used by the rules; an approximation is enough for a defined result.
    const double scale = std::pow(10.0, -digits);
    return py_round0(x / scale) * scale;
  }
  // fixed() prints the exact binary value correctly rounded, ties to even, which is what
  // Python's round() does; strtod then picks the nearest double, as Python does.
  const std::string text = fixed(x, digits);
  return std::strtod(text.c_str(), nullptr);
}

double py_round0(double x) {
  // nearbyint honours the default round-to-nearest-even mode; std::round would round
  // halves away from zero and differ from Python on .5 values.
  return std::nearbyint(x);
}

std::string format_length(double mm) { return fixed(mm / kMmPerCm, kLengthDecimals) + " см"; }

}  // namespace game

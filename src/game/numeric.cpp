#include "game/numeric.hpp"

#include <cmath>
#include <charconv>
#include <cstdlib>
#include <system_error>

namespace game {
namespace {

// Stored lengths are millimetres; players read centimetres (GAME.md §0).
constexpr double kMmPerCm = 10.0;
constexpr int kLengthDecimals = 1;

}  // namespace

// std::to_chars prints the exact binary value correctly rounded, ties to even, with the
// sign of negative zero and "inf"/"nan" spelt as printf("%.*f") spells them, so the text
// is the same; unlike printf it skips the format parsing and the locale, which made
// printf a noticeable part of every update. strtod (in py_round) follows the C numeric
// locale; the program never calls setlocale, so the decimal separator is always '.'.
std::string fixed(double x, int decimals) {
  if (decimals < 0) decimals = 0;
  char small[64];
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

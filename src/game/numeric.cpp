#include "game/numeric.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace game {
namespace {

// Stored lengths are millimetres; players read centimetres (GAME.md §0).
constexpr double kMmPerCm = 10.0;
constexpr int kLengthDecimals = 1;

}  // namespace

// printf and strtod follow the C numeric locale; the program never calls setlocale, so the
// decimal separator is always '.'.
std::string fixed(double x, int decimals) {
  if (decimals < 0) decimals = 0;
  char small[64];
  const int n = std::snprintf(small, sizeof small, "%.*f", decimals, x);
  if (n < 0) return {};
  if (static_cast<std::size_t>(n) < sizeof small) return std::string(small, static_cast<std::size_t>(n));
  // Huge magnitudes print hundreds of digits; size the buffer exactly instead of truncating.
  std::vector<char> big(static_cast<std::size_t>(n) + 1);
  std::snprintf(big.data(), big.size(), "%.*f", decimals, x);
  return std::string(big.data(), static_cast<std::size_t>(n));
}

double py_round(double x, int digits) {
  if (!std::isfinite(x)) return x;
  if (digits < 0) {
    // Not used by the rules; an approximation is enough for a defined result.
    const double scale = std::pow(10.0, -digits);
    return py_round0(x / scale) * scale;
  }
  // glibc prints the exact binary value correctly rounded, ties to even, which is what
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

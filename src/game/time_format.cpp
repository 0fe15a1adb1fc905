#include "game/time_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace game {
namespace {

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

std::string num(std::int64_t v) { return std::to_string(v); }

}  // namespace

std::string format_duration(double seconds) {
  // Whole seconds, floored: the original printed floats ("2.0ч 0.0м 0.0с", §15 D-19).
  const std::int64_t s =
      std::isfinite(seconds) && seconds > 0 ? static_cast<std::int64_t>(std::floor(seconds)) : 0;
  if (s < kMinute) return num(s) + "с";
  const std::int64_t d = s / kDay;
  const std::int64_t h = s / kHour;
  const std::int64_t m = s / kMinute;
  if (d > 0) return num(d) + "д " + num(h % 24) + "ч " + num(m % 60) + "м";
  if (h > 0) return num(h) + "ч " + num(m % 60) + "м " + num(s % 60) + "с";
  return num(m) + "м " + num(s % 60) + "с";
}

std::string progress_bar(double current, double total, int cells) {
  const int width = std::max(0, cells);
  int full = 0;
  if (total != 0) {
    // Same evaluation order as the original: (c / t) * l, then floor.
    const double f = std::floor(current / total * width);
    full = std::isfinite(f) ? static_cast<int>(std::clamp(f, 0.0, static_cast<double>(width))) : 0;
  }
  std::string bar;
  for (int i = 0; i < full; ++i) bar += "█";
  for (int i = full; i < width; ++i) bar += "░";
  return bar;
}

std::string relative_time(UnixTime then, UnixTime now) {
  if (then == 0) return "никогда";
  // A timestamp slightly in the future (clock skew between hosts) reads as "just now".
  const UnixTime ago = now - then;
  if (ago < kMinute) return "только что";
  if (ago < kHour) return num(ago / kMinute) + " мин назад";
  if (ago < kDay) return num(ago / kHour) + " ч назад";
  return num(ago / kDay) + " дн назад";
}

}  // namespace game

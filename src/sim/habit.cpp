#include "sim/habit.hpp"

#include <algorithm>
#include <cmath>

namespace sim {

namespace {

constexpr game::UnixTime kHour = 3600;

// A visit at `hour` of the day starting at day_start, give or take `spread` seconds.
game::UnixTime around(game::UnixTime day_start, double hour, game::UnixTime spread,
                      game::Random& schedule) {
  return day_start + static_cast<game::UnixTime>(hour * kHour) + schedule.randint(-spread, spread);
}

// The first of the day's visit hours after `now`, on this day or the next.
game::UnixTime next_of(const double* hours, std::size_t n, game::UnixTime now,
                       game::UnixTime day_start, game::UnixTime spread, game::Random& schedule) {
  for (game::UnixTime day = day_start;; day += kDay) {
    for (std::size_t i = 0; i < n; ++i) {
      // Only slots whose earliest moment is after now: the jitter never goes back in time.
      if (day + static_cast<game::UnixTime>(hours[i] * kHour) - spread > now) {
        return around(day, hours[i], spread, schedule);
      }
    }
  }
}

constexpr double kTwiceDailyHours[] = {9, 21};
constexpr double kFighterHours[] = {8, 13, 18, 23};

}  // namespace

std::string_view habit_key(Habit h) {
  switch (h) {
    case Habit::Grinder: return "grinder";
    case Habit::TwiceDaily: return "twice_daily";
    case Habit::Fighter: return "fighter";
    case Habit::Casual: return "casual";
  }
  return "?";
}

std::string_view habit_label(Habit h) {
  switch (h) {
    case Habit::Grinder: return "давит, как только бак полон";
    case Habit::TwiceDaily: return "заходит утром и вечером";
    case Habit::Fighter: return "боец: 4 раза в день, бои до лимита";
    case Habit::Casual: return "заходит раз в 1–4 дня";
  }
  return "?";
}

game::UnixTime next_visit(Habit h, game::UnixTime now, game::UnixTime day_start,
                          game::UnixTime full_at, game::Random& schedule) {
  switch (h) {
    case Habit::Grinder:
      // Notices the full tank within ten minutes.
      return std::max(full_at, now + 1) + schedule.randint(0, 600);
    case Habit::TwiceDaily:
      return next_of(kTwiceDailyHours, std::size(kTwiceDailyHours), now, day_start, kHour,
                     schedule);
    case Habit::Fighter:
      return next_of(kFighterHours, std::size(kFighterHours), now, day_start, kHour / 2,
                     schedule);
    case Habit::Casual: {
      const game::UnixTime day = day_start + kDay * schedule.randint(1, 4);
      return day + schedule.randint(8 * kHour, 23 * kHour);
    }
  }
  return now + kDay;
}

game::UnixTime first_visit(Habit h, game::UnixTime start, game::Random& schedule) {
  if (h == Habit::Grinder || h == Habit::Casual) {
    return start + schedule.randint(8 * kHour, 23 * kHour);
  }
  return next_visit(h, start - 1, start, start, schedule);
}

int fights_wanted(Habit h, int limit, game::Random& rng) {
  switch (h) {
    case Habit::Grinder: return 0;
    case Habit::TwiceDaily: return rng.random() < 0.5 ? 1 : 0;
    case Habit::Fighter: return limit;
    case Habit::Casual: return rng.random() < 0.3 ? 1 : 0;
  }
  return 0;
}

}  // namespace sim

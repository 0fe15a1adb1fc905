#pragma once
// The habits of simulated players (issue 19): when a player opens the bot and what it does
// there. Each is a plain rule an operator can recognise in real players; the mix of them is
// a setting of the simulation.
#include <array>
#include <cstddef>
#include <string_view>

#include "game/player.hpp"
#include "game/random.hpp"

namespace sim {

enum class Habit {
  Grinder,     // opens the bot the moment the tank is full and squeezes; never fights
  TwiceDaily,  // morning and evening; squeezes when full, one fight in every other visit
  Fighter,     // four visits a day; squeezes when full, fights until the hourly limit
  Casual,      // once every one to four days; squeezes, sometimes one fight
};

inline constexpr std::size_t kHabitCount = 4;
inline constexpr std::array<Habit, kHabitCount> kHabits{Habit::Grinder, Habit::TwiceDaily,
                                                        Habit::Fighter, Habit::Casual};

inline std::size_t index_of(Habit h) { return static_cast<std::size_t>(h); }

// The key in the CSV files and on the command line: grinder, twice_daily, fighter, casual.
std::string_view habit_key(Habit h);
// The label in the plots (Russian, as the plots are).
std::string_view habit_label(Habit h);

inline constexpr game::UnixTime kDay = 86400;

// The next visit after a visit at `now` (`day_start` is the start of now's day). A grinder's
// next visit is its tank's full time plus a short reaction (`full_at`); the others keep to
// the clock. Draws from `schedule` only.
game::UnixTime next_visit(Habit h, game::UnixTime now, game::UnixTime day_start,
                          game::UnixTime full_at, game::Random& schedule);

// The first visit of a player who joins at `start` (a day's start).
game::UnixTime first_visit(Habit h, game::UnixTime start, game::Random& schedule);

// How many fights a player of this habit starts in one visit, at most (the hourly limit of
// the balance still applies): a fighter until the limit, the others one now and then.
int fights_wanted(Habit h, int limit, game::Random& rng);

}  // namespace sim

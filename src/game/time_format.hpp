#pragma once
// Durations and bars as the atmosphere screens show them (GAME.md §3, Appendix A decision 9).
#include <string>

#include "game/player.hpp"

namespace game {

// ft(s): "59с", "1ч 2м 5с", "1д 1ч 1м" from whole seconds (floor).
std::string format_duration(double seconds);

// pb(c, t, l): floor(c/t*l) full cells then empty ones; all empty when t == 0.
std::string progress_bar(double current, double total, int cells = 10);

// "только что", "5 мин назад", "3 ч назад", "2 дн назад"; "никогда" for 0.
std::string relative_time(UnixTime then, UnixTime now);

}  // namespace game

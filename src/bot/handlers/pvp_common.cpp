#include "bot/handlers/pvp_common.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>

#include "game/pvp.hpp"
#include "game/time_format.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

std::int64_t fights_in_window(Context& ctx, UserId user) {
  return ctx.work().store().fights_since(user, ctx.now() - ctx.balance().pvp_window_seconds);
}

bool may_fight(Context& ctx, UserId user) {
  auto n = std::min<std::int64_t>(fights_in_window(ctx, user), std::numeric_limits<int>::max());
  return game::can_fight(static_cast<int>(n), ctx.balance());
}

std::string pvp_limit_text(const game::Balance& balance) {
  if (balance.pvp_window_seconds == 3600) {
    return fmt::format("Лимит: {} боёв в час"_cf, balance.pvp_fights_per_window);
  }
  return fmt::format("Лимит: {} боёв за {}"_cf, balance.pvp_fights_per_window,
                     game::format_duration(static_cast<double>(balance.pvp_window_seconds)));
}

std::optional<UserId> parse_user_id(std::string_view text) {
  UserId id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace bot

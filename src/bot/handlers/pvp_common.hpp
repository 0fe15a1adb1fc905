#pragma once
// What the private радёмка and the chat fights share: the hourly limit (GAME.md §7.1),
// its text, and reading a target id from callback data.
#include <optional>
#include <string>
#include <string_view>

#include "bot/context.hpp"

namespace bot {

// Fights the user took part in (either side) within the limit's window.
std::int64_t fights_in_window(Context& ctx, UserId user);
// Whether the user may fight once more now.
bool may_fight(Context& ctx, UserId user);
// "Лимит: 10 боёв в час" (or the configured window).
std::string pvp_limit_text(const game::Balance& balance);
// A positive Telegram user id, or nothing for garbled or forged callback data.
std::optional<UserId> parse_user_id(std::string_view text);

}  // namespace bot

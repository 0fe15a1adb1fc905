#pragma once
// Screens and text pieces shared by several handler files (private and group menus
// show the same personal screens with different keyboards).
#include <string>

#include "bot/context.hpp"
#include "game/player.hpp"

namespace bot {

// "{emoji} {level} | 🏗️ {gofra} | 🔌 {cable}"
std::string status_line(const game::Player& p);
// "🏗️ {gofra} | 🔌 {cable}"
std::string lengths_line(const game::Player& p);
// "{emoji} {level name}"
std::string level_title(double gofra_mm);
// "54.9%": one decimal always (D-19).
std::string percent(double value);

// The personal info screens; `keyboard` differs between the private and the chat menu.
std::string gofra_screen(const game::Player& p, const game::Balance& balance);
std::string cable_screen(const game::Player& p, const game::Balance& balance);
std::string atm_screen(const game::Player& p, game::UnixTime now, const game::Balance& balance);

// Davka outcome shown to the player; handlers add headers and chat lines.
void show_main_menu(Context& ctx);

// Group entry points other files reuse: /start in a group, /davka in a group.
void chat_welcome(Context& ctx);
void chat_davka(Context& ctx);
// A chat-only command used in a private chat: a hint (Appendix A decision 3).
bool refuse_outside_group(Context& ctx);

}  // namespace bot

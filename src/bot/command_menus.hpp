#pragma once
// The command menus shown by Telegram clients (GAME.md §11.5), as setMyCommands bodies:
// one for private chats, one for groups.
#include <string>

namespace bot {

std::string private_commands_body();
std::string group_commands_body();

}  // namespace bot

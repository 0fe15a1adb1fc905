#pragma once
// How a broadcast's progress reads, in the admin panel and in the message the sender edits
// as it goes (handlers/admin.cpp defines them).
#include <string>

#include "bot/reply.hpp"
#include "store/records.hpp"

namespace bot {

std::string broadcast_progress_text(const store::BroadcastRecord& broadcast);
// [⛔ Остановить] [⬅️ Админка] while it runs, [⬅️ Админка] after.
KeyboardRef broadcast_progress_keyboard(bool running);

}  // namespace bot

#pragma once
// Telegram's object model (telegram/types.hpp) → what the bot consumes (bot/update.hpp).
// The router parses command names from the text itself; this only selects and copies.
#include <optional>

#include "bot/update.hpp"
#include "telegram/types.hpp"

namespace bot {

// nullopt for updates the game ignores: edits, my_chat_member, unknown kinds, messages in
// chats of a type we do not know. Rules the mapping applies:
//  * message and channel_post are kept; a channel post has from = nullopt.
//  * A message sent on behalf of a chat (sender_chat: anonymous admin, a channel, a linked
//    channel's automatic forward) carries a placeholder `from` (GroupAnonymousBot,
//    Channel_Bot, Telegram 777000) shared by everyone; it maps to from = nullopt, and so does
//    the author of a replied-to message sent that way, so that no placeholder becomes a player
//    or a fight target.
//  * text is the text, or the caption of a media message.
//  * A callback query always maps (it must be answered); chat and message_id are set only when
//    its message is accessible (not inline, not an InaccessibleMessage with date 0).
std::optional<Update> to_bot_update(const telegram::Update& update);

}  // namespace bot

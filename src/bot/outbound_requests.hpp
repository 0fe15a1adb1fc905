#pragma once
// Replies as requests for the outbound queue: the Bot API method, its JSON body, the chat
// it is paced by, and for an edit the sendMessage to fall back to.
#include <optional>
#include <span>
#include <vector>

#include "bot/bot_api_encoding.hpp"
#include "bot/reply.hpp"
#include "telegram/outbound_queue.hpp"

namespace bot {

// The chat an action is paced by, read without encoding anything (the webhook asks it of
// every lone reply); nullopt for a callback answer, which no chat limit applies to.
std::optional<ChatId> chat_of(const Action& action);

// Telegram's group and supergroup ids are negative.
constexpr bool is_group_chat(ChatId chat) { return chat < 0; }

// From the action already encoded (Outcome::encoded), or encoding it.
telegram::OutboundRequest to_request(const Action& action, EncodedAction encoded,
                                     std::int64_t update_id);
telegram::OutboundRequest to_request(const Action& action, std::int64_t update_id);
// All of an update's actions but `skip` (the one riding in a webhook response). `encoded`
// is Outcome::encoded, parallel to `actions`; empty: encode them here.
std::vector<telegram::OutboundRequest> to_requests(std::span<const Action> actions,
                                                   std::int64_t update_id,
                                                   std::vector<EncodedAction> encoded = {},
                                                   std::optional<std::size_t> skip = {});

}  // namespace bot

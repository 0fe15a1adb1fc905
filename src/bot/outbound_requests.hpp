#pragma once
// Replies as requests for the outbound queue: the Bot API method, its JSON body, the chat
// it is paced by, and for an edit the sendMessage to fall back to.
#include <span>
#include <vector>

#include "bot/reply.hpp"
#include "telegram/outbound_queue.hpp"

namespace bot {

telegram::OutboundRequest to_request(const Action& action, std::int64_t update_id);
std::vector<telegram::OutboundRequest> to_requests(std::span<const Action> actions,
                                                   std::int64_t update_id);

}  // namespace bot

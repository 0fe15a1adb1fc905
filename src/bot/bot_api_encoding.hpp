#pragma once
// Replies as Bot API method calls in JSON: {"method":"sendMessage",...}. The same text is
// the body of an HTTP request, a webhook response, and an outbox row, so a reply written
// to the outbox is sent after a crash exactly as it would have been.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bot/reply.hpp"

namespace bot {

// The Bot API method name and JSON body (with "method") of one action.
std::string_view method_name(const Action& action);
std::string encode_method_call(const Action& action);

// The parameters of one action as a JSON object, without "method": an HTTP request body.
std::string encode_body(const Action& action);

// An update's replies as one JSON array of method calls (the outbox payload).
std::string encode_actions(std::span<const Action> actions);
// Back from encode_actions; nullopt for anything it did not write.
std::optional<std::vector<Action>> decode_actions(std::string_view json);

}  // namespace bot

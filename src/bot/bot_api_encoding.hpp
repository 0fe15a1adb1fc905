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

// An action encoded once. The engine encodes each reply for the outbox; the webhook
// response and the outbound requests are spliced from the same body instead of being
// encoded again (each encoding escapes the whole text and keyboard).
struct EncodedAction {
  std::string_view method;
  std::string body;  // encode_body
};
EncodedAction encode(const Action& action);
std::vector<EncodedAction> encode_all(std::span<const Action> actions);
// Equal to encode_method_call / encode_actions of the actions encoded.
std::string method_call(const EncodedAction& encoded);
std::string actions_payload(std::span<const EncodedAction> encoded);
// The sendMessage twin of an editMessageText body: the same chat, text and keyboard (the
// fallback when the message cannot be edited). Equal to encode_body of that SendMessage.
std::string edit_fallback_body(std::string_view edit_body);
// Back from encode_actions; nullopt for anything it did not write.
std::optional<std::vector<Action>> decode_actions(std::string_view json);

}  // namespace bot

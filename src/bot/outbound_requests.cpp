#include "bot/outbound_requests.hpp"

#include "bot/bot_api_encoding.hpp"

namespace bot {

telegram::OutboundRequest to_request(const Action& action, std::int64_t update_id) {
  telegram::OutboundRequest r;
  r.method = std::string(method_name(action));
  r.body = encode_body(action);
  r.update_id = update_id;
  if (const auto* send = std::get_if<SendMessage>(&action)) {
    r.chat_id = send->chat_id;
  } else if (const auto* edit = std::get_if<EditMessage>(&action)) {
    r.chat_id = edit->chat_id;
    r.fallback_body = encode_body(SendMessage{edit->chat_id, edit->text, edit->keyboard, {}});
  }
  // Telegram's group and supergroup ids are negative.
  r.group = r.chat_id < 0;
  return r;
}

std::vector<telegram::OutboundRequest> to_requests(std::span<const Action> actions,
                                                   std::int64_t update_id) {
  std::vector<telegram::OutboundRequest> requests;
  requests.reserve(actions.size());
  for (const auto& a : actions) requests.push_back(to_request(a, update_id));
  return requests;
}

}  // namespace bot

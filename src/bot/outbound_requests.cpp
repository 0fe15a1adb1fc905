#include "bot/outbound_requests.hpp"

#include "bot/bot_api_encoding.hpp"

namespace bot {

std::optional<ChatId> chat_of(const Action& action) {
  if (const auto* send = std::get_if<SendMessage>(&action)) return send->chat_id;
  if (const auto* edit = std::get_if<EditMessage>(&action)) return edit->chat_id;
  return std::nullopt;
}

telegram::OutboundRequest to_request(const Action& action, std::int64_t update_id) {
  telegram::OutboundRequest r;
  r.method = std::string(method_name(action));
  r.body = encode_body(action);
  r.update_id = update_id;
  r.chat_id = chat_of(action).value_or(0);  // 0: not paced per chat
  r.group = is_group_chat(r.chat_id);
  if (const auto* edit = std::get_if<EditMessage>(&action)) {
    r.fallback_body = encode_body(SendMessage{edit->chat_id, edit->text, edit->keyboard, {}});
  }
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

#include "bot/outbound_requests.hpp"


namespace bot {

std::optional<ChatId> chat_of(const Action& action) {
  if (const auto* send = std::get_if<SendMessage>(&action)) return send->chat_id;
  if (const auto* edit = std::get_if<EditMessage>(&action)) return edit->chat_id;
  return std::nullopt;
}

telegram::OutboundRequest to_request(const Action& action, EncodedAction encoded,
                                     std::int64_t update_id) {
  telegram::OutboundRequest r;
  r.method = std::string(encoded.method);
  r.body = std::move(encoded.body);
  r.update_id = update_id;
  r.chat_id = chat_of(action).value_or(0);  // 0: not paced per chat
  r.group = is_group_chat(r.chat_id);
  if (std::holds_alternative<EditMessage>(action)) r.fallback_body = edit_fallback_body(r.body);
  return r;
}

telegram::OutboundRequest to_request(const Action& action, std::int64_t update_id) {
  return to_request(action, encode(action), update_id);
}

std::vector<telegram::OutboundRequest> to_requests(std::span<const Action> actions,
                                                   std::int64_t update_id,
                                                   std::vector<EncodedAction> encoded,
                                                   std::optional<std::size_t> skip) {
  if (encoded.size() != actions.size()) encoded = encode_all(actions);
  std::vector<telegram::OutboundRequest> requests;
  requests.reserve(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (skip && i == *skip) continue;
    requests.push_back(to_request(actions[i], std::move(encoded[i]), update_id));
  }
  return requests;
}

}  // namespace bot

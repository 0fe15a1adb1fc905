#include "app/webhook_handler.hpp"

#include <spdlog/spdlog.h>

#include "bot/bot_api_encoding.hpp"
#include "bot/outbound_requests.hpp"
#include "bot/telegram_mapping.hpp"
#include "telegram/json_writer.hpp"
#include "telegram/parse.hpp"

namespace app {
namespace {

telegram::WebhookAnswer error_answer(int status, std::string_view description) {
  std::string body = R"({"ok":false,"description":)";
  telegram::append_json_string(body, description);
  body += "}";
  return {status, std::move(body), nullptr};
}

// Which action rides in the response, if any.
std::optional<std::size_t> rider(Runtime& rt, const std::vector<bot::Action>& actions) {
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (std::holds_alternative<bot::AnswerCallback>(actions[i])) return i;
  }
  if (actions.size() == 1) {
    const bot::ChatId chat = bot::chat_of(actions[0]).value_or(0);
    if (rt.outbound.take_slot_now(chat, bot::is_group_chat(chat))) return 0;
  }
  return std::nullopt;
}

}  // namespace

telegram::WebhookServer::Handler make_webhook_handler(Runtime& rt) {
  return [&rt](std::string body) -> telegram::awaitable<telegram::WebhookAnswer> {
    if (replies_backlogged(rt, UpdateSource::kWebhook, "webhook updates refused with 503")) {
      // Telegram keeps the update and delivers it again later: nothing is lost, and the
      // queue drains before more replies join it.
      co_return error_answer(503, "busy: replies are waiting to be sent, retry later");
    }
    auto parsed = telegram::parse_update(body);
    if (const auto* error = std::get_if<telegram::ParseError>(&parsed)) {
      count_received(rt, UpdateSource::kWebhook, UpdateKind::kMalformed);
      spdlog::warn("webhook: malformed update refused: {}", error->reason);
      co_return error_answer(400, "malformed update: " + error->reason);
    }
    const auto& tg = std::get<telegram::Update>(parsed);
    auto update = bot::to_bot_update(tg);
    if (!update) {
      count_received(rt, UpdateSource::kWebhook, UpdateKind::kIgnored);
      co_return telegram::WebhookAnswer{200, "{}", nullptr};
    }
    count_received(rt, UpdateSource::kWebhook, kind_of(*update));
    auto outcome = co_await submit(rt, std::move(*update));
    if (!outcome) co_return error_answer(503, "shutting down");
    if (!outcome->committed) {
      // Not durable: Telegram delivers it again later.
      co_return error_answer(503, "storage unavailable, retry");
    }
    if (outcome->duplicate || outcome->actions.empty()) {
      co_return telegram::WebhookAnswer{200, "{}", nullptr};
    }
    auto& actions = outcome->actions;
    auto ride = rider(rt, actions);
    const std::int64_t id = tg.update_id;
    if (!ride) {
      deliver(rt, std::move(*outcome), id);
      co_return telegram::WebhookAnswer{200, "{}", nullptr};
    }
    auto& encoded = outcome->encoded;
    if (encoded.size() != actions.size()) encoded = bot::encode_all(actions);
    bot::Action carried = std::move(actions[*ride]);
    bot::EncodedAction carried_encoded = std::move(encoded[*ride]);
    rt.outbound.hold(id);
    if (actions.size() > 1) {
      rt.outbound.enqueue(bot::to_requests(actions, id, std::move(encoded), ride));
    }
    telegram::WebhookAnswer answer{200, bot::method_call(carried_encoded), nullptr};
    answer.after = [&rt, id, carried = std::move(carried),
                    carried_encoded = std::move(carried_encoded)](bool written) mutable {
      // If the response never reached Telegram, send that reply ourselves.
      if (!written) rt.outbound.enqueue({bot::to_request(carried, std::move(carried_encoded), id)});
      rt.outbound.release(id);
    };
    co_return answer;
  };
}

}  // namespace app

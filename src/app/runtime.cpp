#include "app/runtime.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "bot/outbound_requests.hpp"
#include "net/oneshot.hpp"

namespace app {

std::shared_ptr<net::Oneshot<bot::Outcome>> submit_async(Runtime& rt, bot::Update update) {
  auto done = net::Oneshot<bot::Outcome>::make();
  bool taken = rt.pipeline.submit(std::move(update),
                                  [done](bot::Outcome&& outcome) { done->set(std::move(outcome)); });
  return taken ? done : nullptr;
}

telegram::awaitable<std::optional<bot::Outcome>> submit(Runtime& rt, bot::Update update) {
  auto done = submit_async(rt, std::move(update));
  if (!done) co_return std::nullopt;
  co_return co_await done->wait();
}

void deliver(Runtime& rt, bot::Outcome&& outcome, std::int64_t update_id) {
  if (!outcome.committed || outcome.actions.empty()) return;
  rt.outbound.enqueue(bot::to_requests(outcome.actions, update_id, std::move(outcome.encoded)));
}

void count_received(Runtime& rt, UpdateSource source, UpdateKind kind) {
  if (rt.telemetry) rt.telemetry->received(source, kind);
}

UpdateKind kind_of(const bot::Update& update) {
  return std::holds_alternative<bot::CallbackQuery>(update.payload) ? UpdateKind::kCallbackQuery
                                                                     : UpdateKind::kMessage;
}

bool replies_backlogged(Runtime& rt, UpdateSource source, std::string_view meanwhile) {
  const auto limit = rt.config.telegram.outbound_max_pending;
  const auto pending = rt.outbound.pending();
  if (limit <= 0 || pending < static_cast<std::size_t>(limit)) return false;
  if (rt.telemetry) rt.telemetry->backpressure_refusal(source);
  if (rt.backlog_warning.due()) {
    spdlog::warn("{} replies waiting to be sent (telegram.outbound_max_pending {}): {} until "
                 "they drain",
                 pending, limit, meanwhile);
  }
  return true;
}

}  // namespace app

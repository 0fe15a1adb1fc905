#include "app/long_polling.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "bot/telegram_mapping.hpp"
#include "telegram/json_writer.hpp"
#include "telegram/parse.hpp"

namespace app {

using namespace std::chrono_literals;
using telegram::ApiResult;

namespace {

std::string get_updates_body(std::int64_t offset, int timeout) {
  telegram::JsonWriter w;
  w.begin_object();
  w.key("offset").value(offset);
  w.key("timeout").value(static_cast<std::int64_t>(timeout));
  w.key("allowed_updates").begin_array().value("message").value("callback_query").end_array();
  w.end_object();
  return w.take();
}

telegram::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  telegram::asio::steady_timer timer(co_await telegram::asio::this_coro::executor);
  timer.expires_after(d);
  co_await timer.async_wait(telegram::use_awaitable);
}

constexpr auto kBacklogCheck = 100ms;

}  // namespace

telegram::awaitable<PollExit> poll_updates(Runtime& rt) {
  std::int64_t offset = 0;
  auto backoff = 500ms;
  const int timeout = rt.config.telegram.poll_timeout_seconds;
  while (!rt.stopping) {
    if (replies_backlogged(rt, UpdateSource::kPolling, "no getUpdates")) {
      // Telegram keeps what we do not fetch: let the replies drain before taking more.
      co_await sleep_for(kBacklogCheck);
      continue;
    }
    auto started = std::chrono::steady_clock::now();
    auto result = co_await rt.api.call("getUpdates", get_updates_body(offset, timeout),
                                       std::chrono::seconds(timeout + 15));
    if (rt.stopping) break;
    switch (result.kind) {
      case ApiResult::Kind::kOk:
        break;
      case ApiResult::Kind::kUnauthorized:
        spdlog::critical("getUpdates: the bot token was rejected ({}): check BOT_TOKEN",
                         result.description);
        co_return PollExit::kUnauthorized;
      case ApiResult::Kind::kConflict:
        spdlog::critical("getUpdates: conflict ({}): another instance polls with this token, "
                         "or a webhook is set; stop the other one or use webhook mode",
                         result.description);
        co_return PollExit::kConflict;
      case ApiResult::Kind::kRetryAfter:
        co_await sleep_for(std::chrono::seconds(std::max(1, result.retry_after)));
        continue;
      default:
        spdlog::warn("getUpdates failed ({} {}), retrying in {} ms", result.http_status,
                     result.description, backoff.count());
        co_await sleep_for(backoff);
        backoff = std::min<std::chrono::milliseconds>(backoff * 2, 30s);
        continue;
    }
    backoff = 500ms;

    auto parsed = telegram::parse_updates(result.result);
    auto* batch = std::get_if<telegram::UpdateBatch>(&parsed);
    if (!batch) {
      spdlog::error("getUpdates: unreadable result: {}",
                    std::get<telegram::ParseError>(parsed).reason);
      co_await sleep_for(1s);
      continue;
    }
    for (const auto& bad : batch->bad) {
      count_received(rt, UpdateSource::kPolling, UpdateKind::kMalformed);
      spdlog::error("update {} skipped, unreadable: {}",
                    bad.update_id ? std::to_string(*bad.update_id) : "?", bad.reason);
    }
    if (batch->updates.empty() && batch->bad.empty()) {
      // A server without long-poll support answers at once; do not spin.
      if (std::chrono::steady_clock::now() - started < 200ms) co_await sleep_for(250ms);
      continue;
    }

    // Submit all, then wait for each in order: they share batches on the engine thread.
    std::vector<std::pair<std::int64_t, std::shared_ptr<net::Oneshot<bot::Outcome>>>> waits;
    for (const auto& u : batch->updates) {
      auto update = bot::to_bot_update(u);
      if (!update) {
        count_received(rt, UpdateSource::kPolling, UpdateKind::kIgnored);
        continue;
      }
      count_received(rt, UpdateSource::kPolling, kind_of(*update));
      waits.emplace_back(u.update_id, submit_async(rt, std::move(*update)));
    }
    bool all_committed = true;
    std::int64_t first_uncommitted = 0;
    for (auto& [id, wait] : waits) {
      std::optional<bot::Outcome> outcome;
      if (wait) outcome = co_await wait->wait();
      if (!outcome || !outcome->committed) {
        if (all_committed) first_uncommitted = id;
        all_committed = false;
        continue;  // keep waiting for the others: they were submitted
      }
      deliver(rt, std::move(*outcome), id);
    }
    if (!all_committed) {
      // The database is unavailable: ask again from the first update not committed.
      offset = first_uncommitted;
      if (rt.stopping) break;
      spdlog::warn("update {} not committed; retrying from it", first_uncommitted);
      co_await sleep_for(1s);
      continue;
    }
    if (auto next = batch->next_offset()) offset = std::max(offset, *next);
  }
  co_return PollExit::kStopped;
}

}  // namespace app

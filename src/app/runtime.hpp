#pragma once
// What the transports share while the bot runs: the API, the engine thread, the outbound
// queue. submit() hands an update to the engine and resumes the caller when its batch
// committed; deliver() queues the replies of a committed update.
#include <atomic>
#include <string_view>

#include "app/telemetry.hpp"
#include "bot/pipeline.hpp"
#include "ops/config.hpp"
#include "telegram/bot_api.hpp"
#include "telegram/once_per_minute.hpp"
#include "net/oneshot.hpp"
#include "telegram/outbound_queue.hpp"

namespace app {

struct Runtime {
  const ops::Config& config;
  telegram::BotApi& api;
  bot::Pipeline& pipeline;
  telegram::OutboundQueue& outbound;
  std::atomic<bool> stopping{false};
  telegram::OncePerMinute backlog_warning{};  // see replies_backlogged
  Telemetry* telemetry = nullptr;  // counts what the transports see; none in some tests
};

// What a transport received (gofrobot_updates_received_total).
void count_received(Runtime& rt, UpdateSource source, UpdateKind kind);
// A message or a button press.
UpdateKind kind_of(const bot::Update& update);

// Hands the update to the engine; await the result with wait(). Submitting several before
// waiting lets them share one batch. nullptr when shutting down.
std::shared_ptr<net::Oneshot<bot::Outcome>> submit_async(Runtime& rt, bot::Update update);
// nullopt when the pipeline no longer takes updates (shutting down).
telegram::awaitable<std::optional<bot::Outcome>> submit(Runtime& rt, bot::Update update);
void deliver(Runtime& rt, bot::Outcome&& outcome, std::int64_t update_id);
// Too many replies wait to be sent (telegram.outbound_max_pending): take no new updates.
// Warns at most once a minute (a flood would log every update), saying what the transport
// does meanwhile (`meanwhile`).
bool replies_backlogged(Runtime& rt, UpdateSource source, std::string_view meanwhile);

}  // namespace app

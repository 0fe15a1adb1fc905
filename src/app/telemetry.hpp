#pragma once
// Every metric of `gofrobot run` in one place (docs/OPERATIONS.md lists them): the registry,
// the engine's and the Bot API's metrics, what the transports count, and the collectors that
// read, at each scrape, what the running parts hold: the outbound queue, the engine's queue,
// the player cache, the database connections, the webhook server, the running configuration
// and the process. A scrape copies numbers; it never waits for the engine or the database.
#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include <array>
#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "bot/admin/admin_state.hpp"
#include "bot/engine_metrics.hpp"
#include "ops/config.hpp"
#include "ops/metrics/registry.hpp"
#include "telegram/api_metrics.hpp"

namespace bot {
class Pipeline;
}
namespace store {
class CachedStore;
namespace sql {
class ConnectionPool;
}
}  // namespace store
namespace telegram {
class OutboundQueue;
class WebhookServer;
}  // namespace telegram

namespace redis {
class ChangeFeed;
}

namespace app {

enum class UpdateSource { kPolling, kWebhook };
// What arrived: a message or a button press the game reads, a kind it ignores (edited
// messages, channel posts…), or something unreadable.
enum class UpdateKind { kMessage, kCallbackQuery, kIgnored, kMalformed };
enum class ReloadResult { kApplied, kUnchanged, kRefused };

class Telemetry {
 public:
  Telemetry(std::string_view version, std::string_view revision);

  ops::metrics::MetricsRegistry& registry() { return registry_; }
  telegram::ApiMetrics& api() { return api_; }
  // The engine's metrics, once its router exists (attach_engine).
  bot::EngineMetrics* engine() { return engine_.get(); }
  bot::EngineMetrics& attach_engine(const bot::Router& router);

  // --- the transports (any thread) ------------------------------------------------------
  void received(UpdateSource source, UpdateKind kind);
  // An update not taken because replies are backlogged (webhook: a 503; polling: a poll
  // skipped).
  void backpressure_refusal(UpdateSource source);

  // --- the configuration --------------------------------------------------------------
  void config_running(const ops::Config& config);  // at start and after each applied reload
  void reload(ReloadResult result);

  // --- collectors: the parts must outlive the scrapes (stop the ops server first) --------
  void watch_outbound(const telegram::OutboundQueue& queue, int max_pending);
  void watch_pipeline(const bot::Pipeline& pipeline);
  // nullptr pool: SQLite, one connection, held by the engine.
  void watch_database(const store::sql::ConnectionPool* pool);
  void watch_webhook(const telegram::WebhookServer& server);
  // The admins' maintenance switch overrides the configuration's in gofrobot_maintenance.
  void watch_admin(const bot::AdminState& admin) { admin_ = &admin; }

  // Once a minute: keeps the last hour of 429 counts (the admin panel's statistics).
  void tick_minute();
  std::int64_t rate_limited_last_hour() const;
  // On the engine thread after each batch: copies the cache's numbers for the scrapes.
  void publish_cache(const store::CachedStore& cache);
  // Redis (cache.redis_url): watch_redis once at the start, when it is configured (the
  // metrics are absent without Redis); publish_redis on the engine thread after each batch.
  struct RedisNumbers {
    bool up = true;
    std::int64_t round_trips = 0;
    std::int64_t failures = 0;
    std::int64_t limits_decided_alone = 0;
  };
  void watch_redis();
  void watch_change_feed(const redis::ChangeFeed& feed);
  void publish_redis(const RedisNumbers& numbers);

 private:
  ops::metrics::MetricsRegistry registry_;
  telegram::ApiMetrics api_;
  std::unique_ptr<bot::EngineMetrics> engine_;
  std::array<std::array<prometheus::Counter*, 4>, 2> received_{};  // [source][kind]
  std::array<prometheus::Counter*, 2> backpressure_refusals_{};
  std::array<prometheus::Counter*, 3> reloads_{};
  prometheus::Gauge& last_reload_;
  std::atomic<bool> maintenance_{false};
  std::atomic<const bot::AdminState*> admin_{nullptr};
  mutable std::mutex minutes_mutex_;
  std::deque<double> rate_limited_by_minute_;  // cumulative, the oldest first, 61 at most
  mutable std::mutex config_mutex_;
  std::string config_hash_;
  // The player cache, published by the engine thread.
  struct CacheNumbers {
    std::atomic<std::int64_t> size{0};
    std::atomic<std::int64_t> hits{0};
    std::atomic<std::int64_t> misses{0};
    std::atomic<std::int64_t> evictions{0};
    std::atomic<std::int64_t> invalidated{0};
    std::atomic<std::int64_t> refreshed{0};
  } cache_;
  struct {
    std::atomic<bool> up{true};
    std::atomic<std::int64_t> round_trips{0};
    std::atomic<std::int64_t> failures{0};
    std::atomic<std::int64_t> limits_decided_alone{0};
  } redis_;
};

}  // namespace app

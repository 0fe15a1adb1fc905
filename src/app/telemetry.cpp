#include "app/telemetry.hpp"

#include "redis/change_feed.hpp"

#include <prometheus/family.h>

#include <chrono>

#include "bot/pipeline.hpp"
#include "net/http_server.hpp"
#include "ops/metrics/process.hpp"
#include "store/cached_store.hpp"
#include "store/sql/connection_pool.hpp"
#include "telegram/outbound_queue.hpp"
#include "telegram/webhook_server.hpp"

namespace app {
namespace {

using ops::metrics::add_sample;
using ops::metrics::Families;
using ops::metrics::family;
using prometheus::MetricType;

constexpr std::array<const char*, 2> kSources{"polling", "webhook"};
constexpr std::array<const char*, 4> kKinds{"message", "callback_query", "ignored", "malformed"};
constexpr std::array<const char*, 3> kReloadResults{"applied", "unchanged", "refused"};

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A family of one sample.
void add_one(Families& out, const char* name, const char* help, MetricType type, double value,
             std::vector<prometheus::ClientMetric::Label> labels = {}) {
  auto f = family(name, help, type);
  add_sample(f, value, std::move(labels));
  out.push_back(std::move(f));
}

double num(std::int64_t v) { return static_cast<double>(v); }
double num(std::size_t v) { return static_cast<double>(v); }

}  // namespace

Telemetry::Telemetry(std::string_view version, std::string_view revision)
    : api_(registry_.families()),
      last_reload_(prometheus::BuildGauge()
                       .Name("gofrobot_config_last_reload_success_timestamp_seconds")
                       .Help("When the running configuration was last applied (start or reload), "
                             "Unix time.")
                       .Register(registry_.families())
                       .Add({})) {
  auto& families = registry_.families();
  prometheus::BuildGauge()
      .Name("gofrobot_build_info")
      .Help("The running build: version and git revision (always 1).")
      .Register(families)
      .Add({{"version", std::string(version)}, {"revision", std::string(revision)}})
      .Set(1);
  auto& received = prometheus::BuildCounter()
                       .Name("gofrobot_updates_received_total")
                       .Help("Updates received from Telegram, by source (polling, webhook) and "
                             "kind (message, callback_query; ignored: a kind the game does not "
                             "read; malformed: unreadable, refused).")
                       .Register(families);
  for (std::size_t s = 0; s < kSources.size(); ++s) {
    for (std::size_t k = 0; k < kKinds.size(); ++k) {
      received_[s][k] = &received.Add({{"source", kSources[s]}, {"kind", kKinds[k]}});
    }
  }
  auto& refusals = prometheus::BuildCounter()
                       .Name("gofrobot_backpressure_refusals_total")
                       .Help("Updates not taken while too many replies waited to be sent "
                             "(telegram.outbound_max_pending): webhook requests answered 503, "
                             "getUpdates calls put off.")
                       .Register(families);
  for (std::size_t s = 0; s < kSources.size(); ++s) {
    backpressure_refusals_[s] = &refusals.Add({{"source", kSources[s]}});
  }
  auto& reloads = prometheus::BuildCounter()
                      .Name("gofrobot_config_reloads_total")
                      .Help("Configuration reloads (SIGHUP), by result: applied, unchanged "
                            "(nothing live changed), refused (invalid: the running configuration "
                            "stays).")
                      .Register(families);
  for (std::size_t r = 0; r < kReloadResults.size(); ++r) {
    reloads_[r] = &reloads.Add({{"result", kReloadResults[r]}});
  }

  rate_limited_by_minute_.push_back(0);  // the start: nothing counted yet
  registry_.add_collector(ops::metrics::collect_process);
  registry_.add_collector([this](Families& out) {
    std::string hash;
    {
      std::lock_guard lock(config_mutex_);
      hash = config_hash_;
    }
    add_one(out, "gofrobot_config_info",
            "The running configuration's fingerprint (ops::config_hash; always 1).",
            MetricType::Gauge, 1, {{"hash", hash}});
    const auto* admin = admin_.load();
    const bool on = admin ? admin->maintenance(maintenance_) : maintenance_.load();
    add_one(out, "gofrobot_maintenance",
            "Whether maintenance mode is on (the admin panel's switch, else bot.maintenance): "
            "1 on, 0 off.",
            MetricType::Gauge, on ? 1 : 0);
  });
}

bot::EngineMetrics& Telemetry::attach_engine(const bot::Router& router) {
  engine_ = std::make_unique<bot::EngineMetrics>(registry_.families(), router);
  return *engine_;
}

void Telemetry::received(UpdateSource source, UpdateKind kind) {
  received_[static_cast<std::size_t>(source)][static_cast<std::size_t>(kind)]->Increment();
  if (kind == UpdateKind::kMalformed && engine_) engine_->error(bot::ErrorKind::kMalformedUpdate);
}

void Telemetry::backpressure_refusal(UpdateSource source) {
  backpressure_refusals_[static_cast<std::size_t>(source)]->Increment();
}

void Telemetry::config_running(const ops::Config& config) {
  maintenance_ = config.bot.maintenance;
  {
    std::lock_guard lock(config_mutex_);
    config_hash_ = ops::config_hash(config);
  }
  last_reload_.Set(unix_now());
}

void Telemetry::tick_minute() {
  std::lock_guard lock(minutes_mutex_);
  rate_limited_by_minute_.push_back(api_.rate_limited_total());
  while (rate_limited_by_minute_.size() > 61) rate_limited_by_minute_.pop_front();
}

std::int64_t Telemetry::rate_limited_last_hour() const {
  const double now = api_.rate_limited_total();
  std::lock_guard lock(minutes_mutex_);
  const double then = rate_limited_by_minute_.empty() ? 0 : rate_limited_by_minute_.front();
  return static_cast<std::int64_t>(now - then);
}

void Telemetry::reload(ReloadResult result) {
  reloads_[static_cast<std::size_t>(result)]->Increment();
}

void Telemetry::watch_outbound(const telegram::OutboundQueue& queue, int max_pending) {
  registry_.add_collector([&queue, max_pending](Families& out) {
    const auto& c = queue.counters();
    const auto backlog = queue.backlog();
    add_one(out, "gofrobot_outbound_sent_total",
            "Replies (messages, edits, callback answers) the Bot API took, at the first try or "
            "after retries.",
            MetricType::Counter, num(c.sent.load()));
    add_one(out, "gofrobot_outbound_retries_total",
            "Reply calls tried again after a 429, a 5xx or a network error.", MetricType::Counter,
            num(c.retried.load()));
    auto dropped = family("gofrobot_outbound_dropped_total",
                          "Replies given up, by reason: chat_backlog (over one chat's cap, "
                          "telegram.outbound_max_pending_per_chat), failed (refused by the Bot "
                          "API, or every attempt failed).",
                          MetricType::Counter);
    add_sample(dropped, num(c.dropped.load()), {{"reason", "chat_backlog"}});
    add_sample(dropped, num(c.failed.load()), {{"reason", "failed"}});
    out.push_back(std::move(dropped));
    add_one(out, "gofrobot_outbound_fallbacks_total",
            "Edits that failed and were sent as new messages instead.", MetricType::Counter,
            num(c.fallbacks.load()));
    add_one(out, "gofrobot_outbound_waiting",
            "Replies queued or in flight, not finished yet (back-pressure starts at "
            "telegram.outbound_max_pending).",
            MetricType::Gauge, num(backlog.pending));
    add_one(out, "gofrobot_outbound_in_flight", "Reply calls sent, answer not handled yet.",
            MetricType::Gauge, num(backlog.in_flight));
    auto chats = family("gofrobot_outbound_chats",
                        "Chats with replies waiting, by what holds them: ready (the global rate "
                        "only), pacing (their own limits or a 429 pause).",
                        MetricType::Gauge);
    add_sample(chats, num(backlog.lanes_ready), {{"state", "ready"}});
    add_sample(chats, num(backlog.lanes_pacing), {{"state", "pacing"}});
    out.push_back(std::move(chats));
    const bool on = max_pending > 0 && backlog.pending >= static_cast<std::size_t>(max_pending);
    add_one(out, "gofrobot_backpressure",
            "Whether new updates are refused because too many replies wait: 1 on, 0 off.",
            MetricType::Gauge, on ? 1 : 0);
  });
}

void Telemetry::watch_pipeline(const bot::Pipeline& pipeline) {
  registry_.add_collector([&pipeline](Families& out) {
    add_one(out, "gofrobot_engine_queue_updates",
            "Updates waiting for the engine thread's next batch.", MetricType::Gauge,
            num(pipeline.queued()));
  });
}

void Telemetry::watch_redis() {
  registry_.add_collector([this](Families& out) {
    add_one(out, "bot_redis_up",
            "1 while Redis (cache.redis_url) answered the last call; 0 while it is unavailable "
            "and each replica works alone (a probe every 2 s).",
            MetricType::Gauge, redis_.up.load() ? 1 : 0);
    add_one(out, "gofrobot_redis_round_trips_total",
            "Round trips to Redis that succeeded (one a batch for the rate limits).",
            MetricType::Counter, num(redis_.round_trips.load()));
    add_one(out, "gofrobot_redis_failures_total",
            "Calls to Redis that failed (refused, reset, timed out); then the breaker opens.",
            MetricType::Counter, num(redis_.failures.load()));
    add_one(out, "gofrobot_rate_limit_decided_alone_total",
            "Rate-limit decisions this replica made alone, with Redis unavailable: what it let "
            "through may exceed the shared limit.",
            MetricType::Counter, num(redis_.limits_decided_alone.load()));
  });
}

void Telemetry::watch_change_feed(const redis::ChangeFeed& feed) {
  registry_.add_collector([&feed](Families& out) {
    const auto n = feed.numbers();
    add_one(out, "gofrobot_change_feed_subscribed",
            "1 while this replica hears the others' changes (Redis channel gofrobot:changes); 0: "
            "its caches follow only their ages.",
            MetricType::Gauge, n.subscribed ? 1 : 0);
    auto messages = family("gofrobot_change_feed_messages_total",
                           "Change messages: published (this replica's committed batches, "
                           "merged while one is on its way), received (the other replicas').",
                           MetricType::Counter);
    add_sample(messages, num(n.published), {{"direction", "published"}});
    add_sample(messages, num(n.received), {{"direction", "received"}});
    out.push_back(std::move(messages));
    add_one(out, "gofrobot_change_feed_publish_failures_total",
            "PUBLISH calls that failed; the next message then says \"everything\".",
            MetricType::Counter, num(n.publish_failures));
    add_one(out, "gofrobot_change_feed_subscriptions_total",
            "Subscriptions started (the first and each after Redis went away): each drops "
            "every cache, as what was published meanwhile is unknown.",
            MetricType::Counter, num(n.subscriptions));
  });
}

void Telemetry::publish_redis(const RedisNumbers& numbers) {
  redis_.up.store(numbers.up, std::memory_order_relaxed);
  redis_.round_trips.store(numbers.round_trips, std::memory_order_relaxed);
  redis_.failures.store(numbers.failures, std::memory_order_relaxed);
  redis_.limits_decided_alone.store(numbers.limits_decided_alone, std::memory_order_relaxed);
}

void Telemetry::watch_database(const store::sql::ConnectionPool* pool) {
  registry_.add_collector([pool](Families& out) {
    auto f = family("bot_database_connections",
                    "Database connections of this process, by state: open (idle or not), "
                    "in_use (leased: the engine keeps one). SQLite: the engine's one connection.",
                    MetricType::Gauge);
    add_sample(f, pool ? num(pool->size()) : 1, {{"state", "open"}});
    add_sample(f, pool ? num(pool->in_use()) : 1, {{"state", "in_use"}});
    out.push_back(std::move(f));
  });
  registry_.add_collector([this](Families& out) {
    add_one(out, "bot_cache_size", "Entries in each cache level: local, the players in memory.",
            MetricType::Gauge, num(cache_.size.load()), {{"cache_type", "local"}});
    add_one(out, "gofrobot_cache_hits_total", "Player reads served by each cache level.",
            MetricType::Counter, num(cache_.hits.load()), {{"cache_type", "local"}});
    add_one(out, "gofrobot_cache_misses_total",
            "Player reads each cache level could not serve (read from the next level or the "
            "database).",
            MetricType::Counter, num(cache_.misses.load()), {{"cache_type", "local"}});
    add_one(out, "gofrobot_cache_evictions_total",
            "Players dropped from each cache level to stay within its size "
            "(storage.player_cache_size).",
            MetricType::Counter, num(cache_.evictions.load()), {{"cache_type", "local"}});
    add_one(out, "gofrobot_cache_invalidated_total",
            "Players dropped from each cache level because another replica changed them and its "
            "row did not come with the news (the change feed).",
            MetricType::Counter, num(cache_.invalidated.load()), {{"cache_type", "local"}});
    add_one(out, "gofrobot_cache_refreshed_total",
            "Players kept, or kept copies replaced, from another replica's newer row (the change "
            "feed), without a read of the database.",
            MetricType::Counter, num(cache_.refreshed.load()), {{"cache_type", "local"}});
  });
}

void Telemetry::publish_cache(const store::CachedStore& cache) {
  const auto& c = cache.counters();
  cache_.size.store(static_cast<std::int64_t>(cache.size()), std::memory_order_relaxed);
  cache_.hits.store(c.hits, std::memory_order_relaxed);
  cache_.misses.store(c.misses, std::memory_order_relaxed);
  cache_.evictions.store(c.evictions, std::memory_order_relaxed);
  cache_.invalidated.store(c.invalidated, std::memory_order_relaxed);
  cache_.refreshed.store(c.refreshed, std::memory_order_relaxed);
}

void Telemetry::watch_webhook(const telegram::WebhookServer& server) {
  registry_.add_collector([&server](Families& out) {
    const auto& c = server.counters();
    add_one(out, "gofrobot_webhook_requests_total", "Requests received by the webhook.",
            MetricType::Counter, num(c.requests.load()));
    auto refused = family("gofrobot_webhook_refused_total",
                          "Webhook requests refused before their update was read, by status: "
                          "401 (wrong or missing secret), 404 (path), 405 (method), 413 (body too "
                          "large), 431 (head too large).",
                          MetricType::Counter);
    const auto& statuses = net::HttpCounters::kRefusalStatuses;
    for (std::size_t i = 0; i < statuses.size(); ++i) {
      add_sample(refused, num(c.refused_by_status[i].load()), {{"status", std::to_string(statuses[i])}});
    }
    add_sample(refused, num(c.refused_by_status[statuses.size()].load()), {{"status", "other"}});
    out.push_back(std::move(refused));
    add_one(out, "gofrobot_webhook_connections", "Connections open to the webhook now.",
            MetricType::Gauge, num(server.open_connections()));
    add_one(out, "gofrobot_webhook_connections_rejected_total",
            "Webhook connections turned away (503) because the connection cap was reached.",
            MetricType::Counter, num(c.over_capacity.load()));
    add_one(out, "gofrobot_webhook_address_connections_rejected_total",
            "Webhook connections turned away (503) because their client address had "
            "telegram.webhook_max_connections_per_address open.",
            MetricType::Counter, num(c.over_address_capacity.load()));
    add_one(out, "gofrobot_webhook_accept_errors_total",
            "Webhook connections that could not be accepted (out of file descriptors, above all); "
            "the server pauses up to 1 s between attempts.",
            MetricType::Counter, num(c.accept_errors.load()));
    add_one(out, "gofrobot_webhook_head_timeouts_total",
            "Webhook connections closed because a request head did not arrive in time.",
            MetricType::Counter, num(c.head_timeouts.load()));
  });
}

}  // namespace app

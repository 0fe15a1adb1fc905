#include "app/bot_runner.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <random>
#include <thread>

#include "app/admin_backup.hpp"
#include "app/admin_ops.hpp"
#include "app/backup_scheduler.hpp"
#include "app/broadcaster.hpp"
#include "app/build_info.hpp"
#include "app/database_probe.hpp"
#include "app/health.hpp"
#include "app/logging.hpp"
#include "app/long_polling.hpp"
#include "app/ops_endpoints.hpp"
#include "app/readiness.hpp"
#include "app/redis_services.hpp"
#include "redis/change_feed.hpp"
#include "app/runtime.hpp"
#include "app/storage.hpp"
#include "app/telemetry.hpp"
#include "app/traffic_summary.hpp"
#include "app/webhook_handler.hpp"
#include "bot/bot_api_encoding.hpp"
#include "bot/command_menus.hpp"
#include "bot/game_time.hpp"
#include "bot/guards/ban_guard.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "bot/guards/rate_limit_guard.hpp"
#include "bot/outbound_requests.hpp"
#include "ops/listen_address.hpp"
#include "telegram/json_writer.hpp"
#include "telegram/parse.hpp"
#include "telegram/webhook_server.hpp"

namespace app {
namespace {

using namespace std::chrono_literals;
namespace asio = telegram::asio;

constexpr auto kShutdownGrace = 10s;
// How soon an admin's ban or maintenance switch through another replica reaches this one.
constexpr auto kAdminStateRefresh = 3s;

const char* kNoToken =
    "gofrobot: no bot token.\n"
    "  1. In Telegram, talk to @BotFather, send /newbot and follow the steps: it gives you\n"
    "     a token like 123456789:AAE...\n"
    "  2. Put it in the environment (BOT_TOKEN=...), in a .env file next to the bot, or in\n"
    "     bot.token of config/gofrobot.toml, and start again.\n"
    "  To play without Telegram: gofrobot play\n";

bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

bot::UnixTime unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Runs a coroutine to completion on `io` (before the bot proper starts).
template <class T>
T run_now(asio::io_context& io, telegram::awaitable<T> task) {
  std::optional<T> result;
  std::exception_ptr error;
  asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    result = std::move(value);
  });
  io.run();
  io.restart();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

telegram::awaitable<telegram::ApiResult> get_me_with_retries(telegram::BotApi& api) {
  auto backoff = 500ms;
  for (int attempt = 1;; ++attempt) {
    auto r = co_await api.call("getMe", "{}", 15s);
    using Kind = telegram::ApiResult::Kind;
    if (r.kind != Kind::kNetwork && r.kind != Kind::kServerError && r.kind != Kind::kRetryAfter) {
      co_return r;
    }
    if (attempt >= 8) co_return r;
    spdlog::warn("getMe: {} (attempt {}), retrying", r.description, attempt);
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(backoff);
    co_await timer.async_wait(telegram::use_awaitable);
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, 8s);
  }
}

std::string set_webhook_body(const ops::Config& config) {
  telegram::JsonWriter w;
  w.begin_object();
  w.key("url").value(config.telegram.webhook_url);
  w.key("secret_token").value(config.telegram.webhook_secret);
  w.key("max_connections").value(std::int64_t{config.telegram.webhook_max_connections});
  w.key("allowed_updates").begin_array().value("message").value("callback_query").end_array();
  w.end_object();
  return w.take();
}

}  // namespace

telegram::OutboundLimits outbound_limits(const ops::Config& config) {
  telegram::OutboundLimits limits;
  limits.global_per_second = config.telegram.outbound_per_second;
  limits.per_chat_burst = config.telegram.outbound_per_chat_burst;
  limits.per_chat_per_second = config.telegram.outbound_per_chat_per_second;
  limits.per_group_per_minute = config.telegram.outbound_per_group_per_minute;
  limits.max_pending_per_chat = config.telegram.outbound_max_pending_per_chat;
  limits.max_attempts = config.telegram.outbound_max_attempts;
  limits.request_timeout = std::chrono::milliseconds(config.telegram.outbound_request_timeout_ms);
  return limits;
}

namespace {

// The ops endpoints' answers, from what exists so far: the pipeline and the engine's
// metrics come later than the endpoints, so they are looked up at each answer.
struct Serving {
  std::atomic<const bot::Pipeline*> pipeline{nullptr};
  std::atomic<const bot::EngineMetrics*> engine_metrics{nullptr};
};

}  // namespace

int run_bot(const ops::Config& startup, const ConfigSource& source) {
  const ops::Config& config = startup;  // restart-only settings: never change while running
  if (config.bot.token.empty()) {
    std::cerr << kNoToken;
    return 2;
  }
  auto base = telegram::parse_base_url(config.telegram.api_base_url);
  if (!base) {
    std::cerr << "gofrobot: telegram.api_base_url is not an http(s) URL\n";
    return 2;
  }
  if (!base->tls && !is_loopback_host(base->host)) {
    // Every call carries the token in its path: in clear over plain HTTP.
    spdlog::warn("telegram.api_base_url is plain http:// to {}: the bot token crosses the network "
                 "in clear; use https:// unless the Bot API server is on this machine", base->host);
  }
  const auto started = std::chrono::steady_clock::now();
  const std::string_view mode = config.telegram.mode == ops::TelegramMode::polling ? "polling" : "webhook";

  // First the operations endpoints: /health answers, and /ready says why it is not ready
  // yet, while the database opens and migrates and the Bot API is reached.
  Telemetry telemetry(build_version(), build_revision());
  telemetry.config_running(config);
  Readiness readiness;
  readiness.starting("opening the database");
  Serving serving;
  std::unique_ptr<OpsEndpoints> ops_endpoints;
  try {
    ops_endpoints = std::make_unique<OpsEndpoints>(
        config.ops.listen,
        ops::http::Endpoints{
            .metrics = [&telemetry] { return telemetry.registry().text(); },
            .health =
                [&, mode] {
                  const auto* pipeline = serving.pipeline.load();
                  const auto* metrics = serving.engine_metrics.load();
                  return health_json({.started = started,
                                      .requests_processed = pipeline ? pipeline->stats().updates.load() : 0,
                                      .errors_encountered = metrics ? metrics->errors_total() : 0,
                                      .version = build_version(),
                                      .mode = mode,
                                      .stopping = readiness.is_stopping()});
                },
            .ready = [&readiness] { return readiness.check(); },
        });
  } catch (const std::exception& e) {
    std::cerr << "gofrobot: " << e.what() << '\n';
    return 1;
  }
  spdlog::info("ops endpoints (/metrics, /health, /ready) on http://{}", ops_endpoints->address());

  std::unique_ptr<Storage> storage;
  try {
    storage = Storage::open(config);
  } catch (const std::exception& e) {
    std::cerr << "gofrobot: cannot open the database: " << e.what() << '\n';
    return 1;
  }
  spdlog::info("storage: {} (schema {} -> {})", storage->description(), storage->migration().from,
               storage->migration().to);
  readiness.set_probe(database_probe(config, *storage));
  readiness.starting("reaching the Bot API");
  BackupScheduler backups(config);  // SQLite only; nothing when the interval is 0

  asio::io_context io;
  telegram::HttpClient http(io.get_executor(), *base);
  telegram::BotApi api(http, config.bot.token);
  api.set_metrics(&telemetry.api());

  auto me = run_now(io, get_me_with_retries(api));
  if (me.kind == telegram::ApiResult::Kind::kUnauthorized) {
    std::cerr << "gofrobot: Telegram rejected the bot token (" << me.description
              << "). Check BOT_TOKEN: copy it again from @BotFather.\n";
    return 2;
  }
  if (!me.ok()) {
    std::cerr << "gofrobot: cannot reach the Bot API at " << config.telegram.api_base_url << ": "
              << me.description << '\n';
    return 1;
  }
  std::string username = config.bot.username;
  if (auto user = telegram::parse_user(me.result); std::holds_alternative<telegram::User>(user)) {
    username = std::get<telegram::User>(user).username;
  }
  spdlog::info("logged in as @{}", username);

  game::Random rng(std::random_device{}());
  bot::SessionState state;
  // The configuration the engine runs: swapped whole by a reload, between batches. Only the
  // engine thread touches this pointer after the start.
  auto engine_config = std::make_shared<const ops::Config>(config);
  // The admin panel: its state follows the database (refreshed below); its services are
  // filled in once the parts they use exist.
  bot::AdminState admin_state;
  bot::AdminAccess admin_access{&admin_state, &storage->sql(), nullptr};
  bot::Engine engine(storage->store(),
                     bot::Services{engine_config.get(), &rng, &state, &admin_access}, username);
  // Banned users first, then floods, before anything answers them; then maintenance.
  engine.add_guard(std::make_unique<bot::BanGuard>());
  // Redis, when configured: the rate limits shared with every replica.
  auto redis = open_redis(config);
  auto rate_limits = std::make_unique<bot::RateLimitGuard>(redis ? &redis->limits : nullptr);
  if (redis) state.share_cooldowns(&redis->cooldowns);
  const auto& rate_limit_guard = *rate_limits;
  engine.add_guard(std::move(rate_limits));
  engine.add_guard(std::make_unique<bot::MaintenanceGuard>());
  auto& engine_metrics = telemetry.attach_engine(engine.router());
  engine.set_metrics(&engine_metrics);
  // Game time never goes back (bot/game_time.hpp): a clock stepped back holds it.
  bot::GameTime game_time(unix_now);
  bot::Pipeline pipeline(
      engine,
      {.max_batch = static_cast<std::size_t>(config.storage.batch_max_updates),
       .max_delay = std::chrono::milliseconds(config.storage.batch_max_delay_ms),
       .max_deferrals = 20},
      [&game_time] { return game_time.now(); });
  pipeline.set_metrics(&engine_metrics);
  if (redis) telemetry.watch_redis();
  // Replicas sharing the database and Redis tell each other what their batches changed, so
  // no cache shows another replica's player or chat stale (redis::ChangeFeed). Its
  // subscriber posts to the engine thread, which alone touches the cache.
  // Without it (no Redis, or Redis away), a kept player is read again after the
  // leaderboards' age, which then bounds how late another replica's change shows.
  std::unique_ptr<redis::ChangeFeed> change_feed;
  const std::chrono::milliseconds shared_max_age(config.storage.leaderboard_max_age_ms);
  if (storage->store().shares_conversation()) storage->cache().set_player_max_age(shared_max_age);
  if (redis && storage->store().shares_conversation()) {
    storage->cache().record_commits(true);
    change_feed = std::make_unique<redis::ChangeFeed>(
        redis->endpoint, [&pipeline, &storage](redis::Changes changes) {
          pipeline.post([&storage, changes = std::move(changes)] {
            apply_feed_message(storage->cache(), changes);
          });
        });
    telemetry.watch_change_feed(*change_feed);
  }
  pipeline.set_after_batch([&telemetry, &storage, &redis, &rate_limit_guard, &change_feed,
                            shared_max_age] {
    if (change_feed) {
      storage->cache().set_player_max_age(change_feed->subscribed() ? std::chrono::milliseconds(0)
                                                                    : shared_max_age);
      auto committed = storage->cache().take_committed();
      if (!committed.empty()) change_feed->publish(feed_message(std::move(committed)));
    }
    telemetry.publish_cache(storage->cache());
    if (redis) telemetry.publish_redis(redis->numbers(rate_limit_guard));
  });
  telegram::OutboundQueue outbound(io.get_executor(), api, outbound_limits(config),
                                   [&pipeline](std::int64_t id) { pipeline.mark_sent(id); });
  Runtime rt{config, api, pipeline, outbound};
  rt.telemetry = &telemetry;
  telemetry.watch_outbound(outbound, config.telegram.outbound_max_pending);
  telemetry.watch_pipeline(pipeline);
  telemetry.watch_database(storage->pool());
  telemetry.watch_admin(admin_state);
  serving.pipeline = &pipeline;
  serving.engine_metrics = &engine_metrics;
  // Everything the endpoints read is alive from here on; they stop before it goes.
  struct StopEndpoints {
    OpsEndpoints& endpoints;
    ~StopEndpoints() { endpoints.stop(); }
  } stop_endpoints{*ops_endpoints};
  pipeline.start();

  LiveConfig live(source, engine_config, [&](std::shared_ptr<const ops::Config> next) {
    set_log_level(next->log.level);
    telemetry.config_running(*next);
    pipeline.post([&engine, &engine_config, &storage, next] {
      engine_config = next;  // the previous one is released here, on the engine thread
      engine.set_config(next.get());
      storage->sql().set_balance(next->balance);
    });
  });

  AdminBackup admin_backup(config, io.get_executor(), api, outbound);
  Broadcaster broadcaster(io.get_executor(), pipeline, engine, storage->store(), storage->sql(), api,
                          outbound);
  AdminOps admin_ops({.started = started,
                      .version = std::string(build_version()),
                      .mode = std::string(mode),
                      .live = &live,
                      .cache = &storage->cache(),
                      .engine_metrics = &engine_metrics,
                      .replies_waiting =
                          [&outbound] { return static_cast<std::int64_t>(outbound.pending()); },
                      .rate_limited_last_hour = [&telemetry] { return telemetry.rate_limited_last_hour(); },
                      .post = [&pipeline](std::function<void()> task) { pipeline.post(std::move(task)); },
                      .backup = [&admin_backup](bot::ChatId chat, bot::UserId admin) {
                        return admin_backup.start(chat, admin);
                      },
                      .broadcast_changed = [&broadcaster] { broadcaster.wake(); }});
  // Before the first batch: the engine reads these on its thread from now on.
  pipeline.post([&] {
    admin_access.services = &admin_ops;
    admin_state.refresh(storage->sql());
  });
  // Every replica follows the bans and the maintenance switch kept in the database.
  asio::steady_timer admin_timer(io);
  std::function<void()> follow_admin_state = [&] {
    admin_timer.expires_after(kAdminStateRefresh);
    admin_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec || rt.stopping) return;
      pipeline.post([&] { admin_state.refresh(storage->sql()); });
      follow_admin_state();
    });
  };
  follow_admin_state();
  broadcaster.start();  // resumes a broadcast a stop or a crash left running

  // Replies committed before a crash but never sent go out first.
  pipeline.post([&] {
    auto rows = storage->store().pending_outbox(100000);
    if (!rows.empty()) spdlog::info("sending {} replies left from the last run", rows.size());
    for (const auto& row : rows) {
      auto actions = bot::decode_actions(row.payload);
      if (!actions || actions->empty()) {
        pipeline.mark_sent(row.update_id);
        continue;
      }
      outbound.enqueue(bot::to_requests(*actions, row.update_id));
    }
  });

  // Telegram redelivers an update for at most a day; ids older than a week can go.
  asio::co_spawn(
      io,
      [&]() -> telegram::awaitable<void> {
        asio::steady_timer timer(io);
        while (!rt.stopping) {
          pipeline.post([&storage] {
            auto pruned = storage->sql().prune_processed_updates(unix_now() - 7 * 86400);
            if (pruned > 0) spdlog::info("forgot {} processed update ids older than a week", pruned);
          });
          timer.expires_after(1h);
          co_await timer.async_wait(telegram::use_awaitable);
        }
      },
      asio::detached);

  // One info line a minute sums up the traffic.
  TrafficSummary traffic(pipeline, engine_metrics, outbound);
  asio::steady_timer traffic_timer(io);
  std::function<void()> every_minute = [&] {
    traffic_timer.expires_after(1min);
    traffic_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec || rt.stopping) return;
      traffic.log_since_last();
      telemetry.tick_minute();
      every_minute();
    });
  };
  every_minute();

  asio::co_spawn(
      io,
      [&api]() -> telegram::awaitable<void> {
        for (auto body : {bot::private_commands_body(), bot::group_commands_body()}) {
          auto r = co_await api.call("setMyCommands", body);
          if (!r.ok()) spdlog::warn("setMyCommands: {}", r.description);
        }
      },
      asio::detached);

  int exit_code = 0;
  std::unique_ptr<telegram::WebhookServer> webhook;
  std::atomic<bool> shutting_down{false};
  // Waits for the engine to go idle during a shutdown. Joined once the I/O threads are done,
  // not detached: its wake-up of the io_context (a condition variable signalled after the
  // lock is released) could otherwise still run while the io_context is destroyed (found by
  // the TSan build).
  std::thread idle_waiter;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::signal_set hangups(io, SIGHUP);

  auto shutdown = [&](int code) {
    if (shutting_down.exchange(true)) return;
    // Not ready first: a load balancer stops sending before we stop taking.
    readiness.stopping();
    exit_code = code;
    rt.stopping = true;
    if (webhook) webhook->stop();
    boost::system::error_code ignored;
    traffic_timer.cancel();
    admin_timer.cancel();
    broadcaster.stop();
    hangups.cancel(ignored);
    asio::co_spawn(
        io,
        [&]() -> telegram::awaitable<void> {
          // Finish and commit what is in flight, send what is queued, then stop the engine,
          // which records the sent replies (marked sent in the store) in a last small batch.
          auto idle = net::Oneshot<bool>::make();
          idle_waiter = std::thread([&pipeline, idle] {
            pipeline.wait_idle();
            idle->set(true);
          });
          co_await idle->wait();
          bool flushed = co_await outbound.drain(std::chrono::steady_clock::now() + kShutdownGrace);
          if (!flushed) {
            spdlog::warn("shutdown: {} replies not sent in time; they stay in the outbox",
                         outbound.pending());
          }
          io.stop();
        },
        asio::detached);
  };

  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: shutting down", signal);
    shutdown(0);
  });
  // SIGHUP: reload the configuration (read off the engine thread; swapped between batches).
  std::function<void()> on_hangup = [&] {
    hangups.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec || rt.stopping) return;
      spdlog::info("SIGHUP: reloading the configuration");
      telemetry.reload(live.reload().result);
      on_hangup();
    });
  };
  on_hangup();

  if (config.telegram.mode == ops::TelegramMode::polling) {
    asio::co_spawn(
        io,
        [&]() -> telegram::awaitable<void> {
          auto r = co_await api.call("deleteWebhook", R"({"drop_pending_updates":false})");
          if (!r.ok()) spdlog::warn("deleteWebhook: {}", r.description);
          spdlog::info("long polling started");
          if (!rt.stopping) readiness.serving();
          auto why = co_await poll_updates(rt);
          if (why != PollExit::kStopped) shutdown(2);
        },
        asio::detached);
  } else {
    auto listen = ops::parse_listen_address(config.telegram.webhook_listen);
    if (!listen.address) {
      std::cerr << "gofrobot: telegram.webhook_listen: " << listen.error << '\n';
      return 2;
    }
    try {
      auto endpoint = telegram::tcp::endpoint(asio::ip::make_address(listen.address->host),
                                              listen.address->port);
      telegram::WebhookOptions options;
      options.path = config.telegram.webhook_path;
      options.secret = config.telegram.webhook_secret;
      options.limits.max_body_bytes = static_cast<std::uint64_t>(config.telegram.webhook_max_body_bytes);
      options.limits.max_connections_per_address =
          static_cast<std::size_t>(config.telegram.webhook_max_connections_per_address);
      webhook = std::make_unique<telegram::WebhookServer>(io.get_executor(), endpoint, options,
                                                          make_webhook_handler(rt));
    } catch (const std::exception& e) {
      std::cerr << "gofrobot: cannot listen on " << config.telegram.webhook_listen << ": "
                << e.what() << '\n';
      return 1;
    }
    telemetry.watch_webhook(*webhook);
    webhook->start();
    spdlog::info("webhook listening on {}{}", config.telegram.webhook_listen,
                 config.telegram.webhook_path);
    readiness.serving();
    asio::co_spawn(
        io,
        [&]() -> telegram::awaitable<void> {
          auto r = co_await api.call("setWebhook", set_webhook_body(config));
          if (r.kind == telegram::ApiResult::Kind::kUnauthorized) {
            spdlog::critical("setWebhook: the token was rejected");
            shutdown(2);
          } else if (!r.ok()) {
            spdlog::error("setWebhook failed: {} (updates will not arrive until it succeeds)",
                          r.description);
          }
        },
        asio::detached);
  }

  std::thread second([&io] { io.run(); });
  io.run();
  second.join();
  if (idle_waiter.joinable()) idle_waiter.join();
  pipeline.stop();
  ops_endpoints->stop();
  spdlog::info("stopped");
  return exit_code;
}

}  // namespace app

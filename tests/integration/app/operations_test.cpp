// The parts of `gofrobot run` an operator reads (docs/OPERATIONS.md), each on its own: the
// readiness check's phases, probe, timeout and reuse; the log formatters; the live reload's
// three outcomes over a real TOML file; /health's fields; the minute's traffic line.
#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "app/config_reload.hpp"
#include "app/health.hpp"
#include "app/logging.hpp"
#include "app/readiness.hpp"
#include "app/traffic_summary.hpp"
#include "bot/pipeline.hpp"
#include "ops/log_event.hpp"
#include "support/eventually.hpp"
#include "telegram/outbound_queue.hpp"
#include "unit/bot/bot_harness.hpp"
#include "unit/telegram/fake_api_server.hpp"

namespace {

using namespace std::chrono_literals;
namespace asio = net::asio;

ops::http::ReadyAnswer check(app::Readiness& readiness) {
  asio::io_context io;
  auto answer = asio::co_spawn(io, readiness.check(), asio::use_future);
  io.run();
  return answer.get();
}

TEST(Readiness, FollowsThePhasesAndTheDatabase) {
  app::Readiness r(500ms, 0ms);
  r.starting("opening the database");
  auto starting = check(r);
  EXPECT_FALSE(starting.ready);
  EXPECT_NE(starting.json.find("starting: opening the database"), std::string::npos) << starting.json;

  std::atomic<bool> up{true};
  r.set_probe([&] {
    if (!up) throw std::runtime_error("connection refused");
  });
  r.serving();
  auto ready = check(r);
  EXPECT_TRUE(ready.ready) << ready.json;
  EXPECT_NE(ready.json.find(R"("status":"ready")"), std::string::npos) << ready.json;
  EXPECT_NE(ready.json.find(R"("ok":true)"), std::string::npos) << ready.json;

  up = false;
  auto down = check(r);
  EXPECT_FALSE(down.ready);
  EXPECT_NE(down.json.find("database: connection refused"), std::string::npos) << down.json;

  up = true;
  EXPECT_TRUE(check(r).ready);
  r.stopping();
  auto stopping = check(r);
  EXPECT_FALSE(stopping.ready);
  EXPECT_NE(stopping.json.find("shutting down"), std::string::npos) << stopping.json;
}

TEST(Readiness, AHangingProbeIsReportedInTimeAndNotStartedTwice) {
  app::Readiness r(200ms, 0ms);
  std::atomic<int> probes{0};
  std::promise<void> release;
  auto released = release.get_future().share();
  r.set_probe([&, released] {
    ++probes;
    released.wait();  // the database does not answer
  });
  r.serving();
  const auto started = std::chrono::steady_clock::now();
  auto first = check(r);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_FALSE(first.ready);
  EXPECT_NE(first.json.find("database: no answer"), std::string::npos) << first.json;
  auto second = check(r);  // still hanging: reported at once, no second probe
  EXPECT_FALSE(second.ready);
  EXPECT_EQ(probes, 1);
  release.set_value();
  EXPECT_TRUE(test_support::eventually([&] { return check(r).ready; }));
}

TEST(Readiness, OneResultServesTheChecksOfItsReuseTime) {
  app::Readiness r(500ms, 60s);
  std::atomic<int> probes{0};
  r.set_probe([&] { ++probes; });
  r.serving();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(check(r).ready);
  EXPECT_EQ(probes, 1);
}

// Logs `fn`'s lines through the formatter of `format` into a string.
template <class F>
std::string logged(ops::LogFormat format, F fn) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  auto logger = std::make_shared<spdlog::logger>("test", sink);
  logger->set_formatter(app::make_log_formatter(format, false));
  logger->set_level(spdlog::level::debug);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(logger);
  fn();
  spdlog::set_default_logger(previous);
  return out.str();
}

TEST(Logging, JsonLinesCarryTheFieldsAndEscapeEverything) {
  auto text = logged(ops::LogFormat::json, [] {
    ops::log_event(spdlog::level::info, "update \"quoted\"\nnext",
                   {{"update_id", std::int64_t{5}}, {"route", "/start"}, {"p99_ms", 1.5}});
    spdlog::warn("plain {}", 7);
  });
  std::istringstream lines(text);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(first.find(R"({"time":")"), 0u) << first;
  EXPECT_NE(first.find(R"("level":"info","message":"update \"quoted\"\nnext","update_id":5,"route":"/start","p99_ms":1.5})"),
            std::string::npos)
      << first;
  EXPECT_NE(first.find("Z\""), std::string::npos) << first;  // UTC
  EXPECT_NE(second.find(R"("level":"warning","message":"plain 7"})"), std::string::npos) << second;
}

TEST(Logging, TextLinesAppendTheFields) {
  auto text = logged(ops::LogFormat::text, [] {
    ops::log_event(spdlog::level::info, "traffic", {{"updates", std::int64_t{3}}, {"outcome", "ok"}});
    spdlog::info("no fields");
  });
  EXPECT_NE(text.find("] traffic updates=3 outcome=ok\n"), std::string::npos) << text;
  EXPECT_NE(text.find("] no fields\n"), std::string::npos) << text;
  // auto: JSON when not a terminal.
  EXPECT_NE(logged(ops::LogFormat::automatic, [] { spdlog::info("x"); }).find(R"("message":"x")"),
            std::string::npos);
}

TEST(Logging, FieldsAreNotEvenLookedAtBelowTheLevel) {
  auto text = logged(ops::LogFormat::text, [] {
    spdlog::default_logger()->set_level(spdlog::level::info);
    ops::log_event(spdlog::level::debug, "hidden", {{"k", "v"}});
  });
  EXPECT_EQ(text, "");
}

// A configuration file of the test's own, and the process environment left alone: no
// GOFROBOT_ variable is set by these tests.
struct ReloadFile : ::testing::Test {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("gofrobot-reload-" + std::to_string(::getpid()));
  std::filesystem::path file = dir / "gofrobot.toml";
  std::vector<std::shared_ptr<const ops::Config>> applied;

  ReloadFile() {
    std::filesystem::create_directories(dir);
    write("[balance]\natm_max = 12\n");
  }
  ~ReloadFile() override { std::filesystem::remove_all(dir); }
  void write(const std::string& text) { std::ofstream(file) << text; }
  app::LiveConfig live() {
    auto loaded = app::load_from({file});
    EXPECT_TRUE(loaded.ok()) << ops::describe(loaded.errors);
    return app::LiveConfig({file}, std::make_shared<const ops::Config>(loaded.config),
                           [this](std::shared_ptr<const ops::Config> next) { applied.push_back(next); });
  }
};

TEST_F(ReloadFile, AppliesLiveKeysKeepsRestartKeysRefusesInvalidFiles) {
  auto config = live();
  write("[balance]\natm_max = 3\n[storage]\nbatch_max_updates = 8\n");
  auto first = config.reload();
  EXPECT_EQ(first.result, app::ReloadResult::kApplied);
  EXPECT_EQ(first.applied, std::vector<std::string>{"balance.atm_max"});
  EXPECT_EQ(first.needs_restart, std::vector<std::string>{"storage.batch_max_updates"});
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0]->balance.atm_max, 3);
  EXPECT_EQ(applied[0]->storage.batch_max_updates, 256);  // kept until a restart
  EXPECT_EQ(config.current(), applied[0]);

  write("[balance]\natm_max = 0\nnot_a_key = 1\n");
  auto refused = config.reload();
  EXPECT_EQ(refused.result, app::ReloadResult::kRefused);
  EXPECT_EQ(refused.errors.size(), 2u) << ops::describe(refused.errors);
  EXPECT_EQ(applied.size(), 1u);  // nothing handed on
  EXPECT_EQ(config.current()->balance.atm_max, 3);

  write("[balance]\natm_max = 3\n[ops]\nlisten = \"127.0.0.1:1\"\n");
  auto unchanged = config.reload();
  EXPECT_EQ(unchanged.result, app::ReloadResult::kUnchanged);
  EXPECT_EQ(unchanged.needs_restart, std::vector<std::string>{"ops.listen"});
  EXPECT_EQ(applied.size(), 1u);
}

TEST(Health, HasTheOriginalFieldsWithRealValues) {
  const auto json = app::health_json({.started = std::chrono::steady_clock::now() - 90s,
                                      .requests_processed = 42,
                                      .errors_encountered = 3,
                                      .version = "1.2.3",
                                      .mode = "webhook",
                                      .stopping = false});
  for (const char* part : {R"("status":"healthy")", R"("uptime_seconds":90.)", R"("requests_processed":42)",
                           R"("errors_encountered":3)", R"("timestamp":)", R"("rss_mb":)", R"("vms_mb":)",
                           R"("percent":)", R"("version":"1.2.3")", R"("mode":"webhook")"}) {
    EXPECT_NE(json.find(part), std::string::npos) << part << " in " << json;
  }
}

TEST(TrafficSummary, SaysWhatTheLastMinuteBrought) {
  telegram::testing::FakeApiServer server;
  bot::testing::BotHarness harness;
  prometheus::Registry registry;
  bot::EngineMetrics metrics(registry, harness.engine().router());
  harness.engine().set_metrics(&metrics);
  bot::Pipeline pipeline(harness.engine(), {}, [] { return bot::testing::kStartTime; });
  pipeline.set_metrics(&metrics);
  asio::io_context io;
  telegram::HttpClient http(io.get_executor(), *telegram::parse_base_url(server.base_url()));
  telegram::BotApi api(http, "1:x");
  telegram::OutboundQueue outbound(io.get_executor(), api, {}, [](std::int64_t) {});
  pipeline.start();
  app::TrafficSummary traffic(pipeline, metrics, outbound);
  std::atomic<int> done{0};
  for (int i = 1; i <= 3; ++i) {
    bot::Message m;
    m.message_id = i;
    m.chat = bot::Chat{i, bot::ChatType::kPrivate, {}};
    m.from = bot::testing::BotHarness::person(i);
    m.text = "/start";
    pipeline.submit(bot::Update{i, m}, [&](bot::Outcome&&) { ++done; });
  }
  ASSERT_TRUE(test_support::eventually([&] { return done == 3; }));
  auto first = logged(ops::LogFormat::text, [&] { traffic.log_since_last(); });
  EXPECT_NE(first.find("traffic in the last minute updates=3 errors=0 p99_ms="), std::string::npos) << first;
  EXPECT_NE(first.find("replies_waiting=0"), std::string::npos) << first;
  auto second = logged(ops::LogFormat::text, [&] { traffic.log_since_last(); });
  EXPECT_NE(second.find("updates=0 errors=0 p99_ms=0 batch_size=0"), std::string::npos) << second;
  pipeline.stop();
}

}  // namespace

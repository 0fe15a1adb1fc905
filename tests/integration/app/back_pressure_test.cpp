// Back-pressure (telegram.outbound_max_pending): with that many replies waiting to be sent,
// the webhook refuses new updates with 503 (Telegram delivers them again later) without
// touching them, and long polling fetches nothing; both take updates again once the
// backlog is under the limit. Real parts throughout: the engine over the in-memory store,
// the pipeline thread, the outbound queue over loopback HTTP to a scripted Bot API.
//
// The backlog is one reply held by its chat's pace (a second message to a chat whose
// pace allows one every 1,000 s): it stays pending for the whole test, whatever the speed
// of the machine. The limit is then moved around it.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "app/long_polling.hpp"
#include "app/runtime.hpp"
#include "app/webhook_handler.hpp"
#include "support/eventually.hpp"
#include "unit/bot/bot_harness.hpp"
#include "unit/telegram/fake_api_server.hpp"

namespace {

using namespace std::chrono_literals;
namespace asio = telegram::asio;

// One thread: the coroutines under test and the test's own changes to the configuration
// (set_limit) then never run at the same time.
struct Io {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::thread thread{[this] { io.run(); }};
  ~Io() { stop(); }
  void stop() {
    work.reset();
    io.stop();
    if (thread.joinable()) thread.join();
  }
  template <class T>
  T run(telegram::awaitable<T> task) {
    return asio::co_spawn(io, std::move(task), asio::use_future).get();
  }
};

telegram::OutboundLimits slow_chats() {
  telegram::OutboundLimits limits;
  limits.per_chat_burst = 1;
  limits.per_chat_per_second = 0.001;
  return limits;
}

telegram::OutboundRequest message_to(std::int64_t chat, std::int64_t update) {
  return {chat, false, "sendMessage", R"({"chat_id":)" + std::to_string(chat) + R"(,"text":"x"})",
          {}, update};
}

std::string start_update(std::int64_t update_id, std::int64_t user) {
  const auto id = std::to_string(update_id);
  const auto from = std::to_string(user);
  return R"({"update_id":)" + id + R"(,"message":{"message_id":1,"date":1700000000,)" +
         R"("from":{"id":)" + from + R"(,"is_bot":false,"first_name":"Пацан"},)" +
         R"("chat":{"id":)" + from + R"(,"type":"private"},"text":"/start",)" +
         R"("entities":[{"type":"bot_command","offset":0,"length":6}]}})";
}

// Runs `read` on the engine thread (the in-memory store is not shared across threads).
template <class F>
auto on_engine(bot::Pipeline& pipeline, F read) {
  std::promise<decltype(read())> result;
  pipeline.post([&] { result.set_value(read()); });
  return result.get_future().get();
}

struct BackPressure : ::testing::Test {
  telegram::testing::FakeApiServer server;
  bot::testing::BotHarness harness;
  ops::Config config;
  Io io;
  telegram::HttpClient http{io.io.get_executor(), *telegram::parse_base_url(server.base_url())};
  telegram::BotApi api{http, "123:abc"};
  bot::Pipeline pipeline{harness.engine(), {}, [] { return bot::testing::kStartTime; }};
  telegram::OutboundQueue outbound{io.io.get_executor(), api, slow_chats(),
                                   [this](std::int64_t id) { pipeline.mark_sent(id); }};
  app::Runtime rt{config, api, pipeline, outbound};

  BackPressure() {
    pipeline.start();
    // One reply goes out, the second waits for its chat's pace: one pending.
    outbound.enqueue({message_to(5, 1), message_to(5, 1)});
    test_support::eventually([&] { return outbound.pending() == 1; });
  }
  ~BackPressure() override {
    rt.stopping = true;
    pipeline.stop();
    io.stop();  // before the queue goes: its pacing timer refers to it
  }

  // On the I/O thread, where the webhook handler and the poller read it.
  void set_limit(int limit) {
    io.run([](ops::Config& c, int n) -> telegram::awaitable<int> {
      c.telegram.outbound_max_pending = n;
      co_return n;
    }(config, limit));
  }

  bool processed(std::int64_t update_id) {
    return on_engine(pipeline, [&] { return harness.store().update_processed(update_id); });
  }
};

TEST_F(BackPressure, TheWebhookRefusesUpdatesWhileRepliesWaitAndTakesThemAfter) {
  ASSERT_EQ(outbound.pending(), 1u);
  auto handler = app::make_webhook_handler(rt);

  set_limit(1);
  auto refused = io.run(handler(start_update(100, 7)));
  EXPECT_EQ(refused.status, 503);
  EXPECT_NE(refused.body.find("busy"), std::string::npos) << refused.body;
  EXPECT_FALSE(processed(100)) << "a refused update is left for Telegram to deliver again";

  set_limit(2);
  auto taken = io.run(handler(start_update(100, 7)));
  EXPECT_EQ(taken.status, 200);
  EXPECT_TRUE(processed(100));

  set_limit(0);  // no limit
  EXPECT_EQ(io.run(handler(start_update(101, 7))).status, 200);
  EXPECT_TRUE(processed(101));
}

TEST_F(BackPressure, LongPollingFetchesNothingWhileRepliesWait) {
  ASSERT_EQ(outbound.pending(), 1u);
  set_limit(1);
  config.telegram.poll_timeout_seconds = 0;  // before polling starts
  auto polling = asio::co_spawn(io.io, app::poll_updates(rt), asio::use_future);
  // Long enough for many rounds of polling if it polled (it checks every 100 ms); this
  // bound only makes the test longer on a slow machine, never wrong.
  std::this_thread::sleep_for(500ms);
  EXPECT_TRUE(server.requests("getUpdates").empty());

  set_limit(2);
  EXPECT_TRUE(test_support::eventually([&] { return !server.requests("getUpdates").empty(); }))
      << "polling resumes under the limit";
  rt.stopping = true;
  EXPECT_EQ(polling.wait_for(60s), std::future_status::ready);
}

}  // namespace

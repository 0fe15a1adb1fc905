// The transport against a scripted Bot API over real loopback HTTP: answer
// classification, the HTTP client, flood control and retries of the outbound queue, and
// the webhook server's refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <thread>

#include "fake_api_server.hpp"
#include "support/eventually.hpp"
#include "telegram/bot_api.hpp"
#include "telegram/outbound_queue.hpp"
#include "telegram/webhook_server.hpp"

namespace telegram {
namespace {

using namespace std::chrono_literals;
using testing::FakeApiServer;
using testing::ScriptedAnswer;

HttpResponse answer(int status, std::string body) { return {status, std::move(body), {}}; }

TEST(Classify, EveryKindOfAnswer) {
  using Kind = ApiResult::Kind;
  EXPECT_EQ(classify(answer(200, R"({"ok":true,"result":true})")).kind, Kind::kOk);
  EXPECT_EQ(classify(answer(200, R"({"ok":true,"result":null})")).kind, Kind::kOk);  // emulator
  auto r = classify(answer(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}})"));
  EXPECT_EQ(r.kind, Kind::kRetryAfter);
  EXPECT_EQ(r.retry_after, 7);
  EXPECT_EQ(classify(answer(400, R"({"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same"})")).kind,
            Kind::kNotModified);
  EXPECT_EQ(classify(answer(400, R"({"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"})")).kind,
            Kind::kRejected);
  EXPECT_EQ(classify(answer(401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})")).kind,
            Kind::kUnauthorized);
  EXPECT_EQ(classify(answer(409, R"({"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request"})")).kind,
            Kind::kConflict);
  EXPECT_EQ(classify(answer(502, "<html>Bad Gateway</html>")).kind, Kind::kServerError);
  EXPECT_EQ(classify(answer(500, R"({"ok":false,"error_code":500,"description":"Internal"})")).kind,
            Kind::kServerError);
  EXPECT_EQ(classify(HttpResponse{0, "", "connection refused"}).kind, Kind::kNetwork);
}

// Found by fuzzing (fuzz/api_response.cpp): a retry_after beyond an int wrapped into another
// wait (2^32 + 30 seconds became 30). Such an answer is not the Bot API's: retried as one.
TEST(Classify, ARetryAfterBeyondAnIntDoesNotWrap) {
  using Kind = ApiResult::Kind;
  auto wrapped = classify(answer(429, R"({"ok":false,"error_code":429,"parameters":{"retry_after":4294967326}})"));
  EXPECT_EQ(wrapped.kind, Kind::kNetwork);
  EXPECT_EQ(wrapped.retry_after, 0);
  auto largest = classify(answer(429, R"({"ok":false,"error_code":429,"parameters":{"retry_after":2147483647}})"));
  EXPECT_EQ(largest.kind, Kind::kRetryAfter);
  EXPECT_EQ(largest.retry_after, 2147483647);
}

TEST(BaseUrl, Parses) {
  auto u = parse_base_url("https://api.telegram.org");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "api.telegram.org");
  EXPECT_EQ(u->port, "443");
  u = parse_base_url("http://127.0.0.1:8081/prefix/");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->port, "8081");
  EXPECT_EQ(u->path, "/prefix");
  u = parse_base_url("http://[::1]:9000");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_FALSE(parse_base_url("ftp://x"));
  EXPECT_FALSE(parse_base_url("http://"));
}

TEST(Secret, ConstantTimeComparisonIsExact) {
  EXPECT_TRUE(secret_matches("s3cr3t", "s3cr3t"));
  EXPECT_FALSE(secret_matches("s3cr3", "s3cr3t"));
  EXPECT_FALSE(secret_matches("s3cr3tt", "s3cr3t"));
  EXPECT_FALSE(secret_matches("", "s3cr3t"));
  EXPECT_FALSE(secret_matches("", ""));  // an empty secret never matches
}

// An io_context on two threads for the code under test.
struct Io {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::thread a{[this] { io.run(); }};
  std::thread b{[this] { io.run(); }};
  ~Io() { stop(); }
  // Stops the threads (once): nothing runs on the context afterwards.
  void stop() {
    work.reset();
    io.stop();
    if (a.joinable()) a.join();
    if (b.joinable()) b.join();
  }
  template <class T>
  T run(awaitable<T> task) {
    return asio::co_spawn(io, std::move(task), asio::use_future).get();
  }
};

TEST(HttpClient, PostsJsonAndReusesTheConnection) {
  FakeApiServer server;
  server.script("getMe", {{200, R"({"ok":true,"result":{"id":1,"is_bot":true,"first_name":"B","username":"gofro_bot"}})"}});
  Io io;
  HttpClient http(io.io.get_executor(), *parse_base_url(server.base_url()));
  BotApi api(http, "123:abc");
  auto r = io.run(api.call("getMe", "{}"));
  EXPECT_EQ(r.kind, ApiResult::Kind::kOk);
  EXPECT_NE(r.result.find("gofro_bot"), std::string::npos);
  for (int i = 0; i < 5; ++i) io.run(api.call("sendMessage", R"({"chat_id":1,"text":"x"})"));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests[0].path, "/bot123:abc/getMe");
  EXPECT_EQ(requests[1].body, R"({"chat_id":1,"text":"x"})");
}

TEST(HttpClient, UnreachableServerIsANetworkError) {
  Io io;
  HttpClient http(io.io.get_executor(), *parse_base_url("http://127.0.0.1:1"));
  BotApi api(http, "123:abc");
  auto r = io.run(api.call("getMe", "{}", 2s));
  EXPECT_EQ(r.kind, ApiResult::Kind::kNetwork);
  EXPECT_EQ(r.description.find("123:abc"), std::string::npos);  // the token never shows
}

struct QueueFixture {
  FakeApiServer server;
  Io io;
  HttpClient http{io.io.get_executor(), *parse_base_url(server.base_url())};
  BotApi api{http, "123:abc"};
  std::mutex mutex;
  std::vector<std::int64_t> done;
  std::unique_ptr<OutboundQueue> queue;

  explicit QueueFixture(OutboundLimits limits = {}) {
    queue = std::make_unique<OutboundQueue>(io.io.get_executor(), api, limits, [this](std::int64_t id) {
      std::lock_guard lock(mutex);
      done.push_back(id);
    });
  }
  // The threads stop before the queue goes: a test may end with replies still waiting for
  // their pace, whose timers would otherwise fire into a destroyed queue.
  ~QueueFixture() {
    io.stop();
    queue.reset();
  }
  bool drain(std::chrono::seconds within = 20s) {
    return io.run(queue->drain(std::chrono::steady_clock::now() + within));
  }
};

OutboundRequest message(std::int64_t chat, std::int64_t update, std::string text = "hi") {
  return {chat, chat < 0, "sendMessage",
          R"({"chat_id":)" + std::to_string(chat) + R"(,"text":")" + text + R"("})", {}, update};
}

TEST(OutboundQueue, KeepsOrderPerChatAndReportsEachUpdateOnce) {
  QueueFixture f;
  for (int i = 1; i <= 3; ++i) f.queue->enqueue({message(7, i, "m" + std::to_string(i))});
  ASSERT_TRUE(f.drain());
  auto sent = f.server.requests("sendMessage");
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_NE(sent[0].body.find("m1"), std::string::npos);
  EXPECT_NE(sent[2].body.find("m3"), std::string::npos);
  EXPECT_EQ(f.done, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(f.queue->counters().sent, 3);
}

TEST(OutboundQueue, PacesOneChatButNotOthers) {
  QueueFixture f;  // 1 message/s per chat after a burst of 3
  for (int i = 1; i <= 5; ++i) f.queue->enqueue({message(7, i)});
  for (int i = 6; i <= 8; ++i) f.queue->enqueue({message(8, i)});
  ASSERT_TRUE(f.drain());
  std::vector<std::chrono::steady_clock::time_point> chat7;
  std::vector<std::chrono::steady_clock::time_point> chat8;
  for (const auto& r : f.server.requests("sendMessage")) {
    (r.body.find(R"("chat_id":7)") != std::string::npos ? chat7 : chat8).push_back(r.at);
  }
  ASSERT_EQ(chat7.size(), 5u);
  ASSERT_EQ(chat8.size(), 3u);
  // Beyond the burst, about a second apart (a lower bound: pacing never sends early).
  EXPECT_GE(chat7[4] - chat7[2], 1800ms);
  // The other chat was not held back by the first one's pacing.
  EXPECT_LT(chat8[2] - chat7[0], 900ms);
}

TEST(OutboundQueue, RetryAfterPausesTheChatThenDelivers) {
  QueueFixture f;
  f.server.script("sendMessage",
                  {{429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}})"},
                   {429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}})"}});
  f.queue->enqueue({message(7, 1)});
  ASSERT_TRUE(f.drain());
  auto sent = f.server.requests("sendMessage");
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_GE(sent[1].at - sent[0].at, 950ms);  // retry_after respected
  EXPECT_GE(sent[2].at - sent[1].at, 950ms);
  EXPECT_EQ(f.queue->counters().rate_limited, 2);
  EXPECT_EQ(f.queue->counters().sent, 1);
  EXPECT_EQ(f.done, std::vector<std::int64_t>{1});
}

TEST(OutboundQueue, ServerErrorsRetryWithBackoffAndFinallyGiveUpLoudly) {
  OutboundLimits limits;
  limits.max_attempts = 3;
  QueueFixture f(limits);
  f.server.script("sendMessage", {{502, "bad gateway"}, {502, "bad gateway"}, {502, "bad gateway"}});
  f.queue->enqueue({message(7, 1)});
  ASSERT_TRUE(f.drain());
  EXPECT_EQ(f.server.requests("sendMessage").size(), 3u);
  EXPECT_EQ(f.queue->counters().failed, 1);
  EXPECT_EQ(f.done, std::vector<std::int64_t>{1});  // finished (logged), not stuck
}

TEST(OutboundQueue, NotModifiedIsDoneAndAFailedEditIsSentAsNewMessage) {
  QueueFixture f;
  f.server.script("editMessageText",
                  {{400, R"({"ok":false,"error_code":400,"description":"Bad Request: message is not modified"})"},
                   {400, R"({"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"})"}});
  OutboundRequest edit{7, false, "editMessageText", R"({"chat_id":7,"message_id":5,"text":"a"})",
                       R"({"chat_id":7,"text":"a"})", 1};
  f.queue->enqueue({edit});
  f.queue->enqueue({OutboundRequest{7, false, "editMessageText",
                                    R"({"chat_id":7,"message_id":6,"text":"b"})",
                                    R"({"chat_id":7,"text":"b"})", 2}});
  ASSERT_TRUE(f.drain());
  EXPECT_EQ(f.server.requests("editMessageText").size(), 2u);
  auto sends = f.server.requests("sendMessage");
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].body, R"({"chat_id":7,"text":"b"})");
  EXPECT_EQ(f.queue->counters().fallbacks, 1);
  EXPECT_EQ(f.queue->counters().failed, 0);
}

TEST(OutboundQueue, CallbackAnswersAreNotPacedPerChat) {
  QueueFixture f;
  for (int i = 1; i <= 6; ++i) {
    f.queue->enqueue({OutboundRequest{0, false, "answerCallbackQuery",
                                      R"({"callback_query_id":"q)" + std::to_string(i) + R"("})",
                                      {}, i}});
  }
  ASSERT_TRUE(f.drain());
  auto answers = f.server.requests("answerCallbackQuery");
  ASSERT_EQ(answers.size(), 6u);
  EXPECT_LT(answers[5].at - answers[0].at, 900ms);
}

TEST(OutboundQueue, HeldUpdateFinishesOnlyWhenReleased) {
  QueueFixture f;
  f.queue->hold(9);
  f.queue->enqueue({message(7, 9)});
  ASSERT_TRUE(f.drain());
  EXPECT_TRUE(f.done.empty());
  f.queue->release(9);
  EXPECT_EQ(f.done, std::vector<std::int64_t>{9});
}

using test_support::eventually;

// One chat's lane holds at most max_pending_per_chat requests: beyond, replies are dropped
// and counted, an update all of whose replies were dropped finishes at once, and other
// chats are not held back. The chat's pace (one every 1,000 s after the first) keeps its
// lane full for the whole test once the first reply went out.
TEST(OutboundQueue, AChatOverItsCapDropsRepliesAndHoldsNoOneElse) {
  OutboundLimits limits;
  limits.per_chat_burst = 1;
  limits.per_chat_per_second = 0.001;
  limits.max_pending_per_chat = 3;
  QueueFixture f(limits);
  auto finished = [&](std::int64_t update) {
    std::lock_guard lock(f.mutex);
    return std::count(f.done.begin(), f.done.end(), update);
  };
  f.queue->enqueue({message(5, 1)});
  // The first went out at once; once answered, 2, 3 and 4 fill the lane (they wait for the
  // pace), whatever the speed of the machine.
  ASSERT_TRUE(eventually([&] { return finished(1) == 1; }));
  for (std::int64_t update = 2; update <= 4; ++update) f.queue->enqueue({message(5, update)});
  EXPECT_EQ(f.queue->counters().dropped, 0);
  f.queue->enqueue({message(5, 5), message(6, 5)});  // 5 is full: only 6's goes
  f.queue->enqueue({message(5, 6)});                  // nothing of 6 goes: done at once
  EXPECT_EQ(f.queue->counters().dropped, 2);
  // 6 at once (dropped), 5 with chat 6's reply.
  ASSERT_TRUE(eventually([&] { return finished(6) && finished(5); }));
  for (std::int64_t waiting = 2; waiting <= 4; ++waiting) EXPECT_EQ(finished(waiting), 0);
  EXPECT_EQ(f.queue->pending(), 3u);
  EXPECT_EQ(f.server.requests("sendMessage").size(), 2u);  // chat 5's first and chat 6's
}

std::int64_t chat_of(const testing::RecordedRequest& r) {
  const auto at = r.body.find(R"("chat_id":)");
  return std::stoll(r.body.substr(at + 10));
}

// Lanes that only wait for the global rate wait in one FIFO without timers of their own
// (one dispatcher hands out the global tokens), and are served in the order they came.
TEST(OutboundQueue, ChatsWaitingForTheGlobalRateAreServedInOrderWithoutTimersOfTheirOwn) {
  OutboundLimits limits;
  limits.global_per_second = 4;  // a burst of 4, then one every 250 ms
  QueueFixture f(limits);
  for (int chat = 1; chat <= 12; ++chat) f.queue->enqueue({message(chat, chat)});
  auto backlog = f.queue->backlog();
  EXPECT_GE(backlog.pending, 8u);  // the first 4 went out at once and may be done already
  EXPECT_LE(backlog.pending, 12u);
  EXPECT_EQ(backlog.lanes, 12u);
  EXPECT_EQ(backlog.lanes_pacing, 0u);  // nobody polls the global bucket with a timer
  EXPECT_GE(backlog.lanes_ready, 6u);   // 8 unless this machine stalled for a second
  ASSERT_TRUE(f.drain());
  auto sent = f.server.requests("sendMessage");
  ASSERT_EQ(sent.size(), 12u);
  // After the burst (sent concurrently), one at a time in the order of arrival.
  for (std::size_t i = 4; i < sent.size(); ++i) EXPECT_EQ(chat_of(sent[i]), static_cast<int>(i) + 1);
  // 8 beyond the burst at 4/s: at least ~2 s (a lower bound: the rate is never exceeded).
  EXPECT_GE(sent[11].at - sent[0].at, 1800ms);
  EXPECT_EQ(f.queue->backlog().lanes_ready, 0u);
  EXPECT_EQ(f.queue->pending(), 0u);
  EXPECT_EQ(f.queue->counters().sent, 12);
}

// A reply that rides in a webhook response takes a slot of its chat's lane; once that lane's
// pacing no longer matters (here at once: the limits refill in a microsecond) it is dropped,
// so answering many chats leaves no lane per chat behind.
TEST(OutboundQueue, LanesOfSlotsTakenNowAreForgottenOnceTheirPacingIsOver) {
  OutboundLimits limits;
  limits.global_per_second = 1e9;
  limits.per_chat_burst = 1'000'000;
  limits.per_chat_per_second = 1e9;
  QueueFixture f(limits);
  for (std::int64_t chat = 1; chat <= 10'000; ++chat) {
    ASSERT_TRUE(f.queue->take_slot_now(chat, false));
  }
  EXPECT_LE(f.queue->backlog().lanes, 1024u);  // at most the lanes since the last sweep
}

TEST(OutboundQueue, TakeSlotNowRespectsTheChatTheGroupAndTheGlobalLimits) {
  {
    OutboundLimits limits;
    limits.per_chat_per_second = 0.01;  // no refill during the test
    QueueFixture f(limits);
    EXPECT_TRUE(f.queue->take_slot_now(7, false));
    EXPECT_TRUE(f.queue->take_slot_now(7, false));
    EXPECT_TRUE(f.queue->take_slot_now(7, false));
    EXPECT_FALSE(f.queue->take_slot_now(7, false));  // burst of 3 used
    EXPECT_TRUE(f.queue->take_slot_now(8, false));   // another chat is not held back
  }
  {
    OutboundLimits limits;
    limits.per_group_per_minute = 2;
    limits.per_chat_burst = 10;
    QueueFixture f(limits);
    EXPECT_TRUE(f.queue->take_slot_now(-5, true));
    EXPECT_TRUE(f.queue->take_slot_now(-5, true));
    EXPECT_FALSE(f.queue->take_slot_now(-5, true));  // 2 a minute
  }
  {
    OutboundLimits limits;
    limits.global_per_second = 2;
    QueueFixture f(limits);
    EXPECT_TRUE(f.queue->take_slot_now(1, false));
    EXPECT_TRUE(f.queue->take_slot_now(2, false));
    EXPECT_FALSE(f.queue->take_slot_now(3, false));  // 2 a second in all
  }
  {
    QueueFixture f;
    f.queue->hold(1);  // keeps the callback from racing the checks below
    f.server.script("sendMessage", {{502, "bad gateway"}});
    f.queue->enqueue({message(7, 1)});
    EXPECT_FALSE(f.queue->take_slot_now(7, false));  // a reply to 7 is queued: it goes first
    EXPECT_TRUE(f.queue->take_slot_now(8, false));
    ASSERT_TRUE(f.drain());
    f.queue->release(1);
  }
}

// A drained lane keeps its pacing state: a new burst right after does not escape the pacing.
TEST(OutboundQueue, ADrainedChatIsStillPaced) {
  OutboundLimits limits;
  limits.per_chat_per_second = 0.01;
  QueueFixture f(limits);
  for (int i = 1; i <= 3; ++i) f.queue->enqueue({message(7, i)});
  ASSERT_TRUE(f.drain());
  EXPECT_EQ(f.server.requests("sendMessage").size(), 3u);
  EXPECT_EQ(f.queue->backlog().lanes, 1u);
  EXPECT_FALSE(f.queue->take_slot_now(7, false));
}

TEST(OutboundQueue, RetryAfterWithoutAChatPausesEverything) {
  QueueFixture f;
  f.server.script("answerCallbackQuery",
                  {{429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}})"}});
  f.queue->enqueue({OutboundRequest{0, false, "answerCallbackQuery", R"({"callback_query_id":"q"})", {}, 1}});
  ASSERT_TRUE(eventually([&] { return f.queue->counters().rate_limited == 1; }));
  f.queue->enqueue({message(7, 2)});
  EXPECT_FALSE(f.queue->take_slot_now(8, false));  // paused for every chat
  ASSERT_TRUE(f.drain());
  auto answers = f.server.requests("answerCallbackQuery");
  auto sends = f.server.requests("sendMessage");
  ASSERT_EQ(answers.size(), 2u);
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_GE(answers[1].at - answers[0].at, 950ms);
  EXPECT_GE(sends[0].at - answers[0].at, 950ms);  // held by the global pause too
  std::lock_guard lock(f.mutex);
  std::sort(f.done.begin(), f.done.end());  // both went out together when the pause ended
  EXPECT_EQ(f.done, (std::vector<std::int64_t>{1, 2}));
}

// Many chats and two I/O threads: every reply delivered once, each chat in order, each
// update reported once, nothing left behind.
TEST(OutboundQueue, ManyChatsAtAHighRateDeliverEverythingInOrderPerChat) {
  OutboundLimits limits;
  limits.global_per_second = 1e6;
  limits.per_chat_burst = 1000;
  limits.per_chat_per_second = 1e6;
  limits.per_group_per_minute = 1000;
  QueueFixture f(limits);
  constexpr int kChats = 200;
  constexpr int kPerChat = 4;
  std::int64_t update = 0;
  for (int round = 0; round < kPerChat; ++round) {
    for (int chat = 1; chat <= kChats; ++chat) {
      const std::int64_t id = ++update;
      const std::int64_t to = chat % 2 == 0 ? chat : -chat;  // half of them groups
      // (not "r" + to_string(round): GCC 12 reports a false -Wstringop-overflow for it here)
      f.queue->enqueue({message(to, id, std::string(1, 'r').append(std::to_string(round)))});
    }
  }
  ASSERT_TRUE(f.drain(60s));
  auto sent = f.server.requests("sendMessage");
  ASSERT_EQ(sent.size(), static_cast<std::size_t>(kChats * kPerChat));
  std::map<std::int64_t, int> next_round;
  for (const auto& r : sent) {
    auto& expected = next_round[chat_of(r)];
    const std::string text = "\"r" + std::to_string(expected) + "\"";
    EXPECT_NE(r.body.find(text), std::string::npos) << r.body;
    ++expected;
  }
  EXPECT_EQ(next_round.size(), static_cast<std::size_t>(kChats));
  std::lock_guard lock(f.mutex);
  std::vector<std::int64_t> done = f.done;
  std::sort(done.begin(), done.end());
  ASSERT_EQ(done.size(), static_cast<std::size_t>(kChats * kPerChat));
  for (std::size_t i = 0; i < done.size(); ++i) EXPECT_EQ(done[i], static_cast<std::int64_t>(i) + 1);
  auto backlog = f.queue->backlog();
  EXPECT_EQ(backlog.pending, 0u);
  EXPECT_EQ(backlog.in_flight, 0u);
  EXPECT_EQ(backlog.lanes_ready, 0u);
  EXPECT_EQ(backlog.lanes_pacing, 0u);
}

// Webhook server refusals and a good request, over real HTTP.
struct WebhookFixture {
  Io io;
  std::atomic<int> handled{0};
  WebhookServer server{io.io.get_executor(), tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0),
                       WebhookOptions{"/hook", "sekret", {.max_body_bytes = 1024}},
                       [this](std::string body) -> awaitable<WebhookAnswer> {
                         ++handled;
                         co_return WebhookAnswer{200, R"({"echo":)" + std::to_string(body.size()) + "}", nullptr};
                       }};
  WebhookFixture() { server.start(); }

  HttpResponse post(const std::string& path, const std::string& secret, std::string body) {
    return io.run([&]() -> awaitable<HttpResponse> {
      tcp::socket socket(io.io);
      co_await socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()),
                                    use_awaitable);
      beast::tcp_stream stream(std::move(socket));
      http::request<http::string_body> req{http::verb::post, path, 11};
      req.set(http::field::host, "127.0.0.1");
      if (!secret.empty()) req.set("X-Telegram-Bot-Api-Secret-Token", secret);
      req.body() = body;
      req.prepare_payload();
      co_await http::async_write(stream, req, use_awaitable);
      beast::flat_buffer buffer;
      http::response<http::string_body> res;
      co_await http::async_read(stream, buffer, res, use_awaitable);
      co_return HttpResponse{static_cast<int>(res.result_int()), res.body(), {}};
    }());
  }
};

TEST(WebhookServer, RefusesWrongPathSecretAndSize) {
  WebhookFixture f;
  EXPECT_EQ(f.post("/other", "sekret", "{}").status, 404);
  EXPECT_EQ(f.post("/hook", "", "{}").status, 401);
  EXPECT_EQ(f.post("/hook", "sekreT", "{}").status, 401);
  EXPECT_EQ(f.post("/hook", "sekret", std::string(2048, 'x')).status, 413);
  EXPECT_EQ(f.handled, 0);
  auto ok = f.post("/hook", "sekret", "{\"update_id\":1}");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"echo":15})");
  EXPECT_EQ(f.handled, 1);
  EXPECT_EQ(f.server.counters().refused, 4);
}

}  // namespace
}  // namespace telegram

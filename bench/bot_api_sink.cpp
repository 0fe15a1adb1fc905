// bot_api_sink: a fast local Bot API for benchmarks. Answers every POST /bot<token>/<method>
// at once, with no flood limits, with a result plausible for the method:
//   getMe -> a User (@gofrobot_bot) · sendMessage, editMessageText -> a Message in the
//   request's chat · getUpdates -> [] after the request's long-poll timeout (at most 25 s)
//   · anything else (answerCallbackQuery, setMyCommands, setWebhook, deleteWebhook, …) -> true
// GET /stats answers the calls counted per method, as JSON: {"total":N,"getMe":1,…}.
// Any token is accepted.
//
//   bot_api_sink [--port N] [--port-file F] [--threads T (1)] [--max-seconds S]
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>

#include "common/http_server.hpp"

namespace {

// The integer after "key": in a JSON text (the bot writes compact JSON), if any.
std::optional<std::int64_t> json_integer(std::string_view json, std::string_view key) {
  const std::string needle = fmt::format("\"{}\":", key);
  auto at = json.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  const char* p = json.data() + at + needle.size();
  const char* end = json.data() + json.size();
  while (p < end && *p == ' ') ++p;
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(p, end, value);
  if (ec != std::errc{}) return std::nullopt;
  return value;
}

class Sink {
 public:
  bench::asio::awaitable<bench::Response> handle(bench::Request& req) {
    std::string_view target(req.target().data(), req.target().size());
    if (req.method() == bench::http::verb::get && target == "/stats") {
      co_return bench::json_response(req, stats());
    }
    // /bot<token>/<method>
    auto slash = target.rfind('/');
    if (!target.starts_with("/bot") || slash == std::string_view::npos || slash < 4) {
      co_return bench::json_response(
          req, R"({"ok":false,"error_code":404,"description":"Not Found"})",
          bench::http::status::not_found);
    }
    std::string method(target.substr(slash + 1));
    count(method);
    const std::string& body = req.body();
    if (method == "getMe") {
      co_return bench::json_response(
          req,
          R"({"ok":true,"result":{"id":7000000001,"is_bot":true,"first_name":"Гофробот",)"
          R"("username":"gofrobot_bot","can_join_groups":true,)"
          R"("can_read_all_group_messages":false,"supports_inline_queries":false}})");
    }
    if (method == "sendMessage" || method == "editMessageText") {
      const auto chat = json_integer(body, "chat_id").value_or(0);
      const auto message_id = method == "editMessageText"
                                  ? json_integer(body, "message_id").value_or(1)
                                  : next_message_id_.fetch_add(1);
      co_return bench::json_response(
          req, fmt::format(R"({{"ok":true,"result":{{"message_id":{},"from":{{"id":7000000001,)"
                           R"("is_bot":true,"first_name":"Гофробот","username":"gofrobot_bot"}},)"
                           R"("chat":{{"id":{},"type":"{}"}},"date":{},"text":"ok"}}}})",
                           message_id, chat, chat < 0 ? "supergroup" : "private",
                           static_cast<std::int64_t>(std::time(nullptr))));
    }
    if (method == "getUpdates") {
      const auto timeout = std::clamp<std::int64_t>(json_integer(body, "timeout").value_or(0), 0, 25);
      if (timeout > 0) {
        bench::asio::steady_timer timer(co_await bench::asio::this_coro::executor);
        timer.expires_after(std::chrono::seconds(timeout));
        co_await timer.async_wait(bench::asio::use_awaitable);
      }
      co_return bench::json_response(req, R"({"ok":true,"result":[]})");
    }
    co_return bench::json_response(req, R"({"ok":true,"result":true})");
  }

 private:
  void count(const std::string& method) {
    std::lock_guard lock(mutex_);
    ++calls_[method];
    ++total_;
  }
  std::string stats() {
    std::lock_guard lock(mutex_);
    std::string out = fmt::format(R"({{"total":{})", total_);
    for (const auto& [method, n] : calls_) out += fmt::format(R"(,"{}":{})", method, n);
    return out + "}";
  }

  std::mutex mutex_;
  std::map<std::string, std::int64_t> calls_;
  std::int64_t total_ = 0;
  std::atomic<std::int64_t> next_message_id_{1'000'000};
};

}  // namespace

int main(int argc, char** argv) try {
  bench::Args args(argc, argv);
  Sink sink;
  bench::Handler handler = [&sink](bench::Request& req) { return sink.handle(req); };
  // One thread by default: the sink shares the two cores with the bot and the load generator.
  return bench::run_server(args, handler, "bot_api_sink", 1);
} catch (const std::exception& e) {
  std::cerr << "bot_api_sink: " << e.what() << '\n';
  return 1;
}

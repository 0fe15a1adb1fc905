#pragma once
// A scripted Bot API server on a loopback port, for the transport's unit tests: real
// HTTP over a real socket, answers chosen by the test. (The end-to-end tests use the
// telegram-test-api emulator instead; this one exists to script 429s, 5xx and timing
// precisely.)
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "telegram/net.hpp"

namespace telegram::testing {

struct RecordedRequest {
  std::string method;
  std::string path;
  std::string body;
  std::chrono::steady_clock::time_point at;
};

struct ScriptedAnswer {
  int status = 200;
  std::string body = R"({"ok":true,"result":true})";
};

class FakeApiServer {
 public:
  FakeApiServer() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    asio::co_spawn(io_, accept(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~FakeApiServer() {
    io_.stop();
    thread_.join();
  }

  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }

  // The next answers for a method, in order; afterwards the default answer.
  void script(const std::string& method, std::vector<ScriptedAnswer> answers) {
    std::lock_guard lock(mutex_);
    for (auto& a : answers) scripts_[method].push_back(std::move(a));
  }

  std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  std::vector<RecordedRequest> requests(const std::string& method) const {
    std::vector<RecordedRequest> out;
    for (auto& r : requests()) {
      if (r.method == method) out.push_back(r);
    }
    return out;
  }

 private:
  awaitable<void> accept() {
    while (true) {
      auto socket = co_await acceptor_.async_accept(use_awaitable);
      socket.set_option(tcp::no_delay(true));
      asio::co_spawn(io_, serve(std::move(socket)), asio::detached);
    }
  }

  awaitable<void> serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    try {
      while (true) {
        http::request<http::string_body> req;
        co_await http::async_read(stream, buffer, req, use_awaitable);
        std::string path(req.target());
        std::string method = path.substr(path.rfind('/') + 1);
        ScriptedAnswer answer;
        {
          std::lock_guard lock(mutex_);
          requests_.push_back({method, path, req.body(), std::chrono::steady_clock::now()});
          auto& queue = scripts_[method];
          if (!queue.empty()) {
            answer = queue.front();
            queue.pop_front();
          }
        }
        http::response<http::string_body> res{static_cast<http::status>(answer.status), 11};
        res.set(http::field::content_type, "application/json");
        res.keep_alive(req.keep_alive());
        res.body() = answer.body;
        res.prepare_payload();
        co_await http::async_write(stream, res, use_awaitable);
        if (!req.keep_alive()) break;
      }
    } catch (const std::exception&) {
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<ScriptedAnswer>> scripts_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace telegram::testing

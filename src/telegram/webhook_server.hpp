#pragma once
// The webhook endpoint: an HTTP server on a configured address and path. Telegram POSTs
// each update as JSON with the X-Telegram-Bot-Api-Secret-Token header we gave setWebhook.
//   wrong path 404 · not POST 405 · wrong or missing secret 401 (compared in constant time)
//   body over the limit 413 (refused from the headers, before reading it) · else the
//   handler's answer, sent only after the update's effects committed.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "telegram/asio.hpp"

namespace telegram {

struct WebhookAnswer {
  int status = 200;
  std::string body;  // JSON; a Bot API method call may ride here
  // Called once the response was written (true) or could not be (false).
  std::function<void(bool written)> after;
};

struct WebhookOptions {
  std::string path = "/telegram/webhook";
  std::string secret;
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::seconds idle_timeout{75};
};

class WebhookServer {
 public:
  using Handler = std::function<awaitable<WebhookAnswer>(std::string body)>;

  WebhookServer(asio::any_io_executor executor, tcp::endpoint endpoint, WebhookOptions options,
                Handler handler);
  // The port actually bound (for port 0 in tests).
  unsigned short port() const;
  void start();
  // Stops accepting; connections finish their request in flight.
  void stop();

  std::int64_t requests() const { return requests_; }
  std::int64_t refused() const { return refused_; }

 private:
  awaitable<void> accept_loop();
  awaitable<void> serve(tcp::socket socket);

  asio::any_io_executor executor_;
  tcp::acceptor acceptor_;
  WebhookOptions options_;
  Handler handler_;
  std::atomic<std::int64_t> requests_{0};
  std::atomic<std::int64_t> refused_{0};
};

// Constant-time equality of a presented secret with the expected one.
bool secret_matches(std::string_view presented, std::string_view expected);

}  // namespace telegram

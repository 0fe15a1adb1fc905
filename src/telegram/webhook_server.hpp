#pragma once
// The webhook endpoint: the project's HTTP server (net::HttpServer, with its connection,
// time and size limits) on a configured address and path. Telegram POSTs each update as
// JSON with the X-Telegram-Bot-Api-Secret-Token header we gave setWebhook.
//   wrong path 404 · not POST 405 · wrong or missing secret 401 (compared in constant time)
//   body over the limit 413 (refused from the headers, before reading it) · else the
//   handler's answer, sent only after the update's effects committed.
#include <functional>
#include <optional>
#include <string>

#include "net/http_server.hpp"
#include "telegram/net.hpp"

namespace telegram {

// status, body (JSON; a Bot API method call may ride here), after (written or not).
using WebhookAnswer = net::Response;

struct WebhookOptions {
  std::string path = "/telegram/webhook";
  std::string secret;
  net::HttpLimits limits;  // max_body_bytes: telegram.webhook_max_body_bytes
};

// The webhook's own check of a request head (path 404, method 405, secret 401, in that
// order; nullopt admits it), before the server's size limits. Pure: the fuzz target calls it.
std::optional<net::Response> check_webhook_head(const WebhookOptions& options,
                                                const net::RequestHead& head);

class WebhookServer {
 public:
  using Handler = std::function<awaitable<WebhookAnswer>(std::string body)>;

  WebhookServer(asio::any_io_executor executor, tcp::endpoint endpoint, WebhookOptions options,
                Handler handler);
  // The port actually bound (for port 0 in tests).
  unsigned short port() const { return server_.port(); }
  void start() { server_.start(); }
  // Stops accepting; connections finish their request in flight.
  void stop() { server_.stop(); }

  const net::HttpCounters& counters() const { return server_.counters(); }
  std::size_t open_connections() const { return server_.open_connections(); }

 private:
  WebhookOptions options_;
  net::HttpServer server_;
};

// Constant-time equality of a presented secret with the expected one.
bool secret_matches(std::string_view presented, std::string_view expected);

}  // namespace telegram

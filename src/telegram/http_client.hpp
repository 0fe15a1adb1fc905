#pragma once
// An HTTP/1.1 client for the Bot API: JSON POSTs over TLS (or plain TCP for a local Bot
// API server or an emulator), keep-alive connections reused across requests, a timeout
// per request. Safe to use from several coroutines on a multi-threaded io_context.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "telegram/net.hpp"
#include "telegram/base_url.hpp"

namespace telegram {

struct HttpResponse {
  int status = 0;     // 0: no HTTP answer (see error)
  std::string body;
  std::string error;  // network trouble, in words; empty when an answer came
};

class HttpClient {
 public:
  HttpClient(asio::any_io_executor executor, BaseUrl base);
  ~HttpClient();

  // POSTs `body` (application/json unless `content_type` says otherwise) to `path`
  // (appended to the base URL's path).
  awaitable<HttpResponse> post(std::string path, std::string body,
                               std::chrono::milliseconds timeout,
                               std::string content_type = "application/json");

  // Closes idle connections (shutdown, tests).
  void close_idle();

 private:
  struct Connection;
  awaitable<std::unique_ptr<Connection>> connect(std::chrono::milliseconds timeout);
  std::unique_ptr<Connection> take_idle();
  void give_back(std::unique_ptr<Connection> c);

  asio::any_io_executor executor_;
  BaseUrl base_;
  asio::ssl::context tls_;
  std::mutex idle_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace telegram

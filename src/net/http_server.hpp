#pragma once
// A small HTTP/1.1 server: one coroutine per connection, keep-alive, and limits that keep a
// slow or hostile client from holding it (DESIGN.md §1, the webhook faces the internet):
//   connections at once      over the cap: 503 and close, at once; also from one client
//                            address, so one client cannot take every slot
//   time to send a head      from the first byte of a request to its blank line (slowloris)
//   head size                431, then close
//   body size                413 from Content-Length, before reading; 413 for a chunked
//                            body once it passes the limit
//   idle keep-alive time     then the connection is closed
// A request is first shown to the head check, which may refuse it from its method, target
// and headers alone: the body of a refused request is never read (nor buffered). An admitted
// request is read whole and given to the handler; its answer is written, and `after` says
// whether the client got it. The webhook (telegram::WebhookServer) and the operations
// endpoints (ops::http::OpsServer) are both this server with their own checks and limits.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/asio.hpp"

namespace net {

struct HttpLimits {
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_address = 0;  // 0: no cap of its own
  std::chrono::milliseconds head_timeout{10'000};
  std::chrono::milliseconds idle_timeout{75'000};      // keep-alive, between requests
  std::chrono::milliseconds transfer_timeout{30'000};  // reading a body; writing an answer
  std::uint32_t max_head_bytes = 16 * 1024;
  std::uint64_t max_body_bytes = 1 << 20;
};

struct Response {
  Response() = default;
  Response(int status_code, std::string body_text,
           std::function<void(bool written)> after_written = nullptr)
      : status(status_code), body(std::move(body_text)), after(std::move(after_written)) {}

  int status = 200;
  std::string body;
  // Called once the response was written (true) or could not be (false).
  std::function<void(bool written)> after;
  std::string_view content_type = "application/json";
  std::string_view allow;  // the Allow header of a 405 (e.g. "GET"); empty: none
};

using RequestHead = http::request_header<>;
using Request = http::request<http::string_body>;

struct HttpCounters {
  // The statuses a refusal has (by the head check or a limit), for refused_by_status.
  static constexpr std::array<int, 7> kRefusalStatuses{400, 401, 403, 404, 405, 413, 431};

  std::atomic<std::int64_t> connections{0};     // accepted in all
  std::atomic<std::int64_t> requests{0};        // heads read
  std::atomic<std::int64_t> refused{0};         // answered by the head check or a limit
  std::atomic<std::int64_t> over_capacity{0};   // connections turned away at the cap
  std::atomic<std::int64_t> over_address_capacity{0};  // ... at the cap of their address
  std::atomic<std::int64_t> head_timeouts{0};   // a head not sent in time
  std::atomic<std::int64_t> accept_errors{0};   // accepts that failed (out of descriptors)
  // Refusals by status, in the order of kRefusalStatuses; the last: any other status.
  std::array<std::atomic<std::int64_t>, kRefusalStatuses.size() + 1> refused_by_status{};

  void count_refusal(int status);
};

class HttpServer {
 public:
  // nullopt admits the request; a response refuses it unread. `content_length` is the
  // declared body size, if any.
  using HeadCheck =
      std::function<std::optional<Response>(const RequestHead& head,
                                            std::optional<std::uint64_t> content_length)>;
  using Handler = std::function<awaitable<Response>(Request request)>;

  // Binds and listens at once (throws if the address is taken); serves after start().
  HttpServer(asio::any_io_executor executor, tcp::endpoint endpoint, HttpLimits limits,
             HeadCheck check, Handler handler);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Stops accepting (as stop()). May run on any thread while the executor's threads run.
  ~HttpServer();

  // The port actually bound (for port 0).
  unsigned short port() const;
  void start();
  // Stops accepting; connections finish their request in flight.
  void stop();

  const HttpCounters& counters() const;
  // Connections open now.
  std::size_t open_connections() const;

 private:
  // What the accept loop and the connections use. Each of their coroutines holds it, so one
  // that resumes after the server is gone (an accept completing while another thread destroys
  // the server, or a shutdown destroying the io_context later) touches live memory. The check
  // and the handler are the owner's: they must outlive the connections in flight (stop or run
  // out the io_context before destroying what they use).
  struct Core;
  static awaitable<void> accept_loop(std::shared_ptr<Core> core);
  static awaitable<void> serve(std::shared_ptr<Core> core, tcp::socket socket, std::string address);
  static awaitable<void> turn_away(tcp::socket socket);

  std::shared_ptr<Core> core_;
};

// A JSON body {"error": "<what>"} for refusals.
std::string json_error(std::string_view what);

}  // namespace net

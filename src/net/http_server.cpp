#include "net/http_server.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <limits>
#include <mutex>
#include <unordered_map>

namespace net {

std::string json_error(std::string_view what) {
  std::string body = R"({"error":")";
  for (char c : what) {
    // Our own fixed words only; anything unusual is dropped rather than escaped.
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) body += c;
  }
  body += "\"}";
  return body;
}

void HttpCounters::count_refusal(int status) {
  refused++;
  std::size_t i = 0;
  while (i < kRefusalStatuses.size() && kRefusalStatuses[i] != status) ++i;
  refused_by_status[i]++;
}

struct HttpServer::Core {
  Core(asio::any_io_executor ex, HttpLimits lim, HeadCheck head_check, Handler request_handler)
      : executor(ex),
        acceptor(ex),
        limits(lim),
        check(std::move(head_check)),
        handler(std::move(request_handler)) {}

  asio::any_io_executor executor;
  tcp::acceptor acceptor;
  HttpLimits limits;
  HeadCheck check;
  Handler handler;
  std::atomic<std::size_t> open{0};
  HttpCounters counters;
  // Connections open per client address, while limits.max_connections_per_address is set
  // (accepts and closes happen on every thread of the executor).
  std::mutex by_address_mutex;
  std::unordered_map<std::string, std::size_t> by_address;

  // Takes a slot of `address`; false when it has none left.
  bool take_address_slot(const std::string& address) {
    if (limits.max_connections_per_address == 0) return true;
    std::lock_guard lock(by_address_mutex);
    auto& n = by_address[address];
    if (n >= limits.max_connections_per_address) return false;
    ++n;
    return true;
  }
  void release_address_slot(const std::string& address) {
    if (limits.max_connections_per_address == 0) return;
    std::lock_guard lock(by_address_mutex);
    auto it = by_address.find(address);
    if (it != by_address.end() && --it->second == 0) by_address.erase(it);
  }
};

HttpServer::HttpServer(asio::any_io_executor executor, tcp::endpoint endpoint, HttpLimits limits,
                       HeadCheck check, Handler handler)
    : core_(std::make_shared<Core>(executor, limits, std::move(check), std::move(handler))) {
  auto& acceptor = core_->acceptor;
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
}

HttpServer::~HttpServer() { stop(); }

unsigned short HttpServer::port() const { return core_->acceptor.local_endpoint().port(); }

const HttpCounters& HttpServer::counters() const { return core_->counters; }

std::size_t HttpServer::open_connections() const { return core_->open; }

void HttpServer::start() { asio::co_spawn(core_->executor, accept_loop(core_), asio::detached); }

void HttpServer::stop() {
  // On the acceptor's executor: an acceptor is not safe to close from another thread while
  // its accept is pending.
  asio::post(core_->acceptor.get_executor(), [core = core_] {
    beast::error_code ignored;
    core->acceptor.close(ignored);
  });
}

awaitable<void> HttpServer::accept_loop(std::shared_ptr<Core> core) {
  // An accept that fails (out of file descriptors, above all) fails again at once: without
  // a pause the loop would spin a core and starve the connections it serves.
  constexpr std::chrono::milliseconds kFirstPause{50};
  constexpr std::chrono::milliseconds kLongestPause{1000};
  auto pause = kFirstPause;
  std::chrono::steady_clock::time_point last_logged{};
  asio::steady_timer timer(core->executor);
  while (core->acceptor.is_open()) {
    beast::error_code ec;
    // Each connection on a strand of its own: the executor may run on several threads, and
    // a stream's timer handler (head and transfer timeouts) and its reads and writes must
    // not run at once (they did: a head timeout was sometimes reported as another error).
    asio::any_io_executor strand = asio::make_strand(core->executor);
    auto socket = co_await core->acceptor.async_accept(strand, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (!core->acceptor.is_open()) co_return;
      core->counters.accept_errors++;
      const auto now = std::chrono::steady_clock::now();
      if (now - last_logged >= std::chrono::minutes(1)) {
        last_logged = now;
        const auto why = ec.message();
        spdlog::error("cannot accept connections on port {}: {} (retrying; logged once a minute)",
                      core->acceptor.local_endpoint(ec).port(), why);
      }
      timer.expires_after(pause);
      co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
      pause = std::min(pause * 2, kLongestPause);
      continue;
    }
    pause = kFirstPause;
    core->counters.connections++;
    if (core->open >= core->limits.max_connections) {
      core->counters.over_capacity++;
      asio::co_spawn(strand, turn_away(std::move(socket)), asio::detached);
      continue;
    }
    std::string address;
    if (core->limits.max_connections_per_address > 0) {
      address = socket.remote_endpoint(ec).address().to_string();
      if (ec || !core->take_address_slot(address)) {
        core->counters.over_address_capacity++;
        asio::co_spawn(strand, turn_away(std::move(socket)), asio::detached);
        continue;
      }
    }
    socket.set_option(tcp::no_delay(true), ec);
    ++core->open;
    asio::co_spawn(strand, serve(core, std::move(socket), std::move(address)), asio::detached);
  }
}

namespace {

http::response<http::string_body> make_response(unsigned version, bool keep_alive,
                                                const Response& answer, std::string body) {
  http::response<http::string_body> res{static_cast<http::status>(answer.status), version};
  res.set(http::field::content_type,
          beast::string_view(answer.content_type.data(), answer.content_type.size()));
  if (!answer.allow.empty()) {
    res.set(http::field::allow, beast::string_view(answer.allow.data(), answer.allow.size()));
  }
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// Closing a socket with unread input makes the kernel reset the connection, and the
// client may lose our answer. So after refusing a request: stop sending, read and drop
// what the client still sends (bounded in bytes and time), then close.
awaitable<void> linger(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, 16384> scratch;
  std::size_t dropped = 0;
  while (!ec && dropped < (4u << 20)) {
    dropped += co_await stream.async_read_some(asio::buffer(scratch),
                                               asio::redirect_error(use_awaitable, ec));
  }
  stream.socket().close(ec);
}

// Writes a refusal and closes the connection (its unread rest makes it useless).
awaitable<void> refuse(beast::tcp_stream& stream, unsigned version, const Response& answer,
                       std::chrono::milliseconds timeout) {
  auto res = make_response(version, false, answer, answer.body);
  stream.expires_after(timeout);
  beast::error_code ec;
  co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
  if (!ec) co_await linger(stream);
}

}  // namespace

awaitable<void> HttpServer::turn_away(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  Response busy{503, json_error("too many connections"), nullptr};
  auto res = make_response(11, false, busy, busy.body);
  stream.expires_after(std::chrono::seconds(1));
  beast::error_code ec;
  co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream.socket().close(ec);
}

awaitable<void> HttpServer::serve(std::shared_ptr<Core> core, tcp::socket socket, std::string address) {
  struct Slot {
    Core& core;
    std::string address;
    ~Slot() {
      core.release_address_slot(address);
      --core.open;
    }
  } slot{*core, std::move(address)};
  const HttpLimits& limits = core->limits;
  HttpCounters& counters = core->counters;
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  bool first = true;
  try {
    while (true) {
      if (!first && buffer.size() == 0) {
        // Keep-alive: wait for the next request's first byte; its head then has head_timeout.
        stream.expires_after(limits.idle_timeout);
        beast::error_code ec;
        auto n = co_await stream.async_read_some(buffer.prepare(4096),
                                                 asio::redirect_error(use_awaitable, ec));
        if (ec) break;
        buffer.commit(n);
      }
      first = false;

      http::request_parser<http::string_body> parser;
      parser.header_limit(limits.max_head_bytes);
      // Beast checks Content-Length against the body limit while reading the header and
      // fails the read; we want to answer 413 instead, so the limit is set after it.
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      stream.expires_after(limits.head_timeout);
      beast::error_code ec;
      const std::size_t head_bytes = co_await http::async_read_header(
          stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      if (ec == beast::error::timeout) {
        counters.head_timeouts++;
        break;
      }
      // Beast (1.74) applies header_limit to the request line and to the fields apart, so
      // it takes heads of up to twice the limit: the whole head is measured here.
      if (ec == http::error::header_limit || (!ec && head_bytes > limits.max_head_bytes)) {
        counters.count_refusal(431);
        co_await refuse(stream, 11, {431, json_error("request head too large"), nullptr},
                        limits.transfer_timeout);
        co_return;
      }
      if (ec) break;
      counters.requests++;
      const auto& head = parser.get();
      const unsigned version = head.version();

      std::optional<std::uint64_t> length;
      if (parser.content_length()) length = *parser.content_length();
      std::optional<Response> refusal = core->check ? core->check(head, length) : std::nullopt;
      if (!refusal && length && *length > limits.max_body_bytes) {
        refusal = Response{413, json_error("body too large"), nullptr};
      }
      if (refusal) {
        counters.count_refusal(refusal->status);
        co_await refuse(stream, version, *refusal, limits.transfer_timeout);
        co_return;
      }

      parser.body_limit(limits.max_body_bytes);  // for chunked bodies without a length
      stream.expires_after(limits.transfer_timeout);
      co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      if (ec == http::error::body_limit) {
        counters.count_refusal(413);
        co_await refuse(stream, version, {413, json_error("body too large"), nullptr},
                        limits.transfer_timeout);
        co_return;
      }
      if (ec) break;
      const bool keep_alive = parser.get().keep_alive();
      auto answer = co_await core->handler(parser.release());
      auto res = make_response(version, keep_alive, answer, std::move(answer.body));
      stream.expires_after(limits.transfer_timeout);
      beast::error_code write_error;
      co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, write_error));
      if (answer.after) answer.after(!write_error);
      if (write_error || !keep_alive) break;
    }
  } catch (const std::exception& e) {
    spdlog::debug("http connection closed: {}", e.what());
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace net

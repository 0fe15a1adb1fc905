#include "telegram/webhook_server.hpp"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>

namespace telegram {

bool secret_matches(std::string_view presented, std::string_view expected) {
  // Compare over the expected length whatever was presented, so timing reveals nothing
  // of the secret; the length check comes last.
  std::string padded(expected.size(), '\0');
  std::copy_n(presented.begin(), std::min(presented.size(), expected.size()), padded.begin());
  bool same = CRYPTO_memcmp(padded.data(), expected.data(), expected.size()) == 0;
  return same && presented.size() == expected.size() && !expected.empty();
}

WebhookServer::WebhookServer(asio::any_io_executor executor, tcp::endpoint endpoint,
                             WebhookOptions options, Handler handler)
    : executor_(executor),
      acceptor_(executor),
      options_(std::move(options)),
      handler_(std::move(handler)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

unsigned short WebhookServer::port() const { return acceptor_.local_endpoint().port(); }

void WebhookServer::start() { asio::co_spawn(executor_, accept_loop(), asio::detached); }

void WebhookServer::stop() {
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
}

awaitable<void> WebhookServer::accept_loop() {
  while (acceptor_.is_open()) {
    beast::error_code ec;
    auto socket = co_await acceptor_.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (!acceptor_.is_open()) co_return;
      continue;
    }
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(executor_, serve(std::move(socket)), asio::detached);
  }
}

namespace {

http::response<http::string_body> plain(unsigned version, bool keep_alive, http::status status,
                                        std::string body) {
  http::response<http::string_body> res{status, version};
  res.set(http::field::content_type, "application/json");
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

}  // namespace

awaitable<void> WebhookServer::serve(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  try {
    while (true) {
      http::request_parser<http::string_body> parser;
      // Beast checks Content-Length against the body limit while reading the header and
      // fails the read; we want to answer 413 instead, so the limit is set after it.
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      stream.expires_after(options_.idle_timeout);
      co_await http::async_read_header(stream, buffer, parser, use_awaitable);
      auto& head = parser.get();
      unsigned version = head.version();
      requests_++;

      std::optional<http::response<http::string_body>> refusal;
      auto target = head.target();
      auto secret = head["X-Telegram-Bot-Api-Secret-Token"];
      if (std::string_view(target.data(), target.size()) != options_.path) {
        refusal = plain(version, false, http::status::not_found, R"({"error":"not found"})");
      } else if (head.method() != http::verb::post) {
        refusal = plain(version, false, http::status::method_not_allowed,
                        R"({"error":"POST only"})");
      } else if (!secret_matches(std::string_view(secret.data(), secret.size()),
                                 options_.secret)) {
        refusal = plain(version, false, http::status::unauthorized,
                        R"({"error":"wrong secret token"})");
      } else if (parser.content_length() && *parser.content_length() > options_.max_body_bytes) {
        refusal = plain(version, false, http::status::payload_too_large,
                        R"({"error":"body too large"})");
      }
      if (refusal) {
        refused_++;
        co_await http::async_write(stream, *refusal, use_awaitable);
        co_await linger(stream);  // the unread body makes the connection useless
        co_return;
      }

      parser.body_limit(options_.max_body_bytes);  // for chunked bodies without a length
      beast::error_code ec;
      co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      if (ec == http::error::body_limit) {
        refused_++;
        auto res = plain(version, false, http::status::payload_too_large,
                         R"({"error":"body too large"})");
        co_await http::async_write(stream, res, use_awaitable);
        co_await linger(stream);
        co_return;
      }
      if (ec) break;
      bool keep_alive = parser.get().keep_alive();
      auto answer = co_await handler_(std::move(parser.get().body()));
      auto res = plain(version, keep_alive, static_cast<http::status>(answer.status),
                       std::move(answer.body));
      beast::error_code write_error;
      co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, write_error));
      if (answer.after) answer.after(!write_error);
      if (write_error || !keep_alive) break;
    }
  } catch (const std::exception& e) {
    spdlog::debug("webhook connection closed: {}", e.what());
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace telegram

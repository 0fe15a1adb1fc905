#include "telegram/http_client.hpp"

#include <openssl/ssl.h>

#include <variant>

namespace telegram {

namespace {
constexpr std::size_t kMaxResponseBytes = 64 * 1024 * 1024;
constexpr std::size_t kMaxIdleConnections = 64;
}  // namespace

struct HttpClient::Connection {
  explicit Connection(asio::any_io_executor ex) : stream(std::in_place_index<0>, ex) {}
  Connection(asio::any_io_executor ex, asio::ssl::context& tls)
      : stream(std::in_place_index<1>, ex, tls) {}

  beast::tcp_stream& tcp() {
    if (auto* plain = std::get_if<0>(&stream)) return *plain;
    return beast::get_lowest_layer(std::get<1>(stream));
  }

  std::variant<beast::tcp_stream, beast::ssl_stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(asio::any_io_executor executor, BaseUrl base)
    : executor_(std::move(executor)), base_(std::move(base)), tls_(asio::ssl::context::tls_client) {
  tls_.set_default_verify_paths();
  tls_.set_verify_mode(asio::ssl::verify_peer);
}

HttpClient::~HttpClient() = default;

void HttpClient::close_idle() {
  std::lock_guard lock(idle_mutex_);
  idle_.clear();
}

std::unique_ptr<HttpClient::Connection> HttpClient::take_idle() {
  std::lock_guard lock(idle_mutex_);
  if (idle_.empty()) return nullptr;
  auto c = std::move(idle_.back());
  idle_.pop_back();
  return c;
}

void HttpClient::give_back(std::unique_ptr<Connection> c) {
  std::lock_guard lock(idle_mutex_);
  if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(c));
}

awaitable<std::unique_ptr<HttpClient::Connection>> HttpClient::connect(
    std::chrono::milliseconds timeout) {
  tcp::resolver resolver(executor_);
  auto endpoints = co_await resolver.async_resolve(base_.host, base_.port, use_awaitable);
  // The stream on a strand of its own: the executor may run on several threads, and the
  // stream's timeout handler must not run at once with its reads and writes.
  asio::any_io_executor strand = asio::make_strand(executor_);
  auto c = base_.tls ? std::make_unique<Connection>(strand, tls_)
                     : std::make_unique<Connection>(strand);
  c->tcp().expires_after(timeout);
  co_await c->tcp().async_connect(endpoints, use_awaitable);
  c->tcp().socket().set_option(tcp::no_delay(true));
  if (auto* secure = std::get_if<1>(&c->stream)) {
    // SNI and host name verification: the certificate must be for the host we asked for.
    // SSL_set_tlsext_host_name is a macro with an old-style cast; this is what it expands to.
    if (SSL_ctrl(secure->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(base_.host.c_str())) == 0) {
      throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                  asio::error::get_ssl_category()));
    }
    secure->set_verify_callback(asio::ssl::host_name_verification(base_.host));
    co_await secure->async_handshake(asio::ssl::stream_base::client, use_awaitable);
  }
  co_return c;
}

awaitable<HttpResponse> HttpClient::post(std::string path, std::string body,
                                         std::chrono::milliseconds timeout,
                                         std::string content_type) {
  http::request<http::string_body> request{http::verb::post, base_.path + path, 11};
  request.set(http::field::host, base_.host);
  request.set(http::field::content_type, content_type);
  request.set(http::field::user_agent, "gofrobot");
  request.keep_alive(true);
  request.body() = std::move(body);
  request.prepare_payload();

  HttpResponse result;
  // A reused connection may have been closed by the server while idle; such a failure
  // before any answer is retried once on a fresh connection.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto c = take_idle();
    bool reused = c != nullptr;
    bool answered = false;
    try {
      if (!c) c = co_await connect(timeout);
      c->tcp().expires_after(timeout);
      http::response_parser<http::string_body> parser;
      parser.body_limit(kMaxResponseBytes);
      if (auto* plain = std::get_if<0>(&c->stream)) {
        co_await http::async_write(*plain, request, use_awaitable);
        co_await http::async_read(*plain, c->buffer, parser, use_awaitable);
      } else {
        auto& secure = std::get<1>(c->stream);
        co_await http::async_write(secure, request, use_awaitable);
        co_await http::async_read(secure, c->buffer, parser, use_awaitable);
      }
      answered = true;
      auto response = parser.release();
      result.status = static_cast<int>(response.result_int());
      result.body = std::move(response.body());
      result.error.clear();
      c->tcp().expires_never();
      if (response.keep_alive()) give_back(std::move(c));
      co_return result;
    } catch (const beast::system_error& e) {
      result.status = 0;
      result.error = e.code().message();
      if (!reused || answered) break;
    } catch (const std::exception& e) {
      result.status = 0;
      result.error = e.what();
      break;
    }
  }
  co_return result;
}

}  // namespace telegram

#include "app/healthcheck_command.hpp"

#include <fmt/format.h>

#include <optional>

#include "net/asio.hpp"
#include "ops/listen_address.hpp"

namespace app {
namespace {

using namespace net::names;

// /health's answer is a few hundred bytes; a bigger one is not ours.
constexpr std::size_t kMaxBodyBytes = 64 * 1024;

struct Target {
  tcp::endpoint endpoint;
  std::string url;  // for the line: http://127.0.0.1:9090/health
};

// ops.listen as an address to connect to: every interface is asked on the loopback.
std::optional<Target> target_of(const std::string& listen, std::string& why) {
  const auto parsed = ops::parse_listen_address(listen);
  if (!parsed.address) {
    why = fmt::format("ops.listen \"{}\": {}", listen, parsed.error);
    return std::nullopt;
  }
  if (parsed.address->port == 0) {
    why = fmt::format("ops.listen \"{}\" has port 0 (any free port): set a fixed port to check it",
                      listen);
    return std::nullopt;
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(parsed.address->host, ec);
  if (ec) {
    why = fmt::format("ops.listen \"{}\": the host is not an IP address", listen);
    return std::nullopt;
  }
  if (address.is_unspecified()) {
    address = address.is_v6() ? asio::ip::address(asio::ip::address_v6::loopback())
                              : asio::ip::address(asio::ip::address_v4::loopback());
  }
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return Target{tcp::endpoint(address, parsed.address->port),
                fmt::format("http://{}:{}/health", host, parsed.address->port)};
}

// The "status" field of /health's JSON, or empty: enough for the line, no JSON parser needed.
std::string status_field(const std::string& body) {
  constexpr std::string_view key = R"("status":")";
  const auto start = body.find(key);
  if (start == std::string::npos) return {};
  const auto from = start + key.size();
  const auto end = body.find('"', from);
  return end == std::string::npos ? std::string() : body.substr(from, end - from);
}

awaitable<HealthcheckResult> ask(Target target, std::chrono::milliseconds timeout) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  // One deadline for the connection, the request and the answer together.
  stream.expires_after(timeout);
  try {
    co_await stream.async_connect(target.endpoint, use_awaitable);
    http::request<http::empty_body> request{http::verb::get, "/health", 11};
    request.set(http::field::host, target.endpoint.address().to_string());
    request.set(http::field::user_agent, "gofrobot-healthcheck");
    request.keep_alive(false);
    co_await http::async_write(stream, request, use_awaitable);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    co_await http::async_read(stream, buffer, parser, use_awaitable);
    const auto& response = parser.get();
    const int status = static_cast<int>(response.result_int());
    const std::string field = status_field(response.body());
    const std::string said = field.empty() ? std::string() : fmt::format(", status \"{}\"", field);
    co_return HealthcheckResult{status == 200,
                                fmt::format("{}: HTTP {}{}", target.url, status, said)};
  } catch (const boost::system::system_error& e) {
    if (e.code() == beast::error::timeout) {
      co_return HealthcheckResult{false,
                                  fmt::format("{}: no answer within {} ms", target.url, timeout.count())};
    }
    co_return HealthcheckResult{false, fmt::format("{}: {}", target.url, e.code().message())};
  }
}

}  // namespace

HealthcheckResult check_health(const std::string& listen, std::chrono::milliseconds timeout) {
  std::string why;
  auto target = target_of(listen, why);
  if (!target) return {false, why};
  asio::io_context io;
  auto answer = asio::co_spawn(io, ask(std::move(*target), timeout), asio::use_future);
  io.run();
  try {
    return answer.get();
  } catch (const std::exception& e) {
    return {false, e.what()};
  }
}

int run_healthcheck(const ops::Config& config, std::chrono::milliseconds timeout,
                    std::ostream& out, std::ostream& err) {
  const auto result = check_health(config.ops.listen, timeout);
  if (result.healthy) {
    out << "healthy: " << result.line << '\n';
    return 0;
  }
  err << "unhealthy: " << result.line << '\n';
  return 1;
}

}  // namespace app

#include "ops/http/ops_server.hpp"

#include "ops/metrics/registry.hpp"

namespace ops::http {
namespace {

using namespace std::chrono_literals;
namespace http = net::http;

std::string_view path_of(const net::RequestHead& head) {
  std::string_view target(head.target().data(), head.target().size());
  return target.substr(0, target.find('?'));
}

bool known(std::string_view path) {
  return path == "/metrics" || path == "/health" || path == "/ready";
}

}  // namespace

net::HttpLimits ops_limits() {
  return {.max_connections = 32,
          .head_timeout = 5s,
          .idle_timeout = 30s,
          .transfer_timeout = 10s,
          .max_head_bytes = 8 * 1024,
          .max_body_bytes = 4 * 1024};
}

OpsServer::OpsServer(net::asio::any_io_executor executor, net::tcp::endpoint endpoint,
                     Endpoints endpoints)
    : endpoints_(std::move(endpoints)),
      server_(
          executor, endpoint, ops_limits(),
          [](const net::RequestHead& head,
             std::optional<std::uint64_t>) -> std::optional<net::Response> {
            if (!known(path_of(head))) return net::Response{404, net::json_error("not found")};
            if (head.method() != http::verb::get && head.method() != http::verb::head) {
              net::Response refusal{405, net::json_error("GET only")};
              refusal.allow = "GET, HEAD";
              return refusal;
            }
            return std::nullopt;
          },
          [this](net::Request request) { return answer(std::move(request)); }) {}

net::awaitable<net::Response> OpsServer::answer(net::Request request) {
  const auto path = path_of(request);
  net::Response response;
  if (path == "/metrics") {
    response = net::Response{200, endpoints_.metrics()};
    response.content_type = metrics::kTextContentType;
  } else if (path == "/health") {
    response = net::Response{200, endpoints_.health()};
  } else {
    auto ready = co_await endpoints_.ready();
    response = net::Response{ready.ready ? 200 : 503, std::move(ready.json)};
  }
  // HEAD: the same status and headers, no body (Content-Length then says 0).
  if (request.method() == http::verb::head) response.body.clear();
  co_return response;
}

}  // namespace ops::http

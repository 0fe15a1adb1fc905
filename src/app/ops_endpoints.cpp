#include "app/ops_endpoints.hpp"

#include <stdexcept>

#include "ops/listen_address.hpp"

namespace app {

OpsEndpoints::OpsEndpoints(const std::string& listen, ops::http::Endpoints endpoints)
    : work_(io_.get_executor()) {
  auto parsed = ops::parse_listen_address(listen);
  if (!parsed.address) throw std::runtime_error("ops.listen: " + parsed.error);
  try {
    const net::tcp::endpoint endpoint(net::asio::ip::make_address(parsed.address->host),
                                      parsed.address->port);
    server_ = std::make_unique<ops::http::OpsServer>(io_.get_executor(), endpoint,
                                                     std::move(endpoints));
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + listen + " (ops.listen): " + e.what());
  }
  port_ = server_->port();
  const auto& host = parsed.address->host;
  address_ = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
             std::to_string(port_);
  server_->start();
  thread_ = std::thread([this] { io_.run(); });
}

OpsEndpoints::~OpsEndpoints() { stop(); }

void OpsEndpoints::stop() {
  if (!thread_.joinable()) return;
  io_.stop();
  thread_.join();
}

}  // namespace app

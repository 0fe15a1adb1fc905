#pragma once
// The operations endpoints of `gofrobot run` (/metrics, /health, /ready on ops.listen) on an
// io_context and a thread of their own, started before anything else (so /health answers and
// /ready says why not while the database migrates) and stopped after everything the
// metrics read is gone: call stop() before those parts are destroyed.
#include <memory>
#include <string>
#include <thread>

#include "net/asio.hpp"
#include "ops/http/ops_server.hpp"

namespace app {

class OpsEndpoints {
 public:
  // Binds ops.listen ("HOST:PORT", port 0: any free port) and serves; throws
  // std::runtime_error (with the address and the reason) when it cannot.
  OpsEndpoints(const std::string& listen, ops::http::Endpoints endpoints);
  ~OpsEndpoints();
  OpsEndpoints(const OpsEndpoints&) = delete;
  OpsEndpoints& operator=(const OpsEndpoints&) = delete;

  unsigned short port() const { return port_; }
  // HOST:PORT as bound (the port the system chose for port 0).
  const std::string& address() const { return address_; }
  // Stops serving and joins the thread (idempotent).
  void stop();

 private:
  net::asio::io_context io_;
  net::asio::executor_work_guard<net::asio::io_context::executor_type> work_;
  std::unique_ptr<ops::http::OpsServer> server_;
  unsigned short port_ = 0;
  std::string address_;
  std::thread thread_;
};

}  // namespace app

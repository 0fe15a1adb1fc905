#pragma once
// The operations endpoints on ops.listen, a port of their own (never the webhook's), on an
// io_context of their own: a flood of updates cannot starve a scrape, nor a scrape the
// updates (docs/OPERATIONS.md).
//   GET /metrics   the Prometheus text format 0.0.4
//   GET /health    liveness: 200 and JSON while the process serves; never touches the database
//   GET /ready     readiness: 200 or 503, with the reasons, as JSON
//   HEAD too; another path 404, another method 405. Small limits: these are for a scraper
//   and a prober, not the public.
// What each answer says comes from the callbacks; this file knows HTTP only.
#include <functional>
#include <string>

#include "net/http_server.hpp"

namespace ops::http {

struct ReadyAnswer {
  bool ready = false;
  std::string json;
};

struct Endpoints {
  std::function<std::string()> metrics;  // must not block
  std::function<std::string()> health;   // must not block
  std::function<net::awaitable<ReadyAnswer>()> ready;  // bounded in time by the callee
};

// The limits of the ops port: a few scrapers and probers, GET requests without bodies.
net::HttpLimits ops_limits();

class OpsServer {
 public:
  // Binds at once (throws if the address is taken).
  OpsServer(net::asio::any_io_executor executor, net::tcp::endpoint endpoint, Endpoints endpoints);
  unsigned short port() const { return server_.port(); }
  void start() { server_.start(); }
  void stop() { server_.stop(); }
  const net::HttpCounters& counters() const { return server_.counters(); }

 private:
  net::awaitable<net::Response> answer(net::Request request);

  Endpoints endpoints_;
  net::HttpServer server_;
};

}  // namespace ops::http

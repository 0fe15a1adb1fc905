#pragma once
// A small HTTP/1.1 server for the benchmark's own servers (the ceiling server and the Bot
// API sink), shaped like the bot's webhook server (telegram/webhook_server.cpp): Boost.Beast,
// one C++20 coroutine per connection, keep-alive, request bodies read as strings, TCP_NODELAY,
// and the same number of I/O threads as `gofrobot run`. Loopback only; the process exits by
// itself after --max-seconds.
//
// Command line shared by both servers:
//   --port N (0: any free port)  --port-file FILE (the bound port is written there)
//   --threads T (2 unless the server says otherwise)  --max-seconds S (3600)
#include <utility>  // before Asio: Boost 1.74 + GCC 12 pitfall (DESIGN.md §7)

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>
#include <vector>

#include "common/util.hpp"

namespace bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
using Handler = std::function<asio::awaitable<Response>(Request&)>;

inline Response json_response(const Request& req, std::string body,
                              http::status status = http::status::ok) {
  Response res{status, req.version()};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

inline asio::awaitable<void> serve_connection(tcp::socket socket, const Handler& handler) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  try {
    while (true) {
      Request req;
      co_await http::async_read(stream, buffer, req, asio::use_awaitable);
      auto res = co_await handler(req);
      co_await http::async_write(stream, res, asio::use_awaitable);
      if (!res.keep_alive()) break;
    }
  } catch (const std::exception&) {
    // The client closed the connection (or sent garbage): nothing to do.
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

inline asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, const Handler& handler) {
  while (acceptor.is_open()) {
    beast::error_code ec;
    auto socket =
        co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (!acceptor.is_open()) co_return;
      continue;
    }
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(acceptor.get_executor(), serve_connection(std::move(socket), handler),
                   asio::detached);
  }
}

// Serves on 127.0.0.1 until SIGINT/SIGTERM or --max-seconds; returns the exit code.
inline int run_server(const Args& args, const Handler& handler, std::string_view name,
                      std::int64_t default_threads = 2) {
  asio::io_context io;
  tcp::acceptor acceptor(io);
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"),
                         static_cast<unsigned short>(args.num("port", 0)));
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  const auto port = acceptor.local_endpoint().port();
  if (args.has("port-file")) {
    std::ofstream(args.str("port-file") + ".tmp") << port << '\n';
    std::rename((args.str("port-file") + ".tmp").c_str(), args.str("port-file").c_str());
  }
  std::cerr << name << ": listening on 127.0.0.1:" << port << '\n';

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  asio::steady_timer lifetime(io, std::chrono::seconds(args.num("max-seconds", 3600)));
  lifetime.async_wait([&](const boost::system::error_code& ec) {
    if (!ec) {
      std::cerr << name << ": --max-seconds reached, exiting\n";
      io.stop();
    }
  });
  asio::co_spawn(io, accept_loop(acceptor, handler), asio::detached);

  const auto threads = std::max<std::int64_t>(1, args.num("threads", default_threads));
  std::vector<std::thread> pool;
  for (std::int64_t i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  return 0;
}

}  // namespace bench

// ceiling_server: the fastest the bot's webhook could be on this machine. A minimal
// Boost.Beast server, built with the same flags and shaped like the webhook server (one
// coroutine per keep-alive connection, two I/O threads), that answers every POST with a
// fixed JSON body of the size of a typical webhook reply (a Bot API method call riding in
// the response). It reads the request and does nothing else: no JSON, no engine, no commit.
//
//   ceiling_server [--body-bytes N (600)] [--port N] [--port-file F] [--threads T]
//                  [--max-seconds S]
#include "common/http_server.hpp"

int main(int argc, char** argv) try {
  bench::Args args(argc, argv);
  const auto size = static_cast<std::size_t>(std::max<std::int64_t>(64, args.num("body-bytes", 600)));
  std::string body = R"({"method":"answerCallbackQuery","callback_query_id":"4382000000000001","text":")";
  const std::string tail = "\"}";
  if (body.size() + tail.size() < size) body.append(size - body.size() - tail.size(), 'x');
  body += tail;
  bench::Handler handler = [&body](bench::Request& req) -> bench::asio::awaitable<bench::Response> {
    if (req.method() != bench::http::verb::post) {
      co_return bench::json_response(req, R"({"error":"POST only"})",
                                     bench::http::status::method_not_allowed);
    }
    co_return bench::json_response(req, body);
  };
  return bench::run_server(args, handler, "ceiling_server");
} catch (const std::exception& e) {
  std::cerr << "ceiling_server: " << e.what() << '\n';
  return 1;
}

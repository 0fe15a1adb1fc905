// Feeds: any bytes as what a client sends the webhook, without a socket: Boost.Beast's
// request parser set up as net::HttpServer sets it up (the head limit; no body limit while
// the head is read, the body limit after), the parsed head through the webhook's own check
// (telegram::check_webhook_head: path, POST, secret), then the server's size rule and the
// body (Content-Length or chunked) with the body limit.
// Checks beyond "no crash":
//  * the check refuses exactly what it should, in its order: another target 404, then not
//    POST 405 (with Allow: POST), then a missing or wrong secret 401; everything else passes;
//  * Beast reads no head over twice the head limit (the server refuses any head over the
//    limit itself: Beast's limit counts the request line and the fields apart);
//  * a body read whole is within the body limit, however it was framed.
// Small limits (a head of 1 KiB, a body of 256 bytes) so that short inputs reach them.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "check.hpp"
#include "telegram/webhook_server.hpp"

using fuzz::check;

namespace {

namespace http = boost::beast::http;

const telegram::WebhookOptions& options() {
  static const telegram::WebhookOptions o = [] {
    telegram::WebhookOptions w;
    w.path = "/telegram/webhook";
    w.secret = "s3cr3t-T0ken";
    w.limits.max_head_bytes = 1024;
    w.limits.max_body_bytes = 256;
    return w;
  }();
  return o;
}

std::string_view view(boost::beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& o = options();
  http::request_parser<http::string_body> parser;
  parser.header_limit(o.limits.max_head_bytes);
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  boost::beast::error_code ec;
  const std::size_t used = parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;  // the server closes, or answers 431
  // Beast limits the request line and the fields apart (found by this target): the server
  // measures the whole head itself and answers 431 above the limit, unchecked.
  check(used <= 2 * o.limits.max_head_bytes, "Beast reads at most twice the head limit");
  if (used > o.limits.max_head_bytes) return 0;

  const auto& head = parser.get();
  const auto refusal = telegram::check_webhook_head(o, head);
  const bool right_path = view(head.target()) == o.path;
  const bool post = head.method() == http::verb::post;
  const auto secret = head["X-Telegram-Bot-Api-Secret-Token"];
  const bool right_secret = view(secret) == o.secret;
  if (!right_path) {
    check(refusal && refusal->status == 404, "another target is 404");
  } else if (!post) {
    check(refusal && refusal->status == 405 && refusal->allow == "POST", "not POST is 405");
  } else if (!right_secret) {
    check(refusal && refusal->status == 401, "a wrong secret is 401");
  } else {
    check(!refusal, "the right path, method and secret pass");
  }
  if (refusal) return 0;  // answered unread

  // The server's rule after the check: a declared length over the limit is 413, unread.
  if (parser.content_length() && *parser.content_length() > o.limits.max_body_bytes) return 0;
  parser.body_limit(o.limits.max_body_bytes);
  std::size_t offset = used;
  while (!parser.is_done() && offset < size) {
    const std::size_t n = parser.put(boost::asio::buffer(data + offset, size - offset), ec);
    if (ec == http::error::need_more) break;
    if (ec) return 0;  // body_limit is 413; anything else closes the connection
    if (n == 0) break;
    offset += n;
  }
  if (parser.is_done()) {
    check(parser.get().body().size() <= o.limits.max_body_bytes, "a body is within the limit");
  }
  return 0;
}

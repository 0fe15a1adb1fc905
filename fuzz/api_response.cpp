// Feeds: any bytes as the body of a Bot API answer ({"ok":...,"result":...}) through
// telegram::parse_response, and the answer with an HTTP status taken from the first two
// bytes through telegram::classify (how every caller decides: done, retry after, back off,
// give up). When the answer is ok, its result is parsed as what the methods return (a
// Message, a User, an array of Updates), as the callers do.
// Checks beyond "no crash, no throw":
//  * ok:true always carries a result (minified JSON, "null" for null);
//  * classify never says kOk for an answer parse_response refuses, gives the API's result
//    unchanged when it does, and a 429's wait is exactly the retry_after Telegram sent (a
//    value that does not fit must not wrap into another wait);
//  * no HTTP answer (status 0) is a network problem whatever the body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "check.hpp"
#include "telegram/bot_api.hpp"
#include "telegram/parse.hpp"

using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int status = (data[0] << 8 | data[1]) % 600;
  const std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);

  const auto parsed = telegram::parse_response(body);
  const auto* api = std::get_if<telegram::ApiResponse>(&parsed);
  if (api && api->ok) {
    check(!api->result.empty(), "ok:true has a result");
    // What the callers parse out of a result; none may crash on it.
    (void)telegram::parse_message(api->result);
    (void)telegram::parse_user(api->result);
    (void)telegram::parse_updates(api->result);
  }

  const auto r = telegram::classify(telegram::HttpResponse{status, body, {}});
  check(r.http_status == status, "the status is kept");
  if (status == 0) {
    check(r.kind == telegram::ApiResult::Kind::kNetwork, "no answer is a network problem");
    return 0;
  }
  if (!api) {
    check(r.kind == telegram::ApiResult::Kind::kNetwork ||
              r.kind == telegram::ApiResult::Kind::kServerError,
          "a body that is not the Bot API's is retried");
    return 0;
  }
  check((r.kind == telegram::ApiResult::Kind::kOk) == api->ok, "ok follows the answer");
  if (api->ok) check(r.result == api->result, "the result is the API's");
  if (r.kind == telegram::ApiResult::Kind::kRetryAfter && api->retry_after) {
    check(r.retry_after == *api->retry_after, "the wait is the retry_after sent");
  }
  return 0;
}

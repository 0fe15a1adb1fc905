#pragma once
// Calls of Bot API methods: POST <base>/bot<token>/<method> with a JSON body, and the
// answer classified the way callers act on it. The token appears in request paths only,
// never in logs or errors.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "telegram/http_client.hpp"
#include "telegram/types.hpp"

namespace telegram {

struct ApiResult {
  enum class Kind {
    kOk,            // ok: true (result holds the raw JSON)
    kNetwork,       // no HTTP answer, or an answer that is not the Bot API's JSON
    kRetryAfter,    // 429: wait retry_after seconds
    kServerError,   // 5xx: retry with backoff
    kUnauthorized,  // 401: the token is wrong
    kConflict,      // 409: another getUpdates poller, or a webhook is set
    kNotModified,   // 400 "message is not modified": not an error for us
    kRejected,      // any other 4xx: this request will never succeed
  };
  Kind kind = Kind::kNetwork;
  int http_status = 0;
  std::string description;  // the API's words, or the network error
  int retry_after = 0;
  std::string result;  // raw JSON of "result" when kOk

  bool ok() const { return kind == Kind::kOk || kind == Kind::kNotModified; }
};

class ApiMetrics;

class BotApi {
 public:
  BotApi(HttpClient& http, std::string token);
  // Counts every call into `metrics` from now on (nullptr: none); the caller keeps it alive.
  void set_metrics(ApiMetrics* metrics) { metrics_ = metrics; }

  awaitable<ApiResult> call(std::string_view method, std::string body,
                            std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  HttpClient& http_;
  std::string token_;
  ApiMetrics* metrics_ = nullptr;
};

// Classifies an HTTP answer of the Bot API (exposed for tests).
ApiResult classify(const HttpResponse& response);

}  // namespace telegram

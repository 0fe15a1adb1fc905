#pragma once
// Calls of Bot API methods: POST <base>/bot<token>/<method> with a JSON body, and the
// answer classified the way callers act on it. The token appears in request paths only,
// never in logs or errors.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

  // A file upload (sendDocument): multipart/form-data with the text fields and one file.
  struct Upload {
    std::vector<std::pair<std::string, std::string>> fields;  // chat_id, caption…
    std::string file_field = "document";
    std::string filename;
    std::string content;  // the file's bytes
  };
  awaitable<ApiResult> upload(std::string_view method, Upload upload,
                              std::chrono::milliseconds timeout = std::chrono::minutes(5));

 private:
  HttpClient& http_;
  std::string token_;
  ApiMetrics* metrics_ = nullptr;
};

// Classifies an HTTP answer of the Bot API (exposed for tests).
ApiResult classify(const HttpResponse& response);

// The multipart/form-data body of an upload and its Content-Type (with the boundary, chosen
// so that it occurs in no part).
struct MultipartBody {
  std::string content_type;
  std::string body;
};
MultipartBody multipart_body(const BotApi::Upload& upload);

}  // namespace telegram

#include "telegram/bot_api.hpp"

#include <fmt/format.h>

#include <chrono>
#include <random>

#include "telegram/api_metrics.hpp"
#include "telegram/parse.hpp"

namespace telegram {

BotApi::BotApi(HttpClient& http, std::string token) : http_(http), token_(std::move(token)) {}

awaitable<ApiResult> BotApi::call(std::string_view method, std::string body,
                                  std::chrono::milliseconds timeout) {
  std::string path = "/bot" + token_ + "/" + std::string(method);
  // `method` is not used after the call's first suspension: the caller's string may be gone.
  const auto method_index = ApiMetrics::method_index(method);
  const auto started = std::chrono::steady_clock::now();
  auto response = co_await http_.post(std::move(path), std::move(body), timeout);
  auto result = classify(response);
  if (metrics_) {
    metrics_->record(method_index, result,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  co_return result;
}

awaitable<ApiResult> BotApi::upload(std::string_view method, Upload upload,
                                    std::chrono::milliseconds timeout) {
  std::string path = "/bot" + token_ + "/" + std::string(method);
  const auto method_index = ApiMetrics::method_index(method);
  auto body = multipart_body(upload);
  upload.content.clear();
  const auto started = std::chrono::steady_clock::now();
  auto response = co_await http_.post(std::move(path), std::move(body.body), timeout,
                                      std::move(body.content_type));
  auto result = classify(response);
  if (metrics_) {
    metrics_->record(method_index, result,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  co_return result;
}

MultipartBody multipart_body(const BotApi::Upload& upload) {
  std::random_device random;
  std::string boundary;
  auto occurs = [&](const std::string& b) {
    if (upload.content.find(b) != std::string::npos) return true;
    for (const auto& [name, value] : upload.fields) {
      if (value.find(b) != std::string::npos) return true;
    }
    return false;
  };
  do {
    boundary = fmt::format("gofrobot-{:08x}{:08x}{:08x}", random(), random(), random());
  } while (occurs(boundary));
  std::string body;
  body.reserve(upload.content.size() + 512);
  for (const auto& [name, value] : upload.fields) {
    body += fmt::format("--{}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{}\r\n",
                        boundary, name, value);
  }
  body += fmt::format("--{}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n"
                      "Content-Type: application/octet-stream\r\n\r\n",
                      boundary, upload.file_field, upload.filename);
  body += upload.content;
  body += fmt::format("\r\n--{}--\r\n", boundary);
  return {"multipart/form-data; boundary=" + boundary, std::move(body)};
}

ApiResult classify(const HttpResponse& response) {
  ApiResult r;
  r.http_status = response.status;
  if (response.status == 0) {
    r.kind = ApiResult::Kind::kNetwork;
    r.description = response.error;
    return r;
  }
  auto parsed = parse_response(response.body);
  const auto* api = std::get_if<ApiResponse>(&parsed);
  if (!api) {
    // Not the Bot API's JSON: a proxy's error page, say. 5xx is retried, the rest too.
    r.kind = response.status >= 500 ? ApiResult::Kind::kServerError : ApiResult::Kind::kNetwork;
    r.description = "HTTP " + std::to_string(response.status) + " without a Bot API answer";
    return r;
  }
  r.description = api->description;
  if (api->ok) {
    r.kind = ApiResult::Kind::kOk;
    r.result = api->result;
    return r;
  }
  int code = api->error_code != 0 ? static_cast<int>(api->error_code) : response.status;
  if (code == 429) {
    r.kind = ApiResult::Kind::kRetryAfter;
    r.retry_after = api->retry_after ? static_cast<int>(*api->retry_after) : 1;
  } else if (code >= 500) {
    r.kind = ApiResult::Kind::kServerError;
  } else if (code == 401 || code == 404) {
    // The Bot API answers 404 "Not Found" for a token it does not know.
    r.kind = ApiResult::Kind::kUnauthorized;
  } else if (code == 409) {
    r.kind = ApiResult::Kind::kConflict;
  } else if (code == 400 && api->description.find("message is not modified") != std::string::npos) {
    r.kind = ApiResult::Kind::kNotModified;
  } else {
    r.kind = ApiResult::Kind::kRejected;
  }
  return r;
}

}  // namespace telegram

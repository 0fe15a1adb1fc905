#include "telegram/api_metrics.hpp"

#include <prometheus/family.h>

#include <string>

#include "ops/metrics/registry.hpp"

namespace telegram {

std::string_view result_label(ApiResult::Kind kind) {
  using Kind = ApiResult::Kind;
  switch (kind) {
    case Kind::kOk: return "ok";
    case Kind::kNetwork: return "network_error";
    case Kind::kRetryAfter: return "rate_limited";
    case Kind::kServerError: return "server_error";
    case Kind::kUnauthorized: return "unauthorized";
    case Kind::kConflict: return "conflict";
    case Kind::kNotModified: return "not_modified";
    case Kind::kRejected: return "rejected";
  }
  return "unknown";
}

ApiMetrics::ApiMetrics(prometheus::Registry& registry)
    : retry_after_(prometheus::BuildHistogram()
                       .Name("gofrobot_bot_api_retry_after_seconds")
                       .Help("The waits Telegram asked for in 429 answers (parameters.retry_after).")
                       .Register(registry)
                       .Add({}, std::vector<double>{1, 2, 5, 10, 30, 60, 120, 300, 600, 3600})) {
  auto& calls = prometheus::BuildCounter()
                    .Name("gofrobot_bot_api_requests_total")
                    .Help("Bot API calls, by method and result: ok, not_modified, rate_limited "
                          "(429), server_error (5xx), network_error (no answer, a timeout or not "
                          "the Bot API's JSON), unauthorized, conflict (409), rejected (other 4xx).")
                    .Register(registry);
  auto& durations = prometheus::BuildHistogram()
                        .Name("gofrobot_bot_api_request_duration_seconds")
                        .Help("Time a Bot API call took, answer or not, by method.")
                        .Register(registry);
  for (std::size_t m = 0; m < kApiMethods.size(); ++m) {
    const std::string method(kApiMethods[m]);
    for (std::size_t k = 0; k < kApiResultKinds; ++k) {
      calls_[m][k] = &calls.Add(
          {{"method", method}, {"result", std::string(result_label(ApiResult::Kind(k)))}});
    }
    durations_[m] = &durations.Add({{"method", method}}, ops::metrics::duration_buckets());
  }
}

std::size_t ApiMetrics::method_index(std::string_view method) {
  for (std::size_t i = 0; i + 1 < kApiMethods.size(); ++i) {
    if (kApiMethods[i] == method) return i;
  }
  return kApiMethods.size() - 1;  // other
}

double ApiMetrics::rate_limited_total() const {
  double sum = 0;
  for (const auto& method : calls_) {
    sum += method[static_cast<std::size_t>(ApiResult::Kind::kRetryAfter)]->Value();
  }
  return sum;
}

void ApiMetrics::record(std::size_t m, const ApiResult& result, double seconds) {
  calls_[m][static_cast<std::size_t>(result.kind)]->Increment();
  durations_[m]->Observe(seconds);
  if (result.kind == ApiResult::Kind::kRetryAfter) retry_after_.Observe(result.retry_after);
}

}  // namespace telegram

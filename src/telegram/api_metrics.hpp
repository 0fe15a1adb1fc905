#pragma once
// What every Bot API call costs and how it ended (docs/OPERATIONS.md): calls by method and
// result, their duration, and the waits Telegram asked for with 429 (retry_after). Methods
// are a fixed list (anything else counts as "other"), results the kinds of ApiResult.
#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <string_view>

#include "telegram/bot_api.hpp"

namespace telegram {

inline constexpr std::array<std::string_view, 12> kApiMethods{
    "getMe",         "getUpdates",          "sendMessage",   "editMessageText",
    "editMessageReplyMarkup", "answerCallbackQuery", "deleteMessage", "setWebhook",
    "deleteWebhook", "setMyCommands",       "sendDocument",  "other"};
inline constexpr std::size_t kApiResultKinds = 8;  // ApiResult::Kind
std::string_view result_label(ApiResult::Kind kind);

class ApiMetrics {
 public:
  explicit ApiMetrics(prometheus::Registry& registry);
  // The method's place in kApiMethods ("other" for one not listed).
  static std::size_t method_index(std::string_view method);
  // Thread-safe.
  void record(std::size_t method_index, const ApiResult& result, double seconds);
  // 429 answers so far, every method.
  double rate_limited_total() const;

 private:
  std::array<std::array<prometheus::Counter*, kApiResultKinds>, kApiMethods.size()> calls_{};
  std::array<prometheus::Histogram*, kApiMethods.size()> durations_{};
  prometheus::Histogram& retry_after_;
};

}  // namespace telegram

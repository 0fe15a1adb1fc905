#pragma once
// Reusable checks for one setting's value. Each returns the reason when the value is wrong,
// phrased to complete "KEY = VALUE: …".
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ops/setting.hpp"

namespace ops::check {

template <class T>
Check<T> at_least(T min) {
  return [min](const T& value) -> Reason {
    if (value < min) return fmt::format("must be at least {}", min);
    return std::nullopt;
  };
}

template <class T>
Check<T> between(T min, T max) {
  return [min, max](const T& value) -> Reason {
    if (value < min || value > max) return fmt::format("must be between {} and {}", min, max);
    return std::nullopt;
  };
}

Check<double> positive();     // > 0 (a divisor or a duration)
Check<double> non_negative();  // >= 0
Check<double> probability();   // in [0, 1]
Check<double> percent();       // in [0, 100]

Check<std::string> non_empty();
Check<std::string> database_url();    // ops/database_url.hpp
Check<std::string> redis_url();       // ops/redis_url.hpp; empty allowed
Check<std::string> listen_address();  // ops/listen_address.hpp
Check<std::string> http_url();        // http(s)://host…, no trailing '/'
Check<std::string> http_url_or_empty();
Check<std::string> url_path();        // starts with '/'
Check<std::string> bot_token();       // empty, or <bot id>:<secret> as BotFather gives it
Check<std::string> bot_username();    // empty, or 1–32 of [A-Za-z0-9_], no '@'
Check<std::string> secret_token();    // empty, or 1–256 of [A-Za-z0-9_-] (Bot API secret_token)
Check<std::vector<std::int64_t>> user_ids();  // every id > 0

}  // namespace ops::check

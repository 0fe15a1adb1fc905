#include "bot/guards/rate_limiter.hpp"

#include <algorithm>

namespace bot {

RateLimiter::Entry& RateLimiter::entry(std::uint64_t key) {
  if (auto it = current_.find(key); it != current_.end()) return it->second;
  Entry found{};
  if (auto it = previous_.find(key); it != previous_.end()) {
    found = it->second;
    previous_.erase(it);
  }
  if (current_.size() >= kGenerationSize) {
    previous_ = std::move(current_);
    current_ = {};
    current_.reserve(kGenerationSize);
  }
  return current_.emplace(key, found).first->second;
}

RateLimiter::Decision RateLimiter::take(std::uint64_t key, Millis now, int count, Millis period) {
  count = std::max(count, 1);
  period = std::max<Millis>(period, 1);
  const Millis interval = std::max<Millis>(period / count, 1);
  const Millis tolerance = period - interval;  // the burst: count actions at once
  Entry& e = entry(key);
  const Millis tat = std::max(e.tat, now);
  if (tat - now > tolerance) {
    Decision refused{false, tat - now - tolerance, false};
    if (e.last_notice < 0 || now - e.last_notice >= period) {
      refused.notify = true;
      e.last_notice = now;
    }
    return refused;
  }
  e.tat = tat + interval;
  return {};
}

}  // namespace bot

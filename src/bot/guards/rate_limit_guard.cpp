#include "bot/guards/rate_limit_guard.hpp"

#include <fmt/format.h>

#include "bot/guards/maintenance_guard.hpp"

namespace bot {
namespace {

using Millis = RateLimiter::Millis;
constexpr Millis kMinute = 60'000;
constexpr Millis kHour = 60 * kMinute;

struct Limit {
  int count;
  Millis period;
};

Limit limit_of(const ops::LimitSettings& limits, Category category) {
  switch (category) {
    case Category::kDavka: return {limits.davka_per_minute, kMinute};
    case Category::kPvp: return {limits.pvp_per_hour, kHour};
    case Category::kCommand: return {limits.commands_per_minute, kMinute};
    case Category::kDefault:
    case Category::kUnlimited: break;
  }
  return {limits.default_per_minute, kMinute};
}

}  // namespace

std::string rate_limit_text(std::int64_t wait_seconds) {
  return fmt::format("⏳ Не так быстро, пацан! Подожди {} с.", wait_seconds);
}

bool RateLimitGuard::limited(const ops::Config& config, const Route& route, UserId user) {
  if (route.category == Category::kUnlimited) return false;
  return !(config.limits.exempt_admins && is_admin(config, user));
}

RateLimiter::Decision RateLimitGuard::decide(UserId user, Category category,
                                             const ops::Config& config, UnixTime now) {
  const auto [count, period] = limit_of(config.limits, category);
  if (shared_) {
    const SharedLimits::Request request{user, static_cast<int>(category), count, period};
    if (auto decided = shared_->take(std::span(&request, 1), now * 1000)) return decided->front();
    ++decided_alone_;
  }
  const auto key = (static_cast<std::uint64_t>(user) << 2) | static_cast<std::uint64_t>(category);
  // A refusal takes no token: deciding a refused update again only reads the wait.
  return limiter_.take(key, now * 1000, count, period);
}

void RateLimitGuard::plan(std::span<const Planned> updates, const ops::Config& config,
                          UnixTime now) {
  std::vector<SharedLimits::Request> requests;
  std::vector<std::pair<std::int64_t, Category>> planned;
  for (const auto& u : updates) {
    const auto id = u.update->update_id;
    // Decided in the batch's first run already (Guard::batch_started), or not limited.
    if (id == 0 || !u.route || batch_decisions_.contains(id) || !limited(config, *u.route, u.user)) {
      continue;
    }
    const auto [count, period] = limit_of(config.limits, u.route->category);
    requests.push_back({u.user, static_cast<int>(u.route->category), count, period});
    planned.emplace_back(id, u.route->category);
  }
  if (requests.empty()) return;
  auto decided = shared_->take(requests, now * 1000);
  if (!decided) return;  // admit() decides each alone
  for (std::size_t i = 0; i < planned.size(); ++i) {
    prefetched_[planned[i].first] = {planned[i].second, (*decided)[i]};
  }
}

bool RateLimitGuard::admit(Context& ctx, const Route& route) {
  const auto& config = ctx.config();
  const UserId user = ctx.from().id;
  if (!limited(config, route, user)) return true;
  const auto update_id = ctx.update().update_id;
  const auto earlier = update_id != 0 ? batch_decisions_.find(update_id) : batch_decisions_.end();
  if (earlier != batch_decisions_.end() && earlier->second == Decision::kAdmitted) return true;
  RateLimiter::Decision decision;
  const auto planned = earlier == batch_decisions_.end() ? prefetched_.find(update_id)
                                                         : prefetched_.end();
  if (planned != prefetched_.end() && planned->second.category == route.category) {
    decision = planned->second.decision;
  } else {
    decision = decide(user, route.category, config, ctx.now());
  }
  if (decision.admitted) {
    if (update_id != 0) batch_decisions_[update_id] = Decision::kAdmitted;
    return true;
  }
  bool notify = decision.notify;
  if (earlier != batch_decisions_.end()) {
    notify = earlier->second == Decision::kRefusedWithNotice;
  } else if (update_id != 0) {
    batch_decisions_[update_id] =
        notify ? Decision::kRefusedWithNotice : Decision::kRefusedSilently;
  }
  const auto wait = (decision.retry_after + 999) / 1000;
  if (ctx.callback()) {
    ctx.toast(rate_limit_text(wait));
  } else if (notify) {
    ctx.send(rate_limit_text(wait));
  }
  return false;
}

void RateLimitGuard::batch_started(bool again) {
  if (!again) batch_decisions_.clear();
  prefetched_.clear();
}

}  // namespace bot

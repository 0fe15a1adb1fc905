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

bool RateLimitGuard::admit(Context& ctx, const Route& route) {
  if (route.category == Category::kUnlimited) return true;
  const auto& config = ctx.config();
  const UserId user = ctx.from().id;
  if (config.limits.exempt_admins && is_admin(config, user)) return true;
  const auto update_id = ctx.update().update_id;
  const auto earlier = update_id != 0 ? batch_decisions_.find(update_id) : batch_decisions_.end();
  if (earlier != batch_decisions_.end() && earlier->second == Decision::kAdmitted) return true;
  const auto [count, period] = limit_of(config.limits, route.category);
  const auto key = (static_cast<std::uint64_t>(user) << 2) | static_cast<std::uint64_t>(route.category);
  // A refusal takes no token: deciding a refused update again only reads the wait.
  const auto decision = limiter_.take(key, ctx.now() * 1000, count, period);
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
}

}  // namespace bot

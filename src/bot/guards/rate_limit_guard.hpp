#pragma once
// Per-user rate limits (GAME.md §13.4; `[limits]`, live on reload): each route declares its
// category with the route (davka, PvP, command, default; the keyword responder none: group
// chatter is not aimed at the bot, and the responder has its own per-chat cooldown). A
// refused button gets a toast with the wait; a refused message gets one notice a window,
// then silence; either way the update is recorded as processed (Telegram does not resend
// it) and its handler does not run. Admins are exempt unless limits.exempt_admins is false.
// The limiter's memory is bounded (RateLimiter).
#include "bot/guards/guard.hpp"
#include "bot/guards/rate_limiter.hpp"

namespace bot {

class RateLimitGuard final : public Guard {
 public:
  std::string_view name() const override { return "rate_limit"; }
  bool admit(Context& ctx, const Route& route) override;

  const RateLimiter& limiter() const { return limiter_; }

 private:
  RateLimiter limiter_;
  // The engine runs an update's guards again when it retries after a version conflict: the
  // retry must not take a second token.
  std::int64_t last_admitted_update_ = 0;
};

// The refusals' texts, for tests.
std::string rate_limit_text(std::int64_t wait_seconds);

}  // namespace bot

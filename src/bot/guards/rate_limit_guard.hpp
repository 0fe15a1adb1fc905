#pragma once
// Per-user rate limits (GAME.md §13.4; `[limits]`, live on reload): each route declares its
// category with the route (davka, PvP, command, default; the keyword responder none: group
// chatter is not aimed at the bot, and the responder has its own per-chat cooldown). A
// refused button gets a toast with the wait; a refused message gets one notice a window,
// then silence; either way the update is recorded as processed (Telegram does not resend
// it) and its handler does not run. Admins are exempt unless limits.exempt_admins is false.
// The limiter's memory is bounded (RateLimiter).
#include <unordered_map>

#include "bot/guards/guard.hpp"
#include "bot/guards/rate_limiter.hpp"

namespace bot {

class RateLimitGuard final : public Guard {
 public:
  std::string_view name() const override { return "rate_limit"; }
  bool admit(Context& ctx, const Route& route) override;
  void batch_started(bool again) override;

  const RateLimiter& limiter() const { return limiter_; }

 private:
  RateLimiter limiter_;
  // The decisions of the batch's updates, by update id. The engine runs an update's guards
  // again when it retries after a version conflict, and a whole batch again when its
  // commit was refused: the update is decided as before, without a second token, and its
  // notice (if it had one) is given again, for the first run's replies were dropped.
  enum class Decision { kAdmitted, kRefusedWithNotice, kRefusedSilently };
  std::unordered_map<std::int64_t, Decision> batch_decisions_;
};

// The refusals' texts, for tests.
std::string rate_limit_text(std::int64_t wait_seconds);

}  // namespace bot

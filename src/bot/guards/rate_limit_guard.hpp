#pragma once
// Per-user rate limits (GAME.md §13.4; `[limits]`, live on reload): each route declares its
// category with the route (davka, PvP, command, default; the keyword responder none: group
// chatter is not aimed at the bot, and the responder has its own per-chat cooldown). A
// refused button gets a toast with the wait; a refused message gets one notice a window,
// then silence; either way the update is recorded as processed (Telegram does not resend
// it) and its handler does not run. Admins are exempt unless limits.exempt_admins is false.
// The limiter's memory is bounded (RateLimiter).
//
// With shared limits (Redis, cache.redis_url) the decisions are the shared store's, asked
// once a batch for the updates the plan foresees (Guard::plan): so replicas admit one
// limit between them. When the shared store is unavailable the guard limits alone with
// its own limiter, and counts those decisions (decided_alone()).
#include <unordered_map>

#include "bot/guards/guard.hpp"
#include "bot/guards/rate_limiter.hpp"
#include "bot/guards/shared_limits.hpp"

namespace bot {

class RateLimitGuard final : public Guard {
 public:
  // `shared`: limits kept for every replica; null, this process limits alone.
  explicit RateLimitGuard(SharedLimits* shared = nullptr) : shared_(shared) {}

  std::string_view name() const override { return "rate_limit"; }
  bool admit(Context& ctx, const Route& route) override;
  void batch_started(bool again) override;
  bool wants_plan() const override { return shared_ != nullptr; }
  void plan(std::span<const Planned> updates, const ops::Config& config, UnixTime now) override;

  const RateLimiter& limiter() const { return limiter_; }
  // Decisions made alone although limits are shared (the shared store was unavailable).
  std::int64_t decided_alone() const { return decided_alone_; }

 private:
  // Whether the route's limit applies to the user at all.
  static bool limited(const ops::Config& config, const Route& route, UserId user);
  RateLimiter::Decision decide(UserId user, Category category, const ops::Config& config,
                               UnixTime now);

  RateLimiter limiter_;
  SharedLimits* shared_;
  std::int64_t decided_alone_ = 0;
  // The shared store's decisions for this batch's planned updates, by update id.
  struct Prefetched {
    Category category;
    RateLimiter::Decision decision;
  };
  std::unordered_map<std::int64_t, Prefetched> prefetched_;
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

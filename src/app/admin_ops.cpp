#include "app/admin_ops.hpp"

namespace app {

bot::RuntimeFacts AdminOps::facts() {
  bot::RuntimeFacts f;
  f.uptime_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - parts_.started).count();
  f.version = parts_.version;
  f.mode = parts_.mode;
  if (parts_.replies_waiting) f.replies_waiting = parts_.replies_waiting();
  if (parts_.rate_limited_last_hour) f.rate_limited_last_hour = parts_.rate_limited_last_hour();
  if (parts_.cache) {
    f.cache_players = static_cast<std::int64_t>(parts_.cache->size());
    f.cache_hits = parts_.cache->counters().hits;
    f.cache_misses = parts_.cache->counters().misses;
  }
  if (parts_.engine_metrics) {
    const auto active = parts_.engine_metrics->active_users();  // 5m, 1h, 24h, 7d
    f.active_24h = active[2];
    f.active_7d = active[3];
  }
  return f;
}

bot::ReloadSummary AdminOps::reload() {
  bot::ReloadSummary s;
  if (!parts_.live) return s;  // kUnavailable
  auto outcome = parts_.live->reload();
  using R = bot::ReloadSummary::Result;
  s.result = outcome.result == ReloadResult::kApplied   ? R::kApplied
             : outcome.result == ReloadResult::kRefused ? R::kRefused
                                                        : R::kUnchanged;
  s.applied = std::move(outcome.applied);
  s.needs_restart = std::move(outcome.needs_restart);
  s.problems = ops::describe(outcome.errors);
  return s;
}

bot::CacheDrop AdminOps::clear_caches() {
  bot::CacheDrop drop;
  if (!parts_.cache) return drop;
  drop.players = static_cast<std::int64_t>(parts_.cache->size());
  drop.chat_boards = static_cast<std::int64_t>(parts_.cache->chat_boards());
  auto* cache = parts_.cache;
  if (parts_.post) {
    parts_.post([cache] { cache->clear(); });
  } else {
    cache->clear();
  }
  return drop;
}

bot::BackupStarted AdminOps::start_backup(bot::ChatId chat, bot::UserId admin) {
  if (!parts_.backup) return {false, "💾 Бэкапы здесь недоступны."};
  return parts_.backup(chat, admin);
}

}  // namespace app

#pragma once
// The admin panel's services (bot::AdminServices) for `gofrobot run` and `gofrobot play`:
// facts from the running parts, the live reload, the caches, backups. Each part is optional;
// what is missing says so on its screen.
#include <chrono>
#include <functional>
#include <string>

#include "app/config_reload.hpp"
#include "bot/admin/admin_services.hpp"
#include "bot/engine_metrics.hpp"
#include "store/cached_store.hpp"

namespace app {

class AdminOps final : public bot::AdminServices {
 public:
  struct Parts {
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::string version{};
    std::string mode{};
    LiveConfig* live = nullptr;  // none: "nothing to reload"
    store::CachedStore* cache = nullptr;
    const bot::EngineMetrics* engine_metrics = nullptr;  // active users
    std::function<std::int64_t()> replies_waiting{};
    std::function<std::int64_t()> rate_limited_last_hour{};
    // Runs a task on the engine thread before the next batch (none: at once, the caller
    // being on that thread between batches already, as in `play`).
    std::function<void(std::function<void()>)> post{};
    std::function<bot::BackupStarted(bot::ChatId, bot::UserId)> backup{};
    std::function<void()> broadcast_changed{};  // wakes the broadcast sender
  };

  explicit AdminOps(Parts parts) : parts_(std::move(parts)) {}

  bot::RuntimeFacts facts() override;
  bot::ReloadSummary reload() override;
  bot::CacheDrop clear_caches() override;
  bot::BackupStarted start_backup(bot::ChatId chat, bot::UserId admin) override;
  bool broadcasts() const override { return static_cast<bool>(parts_.broadcast_changed); }
  void broadcast_changed() override {
    if (parts_.broadcast_changed) parts_.broadcast_changed();
  }

 private:
  Parts parts_;
};

}  // namespace app

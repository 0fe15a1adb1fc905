#include "app/backup_scheduler.hpp"

#include <spdlog/spdlog.h>

#include "app/backup_command.hpp"
#include "ops/database_url.hpp"

namespace app {

BackupScheduler::BackupScheduler(const ops::Config& config) {
  const int minutes = config.storage.backup_interval_minutes;
  if (minutes <= 0) {
    spdlog::info("scheduled backups are off (storage.backup_interval_minutes = 0)");
    return;
  }
  auto parsed = ops::parse_database_url(config.storage.database_url);
  if (!parsed.url || parsed.url->kind != ops::DatabaseKind::sqlite) {
    spdlog::info("scheduled backups are for SQLite; back up PostgreSQL with `gofrobot backup` "
                 "(pg_dump) from cron or with the server's own tooling");
    return;
  }
  spdlog::info("scheduled backups every {} min into {}, keeping {}", minutes,
               backups_dir(config).string(), config.storage.backup_keep);
  start(std::chrono::minutes(minutes), [config] { spdlog::info("{}", take_backup(config)); });
}

BackupScheduler::BackupScheduler(std::chrono::milliseconds interval, Job job) {
  start(interval, std::move(job));
}

void BackupScheduler::start(std::chrono::milliseconds interval, Job job) {
  thread_ = std::jthread([this, interval, job = std::move(job)](std::stop_token stop) {
    loop(stop, interval, job);
  });
}

void BackupScheduler::loop(std::stop_token stop, std::chrono::milliseconds interval,
                           const Job& job) {
  auto next = std::chrono::steady_clock::now() + interval;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      // Returns at the deadline, or at once when a stop is requested (the destructor).
      wake_.wait_until(lock, stop, next, [] { return false; });
    }
    if (stop.stop_requested()) return;
    try {
      job();
    } catch (const std::exception& e) {
      spdlog::error("scheduled backup failed: {}", e.what());
    } catch (...) {
      spdlog::error("scheduled backup failed");
    }
    runs_.fetch_add(1);
    // The next backup one interval after this one was due; after a backup that overran,
    // one interval from now rather than a burst to catch up.
    next += interval;
    if (auto now = std::chrono::steady_clock::now(); next < now) next = now + interval;
  }
}

}  // namespace app

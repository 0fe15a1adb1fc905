#pragma once
// Scheduled SQLite backups while the bot runs (GAME.md §13.8 rule; storage.backup_interval_
// minutes, 0 disables them). A background thread takes a backup every interval — the first
// one interval after start — and logs the outcome; a failed backup is logged and the next
// one is tried at the next interval. PostgreSQL is not backed up here: run
// `gofrobot backup` (pg_dump) from cron, or use the server's own tooling.
//
// Destruction stops the thread promptly: a wait in progress ends at once; a backup in
// progress is finished first (it is a bounded copy).
//
//   app::BackupScheduler backups(config);  // in `run`, after the storage is open
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

#include "ops/config.hpp"

namespace app {

class BackupScheduler {
 public:
  using Job = std::function<void()>;

  explicit BackupScheduler(const ops::Config& config);
  // Runs `job` every `interval` (tests, other jobs). Exceptions from the job are logged.
  BackupScheduler(std::chrono::milliseconds interval, Job job);
  ~BackupScheduler() = default;  // the jthread (declared last) stops and joins first
  BackupScheduler(const BackupScheduler&) = delete;
  BackupScheduler& operator=(const BackupScheduler&) = delete;

  bool active() const { return thread_.joinable(); }
  // Jobs run so far, successful or not.
  std::int64_t runs() const { return runs_.load(); }

 private:
  void start(std::chrono::milliseconds interval, Job job);
  void loop(std::stop_token stop, std::chrono::milliseconds interval, const Job& job);

  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::atomic<std::int64_t> runs_{0};
  std::jthread thread_;
};

}  // namespace app

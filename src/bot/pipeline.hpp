#pragma once
// The engine thread and its queue: transports submit updates from their threads; the
// engine thread takes whatever is queued (up to a size bound), processes it as one batch
// — one transaction, one fsync — and hands each update's outcome back. Under load the
// queue grows while a batch commits, so the next batch is larger: group commit adapts by
// itself. With a max_delay (storage.batch_max_delay_ms; none by default, see
// ARCHITECTURE.md), after a batch of more than one update the engine lingers for more, but
// only while they keep coming: it waits in short steps (Options::linger_step) and starts
// the batch as soon as a step brought nothing new, the batch is full, or max_delay has
// passed. An idle bot answers a lone update at once.
//
// Game state is touched only on this thread (DESIGN.md §3), so handlers need no locks.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "bot/engine.hpp"

namespace bot {

class Pipeline {
 public:

  // Given the outcome to keep: the pipeline has no further use for it.
  using Completion = std::function<void(Outcome&&)>;
  using Clock = std::function<UnixTime()>;

  struct Options {
    std::size_t max_batch = 256;
    std::chrono::microseconds max_delay{0};  // longest linger for more updates (0: none)
    int max_deferrals = 20;  // contention retries before giving up on an update
    // One step of the linger: when a step brings no new update, the batch starts. Long
    // enough for a client that just got its answer to send its next request, short enough
    // to add little latency when nothing more comes.
    std::chrono::microseconds linger_step{100};
    // How long sent marks alone wait for updates to ride with before being written alone.
    std::chrono::milliseconds sent_marks_delay{100};
  };

  struct Stats {
    std::atomic<std::int64_t> batches{0};
    std::atomic<std::int64_t> updates{0};
    std::atomic<std::int64_t> largest_batch{0};
    std::atomic<std::int64_t> failed_commits{0};
    std::atomic<std::int64_t> sent_marks{0};        // recorded in a transaction
    std::atomic<std::int64_t> mark_only_batches{0};  // transactions for sent marks alone
  };

  Pipeline(Engine& engine, Options options, Clock clock);
  ~Pipeline();

  void start();
  // Times each update's wait and batch into `metrics` (nullptr: none). Before start().
  void set_metrics(EngineMetrics* metrics) { metrics_ = metrics; }
  // Runs on the engine thread after each batch of updates (publishing what only that thread
  // may read, for the metrics). Before start().
  void set_after_batch(std::function<void()> after_batch) { after_batch_ = std::move(after_batch); }
  // Queues an update; `done` runs on the engine thread once its batch committed (or
  // failed): keep it short, post real work elsewhere. False once stopping.
  bool submit(Update update, Completion done);
  // Runs `task` on the engine thread before the next batch (e.g. outbox drain at start).
  void post(std::function<void()> task);
  // The replies of these updates were delivered: their outbox rows go in the next batch.
  void mark_sent(std::int64_t update_id);
  // Blocks until every queued update was processed (shutdown: before flushing replies).
  void wait_idle();
  // Processes everything queued and records the sent marks, then stops the thread.
  void stop();

  const Stats& stats() const { return stats_; }
  std::size_t queued() const;

 private:
  struct Item {
    Update update;
    Completion done;
    int deferrals = 0;
    std::chrono::steady_clock::time_point submitted{};
  };
  void run();
  // Under the lock: until there are updates, tasks or a stop; sent marks alone wait
  // Options::sent_marks_delay for updates to ride with.
  void wait_for_work(std::unique_lock<std::mutex>& lock);
  // Under the lock, after a batch of more than one update: waits while updates keep coming.
  void linger(std::unique_lock<std::mutex>& lock);

  Engine& engine_;
  Options options_;
  Clock clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  std::vector<std::function<void()>> tasks_;
  std::vector<std::int64_t> sent_;
  bool stopping_ = false;
  bool busy_ = false;  // a batch is being processed
  bool lingering_ = false;  // in linger(): a submit need not wake the engine thread
  std::condition_variable idle_;
  std::thread thread_;
  Stats stats_;
  EngineMetrics* metrics_ = nullptr;
  std::function<void()> after_batch_;
};

}  // namespace bot

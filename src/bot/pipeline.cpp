#include "bot/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

namespace bot {

Pipeline::Pipeline(Engine& engine, Options options, Clock clock)
    : engine_(engine), options_(options), clock_(std::move(clock)) {}

Pipeline::~Pipeline() { stop(); }

void Pipeline::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

bool Pipeline::submit(Update update, Completion done) {
  const auto submitted = metrics_ ? std::chrono::steady_clock::now()
                                  : std::chrono::steady_clock::time_point{};
  bool wake = true;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    queue_.push_back(Item{std::move(update), std::move(done), 0, submitted});
    // A lingering engine looks at the queue at the end of its step anyway; waking it for
    // every update would only cost a context switch each. It is woken when the batch is full.
    wake = !lingering_ || queue_.size() >= options_.max_batch;
  }
  if (wake) wake_.notify_one();
  return true;
}

void Pipeline::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

// A sent mark is bookkeeping, not a player waiting: it rides with the next batch of
// updates. Waking the engine for each (as this did) made a transaction and an fsync of
// their own of nearly every mark between two batches. Only the first mark into an empty
// list wakes an idle engine, which then gives updates Options::sent_marks_delay to come
// before it writes the marks alone.
void Pipeline::mark_sent(std::int64_t update_id) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    wake = sent_.empty() && !busy_;
    sent_.push_back(update_id);
  }
  if (wake) wake_.notify_one();
}

void Pipeline::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return (queue_.empty() && tasks_.empty() && !busy_) || !thread_.joinable(); });
}

void Pipeline::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::size_t Pipeline::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

// Why the linger stops when the queue stops growing: the updates that can still join this
// batch are those of clients that already got their answer and are about to send the next
// request (one per connection: Telegram opens at most 40). They arrive within a short time
// of the previous commit, or not at all. Waiting for a full batch (max_batch, 256) instead
// meant waiting the whole max_delay under nearly any load — more than the commit itself at
// 1,000 updates/s — while the batch grew by nothing. So the linger waits in steps of
// linger_step and goes as soon as a step brought no new update (the burst is over), the
// batch is full, or max_delay has passed (a steady stream must not postpone the commit).
// Whatever arrives later waits at most one commit: the next batch takes it.
void Pipeline::linger(std::unique_lock<std::mutex>& lock) {
  if (options_.max_delay.count() <= 0 || options_.linger_step.count() <= 0) return;
  using SteadyClock = std::chrono::steady_clock;
  const auto deadline = SteadyClock::now() + options_.max_delay;
  std::size_t seen = queue_.size();
  lingering_ = true;
  while (!stopping_ && queue_.size() < options_.max_batch) {
    const auto now = SteadyClock::now();
    if (now >= deadline) break;
    const auto until = std::min<SteadyClock::time_point>(now + options_.linger_step, deadline);
    wake_.wait_until(lock, until, [&] { return stopping_ || queue_.size() >= options_.max_batch; });
    if (queue_.size() == seen) break;  // this step brought nothing new: go
    seen = queue_.size();
  }
  lingering_ = false;
}

void Pipeline::wait_for_work(std::unique_lock<std::mutex>& lock) {
  auto work = [&] { return stopping_ || !queue_.empty() || !tasks_.empty(); };
  std::optional<std::chrono::steady_clock::time_point> marks_due;
  while (!work()) {
    if (sent_.empty()) {
      wake_.wait(lock);
      continue;
    }
    if (!marks_due) marks_due = std::chrono::steady_clock::now() + options_.sent_marks_delay;
    if (wake_.wait_until(lock, *marks_due) == std::cv_status::timeout) return;
  }
}

void Pipeline::run() {
  std::size_t last_batch = 0;
  while (true) {
    std::vector<Item> batch;
    std::vector<std::function<void()>> tasks;
    std::vector<std::int64_t> sent;
    {
      std::unique_lock lock(mutex_);
      busy_ = false;
      idle_.notify_all();
      wait_for_work(lock);
      tasks.swap(tasks_);
      if (queue_.empty() && tasks.empty() && sent_.empty() && stopping_) break;
      busy_ = true;
      // Under load, linger briefly for more updates to share the commit.
      if (last_batch > 1) linger(lock);
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      sent.swap(sent_);
    }
    for (auto& task : tasks) {
      try {
        task();
      } catch (const std::exception& e) {
        spdlog::error("engine task failed: {}", e.what());
      }
    }
    if (batch.empty() && sent.empty()) continue;

    // The updates move to the engine's span and back to the items deferred (a copy of each,
    // texts and names, was a few per cent of the webhook's CPU).
    std::vector<Update> updates;
    updates.reserve(batch.size());
    for (auto& item : batch) updates.push_back(std::move(item.update));
    auto outcomes = engine_.process_batch(updates, clock_(), sent);
    last_batch = batch.size();
    if (!engine_.last_batch_committed() && !sent.empty()) {
      // Not recorded: they go with a later batch (else those replies are sent again at
      // the next start).
      std::lock_guard lock(mutex_);
      sent_.insert(sent_.end(), sent.begin(), sent.end());
      sent.clear();
    }
    if (batch.empty()) stats_.mark_only_batches++;  // first: a reader waiting on sent_marks sees it
    stats_.sent_marks += static_cast<std::int64_t>(sent.size());
    if (batch.empty()) continue;
    stats_.batches++;
    stats_.updates += static_cast<std::int64_t>(batch.size());
    if (static_cast<std::int64_t>(batch.size()) > stats_.largest_batch) {
      stats_.largest_batch = static_cast<std::int64_t>(batch.size());
    }
    if (!outcomes.empty() && !outcomes.front().committed && !outcomes.front().deferred) {
      stats_.failed_commits++;
    }

    const auto finished = metrics_ ? std::chrono::steady_clock::now()
                                   : std::chrono::steady_clock::time_point{};
    std::vector<Item> again;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (outcomes[i].deferred && batch[i].deferrals < options_.max_deferrals) {
        batch[i].deferrals++;
        batch[i].update = std::move(updates[i]);
        again.push_back(std::move(batch[i]));
        continue;
      }
      if (metrics_) {
        metrics_->update_latency(std::chrono::duration<double>(finished - batch[i].submitted).count());
      }
      if (batch[i].done) batch[i].done(std::move(outcomes[i]));
    }
    if (!again.empty()) {
      std::lock_guard lock(mutex_);
      for (auto it = again.rbegin(); it != again.rend(); ++it) queue_.push_front(std::move(*it));
    }
    if (after_batch_) after_batch_();
  }
  std::lock_guard lock(mutex_);
  busy_ = false;
  idle_.notify_all();
}

}  // namespace bot

#include "telegram/outbound_queue.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace telegram {

using namespace std::chrono_literals;

OutboundQueue::OutboundQueue(asio::any_io_executor executor, BotApi& api, OutboundLimits limits,
                             UpdateDone on_update_done)
    : executor_(std::move(executor)),
      api_(api),
      limits_(limits),
      on_update_done_(std::move(on_update_done)),
      global_tokens_(limits.global_per_second),
      global_refilled_(Clock::now()) {}

bool OutboundQueue::forgettable(const Lane& lane, Clock::time_point now) const {
  double seconds = std::chrono::duration<double>(now - lane.refilled).count();
  bool full = lane.tokens + seconds * limits_.per_chat_per_second >= limits_.per_chat_burst;
  bool minute_over = lane.minute.empty() || now - lane.minute.back() >= std::chrono::seconds(60);
  return !lane.running && lane.jobs.empty() && full && lane.paused_until <= now && minute_over;
}

void OutboundQueue::sweep(Clock::time_point now) {
  std::erase_if(lanes_, [&](const auto& entry) { return forgettable(entry.second, now); });
}

void OutboundQueue::enqueue(std::vector<OutboundRequest> requests) {
  std::vector<std::int64_t> to_start;
  {
    std::lock_guard lock(mutex_);
    // Lanes left behind with pacing state are forgotten once it no longer matters.
    if (++enqueues_ % 1024 == 0) sweep(Clock::now());
    for (auto& r : requests) {
      outstanding_[r.update_id]++;
      ++pending_;
      auto [it, created] = lanes_.try_emplace(r.chat_id);
      Lane& lane = it->second;
      if (created) {
        lane.tokens = limits_.per_chat_burst;
        lane.refilled = Clock::now();
      }
      lane.group = lane.group || r.group;
      lane.jobs.push_back(Job{std::move(r), 0});
      if (!lane.running) {
        lane.running = true;
        to_start.push_back(it->first);
      }
    }
  }
  for (auto chat : to_start) {
    asio::co_spawn(executor_, run_lane(chat), asio::detached);
  }
}

void OutboundQueue::hold(std::int64_t update_id) {
  std::lock_guard lock(mutex_);
  outstanding_[update_id]++;
}

void OutboundQueue::release(std::int64_t update_id) {
  bool update_done = false;
  {
    std::lock_guard lock(mutex_);
    auto it = outstanding_.find(update_id);
    if (it != outstanding_.end() && --it->second == 0) {
      outstanding_.erase(it);
      update_done = true;
    }
  }
  if (update_done && on_update_done_ && update_id != 0) on_update_done_(update_id);
}

std::size_t OutboundQueue::pending() const {
  std::lock_guard lock(mutex_);
  return pending_;
}

OutboundQueue::Clock::duration OutboundQueue::reserve(Lane& lane, std::int64_t chat_id,
                                                      Clock::time_point now) {
  Clock::duration wait{0};
  if (lane.paused_until > now) wait = lane.paused_until - now;
  if (global_paused_until_ > now) wait = std::max(wait, Clock::duration(global_paused_until_ - now));
  // Global bucket.
  double seconds = std::chrono::duration<double>(now - global_refilled_).count();
  global_tokens_ = std::min(limits_.global_per_second,
                            global_tokens_ + seconds * limits_.global_per_second);
  global_refilled_ = now;
  if (global_tokens_ < 1.0) {
    wait = std::max(wait, std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                              (1.0 - global_tokens_) / limits_.global_per_second)));
  }
  if (chat_id != 0) {
    double lane_seconds = std::chrono::duration<double>(now - lane.refilled).count();
    lane.tokens = std::min<double>(limits_.per_chat_burst,
                                   lane.tokens + lane_seconds * limits_.per_chat_per_second);
    lane.refilled = now;
    if (lane.tokens < 1.0) {
      wait = std::max(wait, std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                (1.0 - lane.tokens) / limits_.per_chat_per_second)));
    }
    if (lane.group) {
      while (!lane.minute.empty() && now - lane.minute.front() >= 60s) lane.minute.pop_front();
      if (static_cast<int>(lane.minute.size()) >= limits_.per_group_per_minute) {
        wait = std::max(wait, Clock::duration(lane.minute.front() + 60s - now));
      }
    }
  }
  if (wait > Clock::duration::zero()) return wait;
  global_tokens_ -= 1.0;
  if (chat_id != 0) {
    lane.tokens -= 1.0;
    if (lane.group) lane.minute.push_back(now);
  }
  return Clock::duration::zero();
}

bool OutboundQueue::take_slot_now(std::int64_t chat_id, bool group) {
  std::lock_guard lock(mutex_);
  auto [it, created] = lanes_.try_emplace(chat_id);
  Lane& lane = it->second;
  if (created) {
    lane.tokens = limits_.per_chat_burst;
    lane.refilled = Clock::now();
  }
  lane.group = lane.group || group;
  // Queued replies to this chat go first: keep the order.
  if (!lane.jobs.empty()) return false;
  return reserve(lane, chat_id, Clock::now()) == Clock::duration::zero();
}

void OutboundQueue::finish(const Job& job, bool delivered) {
  bool update_done = false;
  {
    std::lock_guard lock(mutex_);
    --pending_;
    auto it = outstanding_.find(job.request.update_id);
    if (it != outstanding_.end() && --it->second == 0) {
      outstanding_.erase(it);
      update_done = true;
    }
  }
  if (delivered) {
    counters_.sent++;
  } else {
    counters_.failed++;
  }
  // A reply that finally failed leaves the outbox too: it was logged, and sending it again
  // after a restart would fail the same way.
  if (update_done && on_update_done_ && job.request.update_id != 0) {
    on_update_done_(job.request.update_id);
  }
}

awaitable<void> OutboundQueue::run_lane(std::int64_t chat_id) {
  asio::steady_timer timer(executor_);
  while (true) {
    Job job;
    Clock::duration wait{0};
    {
      std::lock_guard lock(mutex_);
      Lane& lane = lanes_.at(chat_id);
      if (lane.jobs.empty()) {
        lane.running = false;
        // An idle lane is dropped once it holds no pacing state a fresh one would not have;
        // until then it stays, or a new burst would escape the pacing.
        if (forgettable(lane, Clock::now())) lanes_.erase(chat_id);
        co_return;
      }
      wait = reserve(lane, chat_id, Clock::now());
      if (wait == Clock::duration::zero()) job = lane.jobs.front();
    }
    if (wait > Clock::duration::zero()) {
      timer.expires_after(wait);
      co_await timer.async_wait(use_awaitable);
      continue;
    }

    auto result = co_await api_.call(job.request.method, job.request.body, limits_.request_timeout);
    using Kind = ApiResult::Kind;
    bool done = false;
    bool delivered = false;
    {
      std::lock_guard lock(mutex_);
      Lane& lane = lanes_.at(chat_id);
      Job& front = lane.jobs.front();
      switch (result.kind) {
        case Kind::kOk:
        case Kind::kNotModified:
          done = delivered = true;
          break;
        case Kind::kRetryAfter: {
          counters_.rate_limited++;
          counters_.retried++;
          auto until = Clock::now() + std::chrono::seconds(std::max(1, result.retry_after));
          if (chat_id != 0) {
            lane.paused_until = until;
          } else {
            global_paused_until_ = until;
          }
          break;
        }
        case Kind::kServerError:
        case Kind::kNetwork:
          if (++front.attempts >= limits_.max_attempts) {
            spdlog::error("{} to chat {} failed after {} attempts: {}", front.request.method,
                          chat_id, front.attempts, result.description);
            done = true;
          } else {
            counters_.retried++;
            auto backoff = std::min<std::chrono::milliseconds>(
                std::chrono::milliseconds(250) * (1 << std::min(front.attempts, 7)), 30s);
            lane.paused_until = Clock::now() + backoff;
          }
          break;
        case Kind::kRejected:
        case Kind::kUnauthorized:
        case Kind::kConflict:
          if (!front.request.fallback_body.empty()) {
            // The message to edit is gone or too old: send the screen as a new message.
            counters_.fallbacks++;
            front.request.method = "sendMessage";
            front.request.body = std::move(front.request.fallback_body);
            front.request.fallback_body.clear();
            front.attempts = 0;
          } else {
            spdlog::error("{} to chat {} rejected ({}): {}", front.request.method, chat_id,
                          result.http_status, result.description);
            done = true;
          }
          break;
      }
      if (done) {
        job = std::move(front);
        lane.jobs.pop_front();
      }
    }
    if (done) finish(job, delivered);
  }
}

awaitable<bool> OutboundQueue::drain(Clock::time_point deadline) {
  asio::steady_timer timer(executor_);
  while (pending() > 0) {
    if (Clock::now() >= deadline) co_return false;
    timer.expires_after(20ms);
    co_await timer.async_wait(use_awaitable);
  }
  co_return true;
}

}  // namespace telegram

#include "telegram/outbound_queue.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace telegram {

using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

// Rounded up: a wait that is due is never zero, so "zero" always means "go now".
Clock::duration wait_for_seconds(double seconds) {
  return std::chrono::ceil<Clock::duration>(std::chrono::duration<double>(seconds));
}

}  // namespace

OutboundQueue::OutboundQueue(asio::any_io_executor executor, BotApi& api, OutboundLimits limits,
                             UpdateDone on_update_done)
    : executor_(std::move(executor)),
      api_(api),
      limits_(limits),
      on_update_done_(std::move(on_update_done)),
      global_tokens_(std::max(1.0, limits.global_per_second)),
      global_refilled_(Clock::now()) {}

bool OutboundQueue::forgettable(const Lane& lane, Clock::time_point now) const {
  double seconds = std::chrono::duration<double>(now - lane.refilled).count();
  bool full = lane.tokens + seconds * limits_.per_chat_per_second >= limits_.per_chat_burst;
  bool minute_over = lane.minute.empty() || now - lane.minute.back() >= std::chrono::seconds(60);
  return lane.state == LaneState::idle && lane.jobs.empty() && full && lane.paused_until <= now &&
         minute_over;
}

void OutboundQueue::sweep(Clock::time_point now) {
  std::erase_if(lanes_, [&](const auto& entry) { return forgettable(entry.second, now); });
}

OutboundQueue::Lane& OutboundQueue::lane_for(std::int64_t chat_id, bool group,
                                             Clock::time_point now) {
  // Lanes left behind with pacing state are forgotten once it no longer matters, swept at
  // every 1024th use of a lane: replies riding in webhook responses (take_slot_now) make
  // most lanes, one per chat answered, enqueued replies the rest. Other lanes' references
  // stay valid (only erased elements of an unordered_map are invalidated).
  if (++lane_uses_ % 1024 == 0) sweep(now);
  auto [it, created] = lanes_.try_emplace(chat_id);
  Lane& lane = it->second;
  if (created) {
    lane.tokens = limits_.per_chat_burst;
    lane.refilled = now;
  }
  lane.group = lane.group || group;
  return lane;
}

OutboundQueue::Clock::duration OutboundQueue::lane_wait(Lane& lane, std::int64_t chat_id,
                                                        Clock::time_point now) {
  Clock::duration wait{0};
  if (lane.paused_until > now) wait = lane.paused_until - now;
  if (chat_id == 0) return wait;  // callback answers: no per-chat pacing
  double seconds = std::chrono::duration<double>(now - lane.refilled).count();
  lane.tokens = std::min<double>(limits_.per_chat_burst,
                                 lane.tokens + seconds * limits_.per_chat_per_second);
  lane.refilled = now;
  if (lane.tokens < 1.0) {
    wait = std::max(wait, wait_for_seconds((1.0 - lane.tokens) / limits_.per_chat_per_second));
  }
  if (lane.group) {
    while (!lane.minute.empty() && now - lane.minute.front() >= 60s) lane.minute.pop_front();
    if (static_cast<int>(lane.minute.size()) >= limits_.per_group_per_minute) {
      wait = std::max(wait, Clock::duration(lane.minute.front() + 60s - now));
    }
  }
  return wait;
}

void OutboundQueue::take_lane_slot(Lane& lane, std::int64_t chat_id, Clock::time_point now) {
  if (chat_id == 0) return;
  lane.tokens -= 1.0;
  if (lane.group) lane.minute.push_back(now);
}

void OutboundQueue::refill_global(Clock::time_point now) {
  double seconds = std::chrono::duration<double>(now - global_refilled_).count();
  // The bucket holds one second's worth, and at least one token (or nothing would ever go).
  global_tokens_ = std::min(std::max(1.0, limits_.global_per_second),
                            global_tokens_ + seconds * limits_.global_per_second);
  global_refilled_ = now;
}

OutboundQueue::Clock::duration OutboundQueue::global_wait(Clock::time_point now) const {
  Clock::duration wait{0};
  if (global_paused_until_ > now) wait = global_paused_until_ - now;
  if (global_tokens_ < 1.0) {
    wait = std::max(wait, wait_for_seconds((1.0 - global_tokens_) / limits_.global_per_second));
  }
  return wait;
}

void OutboundQueue::advance(std::int64_t chat_id, Lane& lane, Clock::time_point now,
                            Launch& launch) {
  if (lane.jobs.empty()) {
    lane.state = LaneState::idle;
    // An idle lane is dropped once it holds no pacing state a fresh one would not have;
    // until then it stays, or a new burst would escape the pacing.
    if (forgettable(lane, now)) lanes_.erase(chat_id);
    return;
  }
  if (auto wait = lane_wait(lane, chat_id, now); wait > Clock::duration::zero()) {
    lane.state = LaneState::pacing;
    launch.pacing.emplace_back(chat_id, wait);
    return;
  }
  if (ready_.empty()) {
    // Nobody is waiting for a global token: when one is there, go without the dispatcher.
    refill_global(now);
    if (global_wait(now) == Clock::duration::zero()) {
      grant(chat_id, lane, now, launch);
      return;
    }
  }
  lane.state = LaneState::ready;
  ready_.push_back(chat_id);
  if (!dispatching_) {
    dispatching_ = true;
    launch.dispatcher = true;
  }
}

void OutboundQueue::grant(std::int64_t chat_id, Lane& lane, Clock::time_point now, Launch& launch) {
  global_tokens_ -= 1.0;
  take_lane_slot(lane, chat_id, now);
  lane.state = LaneState::sending;
  ++in_flight_;
  launch.sends.push_back(chat_id);
}

// Only with something to start: then a request is pending, so the owner keeps us alive.
void OutboundQueue::start(const asio::any_io_executor& executor, Launch& launch) {
  for (auto chat_id : launch.sends) asio::co_spawn(executor, send(chat_id), asio::detached);
  for (auto [chat_id, wait] : launch.pacing) {
    asio::co_spawn(executor, pace(chat_id, wait), asio::detached);
  }
  if (launch.dispatcher) asio::co_spawn(executor, dispatch(), asio::detached);
}

void OutboundQueue::enqueue(std::vector<OutboundRequest> requests) {
  Launch launch;
  auto executor = executor_;
  std::vector<std::int64_t> finished;  // updates whose every reply was dropped
  std::vector<std::int64_t> dropped_chats;
  {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    for (auto& r : requests) {
      const std::int64_t chat_id = r.chat_id;
      Lane& lane = lane_for(chat_id, r.group, now);
      if (limits_.max_pending_per_chat > 0 &&
          lane.jobs.size() >= static_cast<std::size_t>(limits_.max_pending_per_chat)) {
        counters_.dropped++;
        dropped_chats.push_back(chat_id);
        if (!outstanding_.contains(r.update_id)) finished.push_back(r.update_id);
        continue;
      }
      outstanding_[r.update_id]++;
      ++pending_;
      lane.jobs.push_back(Job{std::move(r), 0});
      // A lane that is pacing, ready or sending takes its next job by itself.
      if (lane.state == LaneState::idle) advance(chat_id, lane, now, launch);
    }
    // An update with a reply still queued finishes with that one.
    std::erase_if(finished, [&](std::int64_t id) { return outstanding_.contains(id); });
  }
  if (!launch.empty()) start(executor, launch);
  for (auto chat : dropped_chats) warn_dropped(chat);
  for (auto id : finished) {
    if (on_update_done_ && id != 0) on_update_done_(id);
  }
}

// At most one warning a minute: a flooded chat would log one per reply.
void OutboundQueue::warn_dropped(std::int64_t chat_id) {
  if (!drop_warning_.due()) return;
  spdlog::warn("chat {}: {} replies already waiting (its pace), more dropped ({} so far)",
               chat_id, limits_.max_pending_per_chat, counters_.dropped.load());
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

OutboundBacklog OutboundQueue::backlog() const {
  std::lock_guard lock(mutex_);
  OutboundBacklog b;
  b.pending = pending_;
  b.in_flight = in_flight_;
  b.lanes = lanes_.size();
  b.lanes_ready = ready_.size();
  for (const auto& [chat_id, lane] : lanes_) {
    if (lane.state == LaneState::pacing) ++b.lanes_pacing;
  }
  return b;
}

bool OutboundQueue::take_slot_now(std::int64_t chat_id, bool group) {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  Lane& lane = lane_for(chat_id, group, now);
  // Queued replies to this chat go first: keep the order.
  if (!lane.jobs.empty()) return false;
  if (lane_wait(lane, chat_id, now) > Clock::duration::zero()) return false;
  refill_global(now);
  // Lanes waiting for a global token come first: take one only if it is to spare.
  if (global_wait(now) > Clock::duration::zero() ||
      global_tokens_ < 1.0 + static_cast<double>(ready_.size())) {
    return false;
  }
  global_tokens_ -= 1.0;
  take_lane_slot(lane, chat_id, now);
  return true;
}

awaitable<void> OutboundQueue::dispatch() {
  auto executor = executor_;
  asio::steady_timer timer(executor);
  while (true) {
    Launch launch;
    Clock::duration wait{0};
    bool done = false;
    {
      std::lock_guard lock(mutex_);
      const auto now = Clock::now();
      refill_global(now);
      while (!ready_.empty()) {
        wait = global_wait(now);
        if (wait > Clock::duration::zero()) break;
        const std::int64_t chat_id = ready_.front();
        ready_.pop_front();
        Lane& lane = lanes_.at(chat_id);
        // Its own limits allowed it when it became ready, and nothing takes its slots while
        // it has jobs (take_slot_now refuses then); checked again all the same.
        if (auto own = lane_wait(lane, chat_id, now); own > Clock::duration::zero()) {
          lane.state = LaneState::pacing;
          launch.pacing.emplace_back(chat_id, own);
          continue;
        }
        grant(chat_id, lane, now, launch);
      }
      if (ready_.empty()) {
        dispatching_ = false;
        done = true;
      }
    }
    if (!launch.empty()) start(executor, launch);
    if (done) co_return;
    timer.expires_after(wait);
    co_await timer.async_wait(use_awaitable);
  }
}

awaitable<void> OutboundQueue::pace(std::int64_t chat_id, Clock::duration wait) {
  auto executor = executor_;
  {
    asio::steady_timer timer(executor);
    timer.expires_after(wait);
    co_await timer.async_wait(use_awaitable);
  }
  Launch launch;
  {
    std::lock_guard lock(mutex_);
    advance(chat_id, lanes_.at(chat_id), Clock::now(), launch);
  }
  if (!launch.empty()) start(executor, launch);
}

awaitable<void> OutboundQueue::send(std::int64_t chat_id) {
  auto executor = executor_;
  std::string method;
  std::string body;
  {
    // The front job stays where it is while its lane is sending (only this coroutine
    // removes it), but the lock is needed to read it: enqueue() may grow the deque.
    std::lock_guard lock(mutex_);
    const Job& front = lanes_.at(chat_id).jobs.front();
    method = front.request.method;
    body = front.request.body;
  }
  ApiResult result;
  try {
    result = co_await api_.call(method, std::move(body), limits_.request_timeout);
  } catch (const std::exception& e) {
    result.kind = ApiResult::Kind::kNetwork;
    result.description = e.what();
  }

  using Kind = ApiResult::Kind;
  bool done = false;
  bool delivered = false;
  bool update_done = false;
  std::int64_t update_id = 0;
  Launch launch;
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
        spdlog::debug("{} to chat {}: 429, retrying after {} s", front.request.method, chat_id,
                      std::max(1, result.retry_after));
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
          spdlog::debug("{} to chat {}: {} (attempt {}), retrying in {} ms", front.request.method,
                        chat_id, result.description, front.attempts, backoff.count());
          lane.paused_until = Clock::now() + backoff;
        }
        break;
      case Kind::kRejected:
      case Kind::kUnauthorized:
      case Kind::kConflict:
        if (result.kind == Kind::kUnauthorized && unauthorized_warning_.due()) {
          // The token worked at start: it was revoked or replaced since.
          spdlog::critical("the Bot API refused the bot token ({}) on {}: was it revoked? "
                           "Replies cannot be sent until the bot runs with a valid one",
                           result.description, front.request.method);
        }
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
      update_id = front.request.update_id;
      lane.jobs.pop_front();
      auto it = outstanding_.find(update_id);
      if (it != outstanding_.end() && --it->second == 0) {
        outstanding_.erase(it);
        update_done = true;
      }
    } else {
      // Tried again: after the pause, or at once (a fallback), in its turn.
      --in_flight_;
      advance(chat_id, lane, Clock::now(), launch);
    }
  }
  if (!done) {
    if (!launch.empty()) start(executor, launch);
    co_return;
  }

  if (delivered) {
    counters_.sent++;
  } else {
    counters_.failed++;
  }
  // A reply that finally failed leaves the outbox too: it was logged, and sending it again
  // after a restart would fail the same way. The update is reported before its request
  // stops counting as pending, so whoever sees pending() reach zero also saw the report.
  if (update_done && on_update_done_ && update_id != 0) on_update_done_(update_id);
  {
    std::lock_guard lock(mutex_);
    --pending_;
    --in_flight_;
    // The lane stayed `sending` meanwhile, so nothing else moved or dropped it.
    advance(chat_id, lanes_.at(chat_id), Clock::now(), launch);
  }
  // Nothing to start means this lane is idle; and when nothing is pending any more the
  // owner may destroy the queue right now: `this` must not be touched after the unlock.
  if (!launch.empty()) start(executor, launch);
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

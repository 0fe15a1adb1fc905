#pragma once
// Every send, edit and answerCallbackQuery goes through here (DESIGN.md §1: flood control
// is ours to respect). Per chat: FIFO order and about one message a second with short
// bursts; per group: at most N a minute; across all chats: a global rate. Callback answers
// skip the per-chat pacing (they are not messages, and a spinning button must stop soon).
// The limits are settings (telegram.outbound_*).
//
// 429 pauses the chat (or everything, for a request without a chat) for retry_after and
// retries; 5xx and network errors retry with exponential backoff; "message is not
// modified" counts as done; an edit that fails otherwise is sent as a new message. A
// request that finally fails is logged and counted, and backlog() tells how much is
// waiting. One chat's lane holds at most max_pending_per_chat requests (a flooded group
// drains 20 a minute): what comes beyond is dropped, counted and logged, rather than held
// for hours. The whole queue is bounded by the transports' back-pressure
// (telegram.outbound_max_pending), which stops taking updates.
//
// Scheduling. Each chat is a lane with at most one request in flight. A lane with work is
// in one of three states: pacing (its own limits — per-chat rate, group minute, a pause
// after 429 or 5xx — hold it; one timer of its own until they allow the next send), ready
// (only the global rate holds it: it waits in one FIFO, without a timer), or sending. One
// dispatcher coroutine with one timer hands the global tokens to the ready lanes in FIFO
// order. Thousands of lanes waiting for the global rate thus cost one timer, not one each
// (each lane polling the global bucket with its own timer was half of the bot's CPU at load).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "telegram/bot_api.hpp"
#include "telegram/once_per_minute.hpp"
#include "telegram/outbound_limits.hpp"

namespace telegram {

struct OutboundRequest {
  std::int64_t chat_id = 0;  // 0: not paced per chat (callback answers)
  bool group = false;        // a group chat: also the per-group minute limit
  std::string method;
  std::string body;           // JSON parameters
  std::string fallback_body;  // an edit's sendMessage twin, used when the edit fails
  std::int64_t update_id = 0;  // the update whose reply this is
};

struct OutboundCounters {
  std::atomic<std::int64_t> sent{0};
  std::atomic<std::int64_t> retried{0};
  std::atomic<std::int64_t> rate_limited{0};  // 429 answers received
  std::atomic<std::int64_t> failed{0};        // given up, logged
  std::atomic<std::int64_t> dropped{0};       // over the chat's cap, logged
  std::atomic<std::int64_t> fallbacks{0};     // edits sent as new messages
};

// What is waiting, for a metrics endpoint (a snapshot: the numbers move).
struct OutboundBacklog {
  std::size_t pending = 0;      // requests queued or in flight, not finished yet
  std::size_t in_flight = 0;    // requests sent, answer not yet handled
  std::size_t lanes = 0;        // chats known (with work, or pacing state still to respect)
  std::size_t lanes_ready = 0;  // chats waiting for a global token only
  std::size_t lanes_pacing = 0;  // chats waiting for their own limits (or a pause)
};

class OutboundQueue {
 public:
  using UpdateDone = std::function<void(std::int64_t update_id)>;

  // `on_update_done` runs on an executor thread when every reply of an update finished.
  // Destroy the queue only once nothing is pending (drain() returned true) or after the
  // executor stopped: its coroutines refer to it while a request waits.
  OutboundQueue(asio::any_io_executor executor, BotApi& api, OutboundLimits limits,
                UpdateDone on_update_done);

  // Queues one update's replies, in order. Thread-safe.
  void enqueue(std::vector<OutboundRequest> requests);
  // A reply of `update_id` sent outside the queue (in a webhook response): the update
  // counts as done only once release() says that one went out too.
  void hold(std::int64_t update_id);
  void release(std::int64_t update_id);
  // Whether a message to this chat may go out right now; if so the slot is taken (the
  // caller sends it itself, e.g. in a webhook response).
  bool take_slot_now(std::int64_t chat_id, bool group);
  // Waits until everything queued was sent or given up, or until the deadline.
  awaitable<bool> drain(std::chrono::steady_clock::time_point deadline);

  // Requests queued or in flight, not finished yet (for back-pressure).
  std::size_t pending() const;
  OutboundBacklog backlog() const;
  const OutboundCounters& counters() const { return counters_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Job {
    OutboundRequest request;
    int attempts = 0;
  };
  enum class LaneState {
    idle,     // no job (kept while its pacing state matters, see forgettable())
    pacing,   // a timer of its own runs until its limits allow the next send
    ready,    // in ready_, waiting for a global token
    sending,  // its front job is in flight
  };
  // One per chat with a reply pending or a pacing state that matters, so as many as a
  // busy bot's recent chats: std::list, not std::deque, which allocates about 600 bytes
  // even when empty (two of them made an idle lane 1.2 KB, 50 MB at 100,000 players).
  struct Lane {
    std::list<Job> jobs;
    LaneState state = LaneState::idle;
    bool group = false;
    double tokens = 0;
    Clock::time_point refilled{};
    Clock::time_point paused_until{};
    std::list<Clock::time_point> minute;  // send times within the last minute (groups)
  };
  // Coroutines to start once the lock is released.
  struct Launch {
    std::vector<std::int64_t> sends;                                // chats granted a slot
    std::vector<std::pair<std::int64_t, Clock::duration>> pacing;  // chat, wait
    bool dispatcher = false;
    bool empty() const { return sends.empty() && pacing.empty() && !dispatcher; }
  };

  Lane& lane_for(std::int64_t chat_id, bool group, Clock::time_point now);
  // How long the lane's own limits hold its next send (zero: they allow it now).
  Clock::duration lane_wait(Lane& lane, std::int64_t chat_id, Clock::time_point now);
  void take_lane_slot(Lane& lane, std::int64_t chat_id, Clock::time_point now);
  void refill_global(Clock::time_point now);
  // How long the global rate (or a global pause) holds the next send.
  Clock::duration global_wait(Clock::time_point now) const;
  // Under the lock: a lane that is not pacing, ready or sending decides its next state.
  void advance(std::int64_t chat_id, Lane& lane, Clock::time_point now, Launch& launch);
  // Under the lock: takes the global and the lane's slot; the lane's front job goes out.
  void grant(std::int64_t chat_id, Lane& lane, Clock::time_point now, Launch& launch);
  void start(const asio::any_io_executor& executor, Launch& launch);

  void warn_dropped(std::int64_t chat_id);
  awaitable<void> dispatch();
  awaitable<void> pace(std::int64_t chat_id, Clock::duration wait);
  awaitable<void> send(std::int64_t chat_id);
  bool forgettable(const Lane& lane, Clock::time_point now) const;
  void sweep(Clock::time_point now);

  asio::any_io_executor executor_;
  BotApi& api_;
  OutboundLimits limits_;
  UpdateDone on_update_done_;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, Lane> lanes_;
  std::deque<std::int64_t> ready_;  // lanes waiting for a global token, first come first served
  bool dispatching_ = false;        // the dispatcher coroutine runs (it stops when ready_ empties)
  std::unordered_map<std::int64_t, int> outstanding_;  // update id -> requests not finished
  std::size_t pending_ = 0;
  std::size_t in_flight_ = 0;
  std::uint64_t lane_uses_ = 0;  // calls of lane_for: every 1024th sweeps the lanes
  OncePerMinute drop_warning_;
  OncePerMinute unauthorized_warning_;
  double global_tokens_ = 0;
  Clock::time_point global_refilled_{};
  Clock::time_point global_paused_until_{};
  OutboundCounters counters_;
};

}  // namespace telegram

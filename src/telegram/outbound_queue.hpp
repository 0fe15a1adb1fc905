#pragma once
// Every send, edit and answerCallbackQuery goes through here (DESIGN.md §1: flood control
// is ours to respect). Per chat: FIFO order and about one message a second with short
// bursts; per group: at most N a minute; across all chats: a global rate. Callback answers
// skip the per-chat pacing (they are not messages, and a spinning button must stop soon).
//
// 429 pauses the chat (or everything, for a request without a chat) for retry_after and
// retries; 5xx and network errors retry with exponential backoff; "message is not
// modified" counts as done; an edit that fails otherwise is sent as a new message. Nothing
// is dropped silently: a request that finally fails is logged and counted.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "telegram/bot_api.hpp"

namespace telegram {

struct OutboundRequest {
  std::int64_t chat_id = 0;  // 0: not paced per chat (callback answers)
  bool group = false;        // a group chat: also the per-group minute limit
  std::string method;
  std::string body;           // JSON parameters
  std::string fallback_body;  // an edit's sendMessage twin, used when the edit fails
  std::int64_t update_id = 0;  // the update whose reply this is
};

struct OutboundLimits {
  double per_chat_per_second = 1.0;
  int per_chat_burst = 3;
  int per_group_per_minute = 20;
  double global_per_second = 30.0;
  int max_attempts = 8;  // for 5xx and network errors
  std::chrono::milliseconds request_timeout{15000};
};

struct OutboundCounters {
  std::atomic<std::int64_t> sent{0};
  std::atomic<std::int64_t> retried{0};
  std::atomic<std::int64_t> rate_limited{0};  // 429 answers received
  std::atomic<std::int64_t> failed{0};        // given up, logged
  std::atomic<std::int64_t> fallbacks{0};     // edits sent as new messages
};

class OutboundQueue {
 public:
  using UpdateDone = std::function<void(std::int64_t update_id)>;

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

  std::size_t pending() const;
  const OutboundCounters& counters() const { return counters_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Job {
    OutboundRequest request;
    int attempts = 0;
  };
  struct Lane {
    std::deque<Job> jobs;
    bool running = false;
    bool group = false;
    double tokens = 0;
    Clock::time_point refilled{};
    Clock::time_point paused_until{};
    std::deque<Clock::time_point> minute;  // send times within the last minute (groups)
  };

  awaitable<void> run_lane(std::int64_t chat_id);
  // How long the lane must wait before its next send (zero: go, and the slot is taken).
  Clock::duration reserve(Lane& lane, std::int64_t chat_id, Clock::time_point now);
  void finish(const Job& job, bool delivered);
  bool forgettable(const Lane& lane, Clock::time_point now) const;
  void sweep(Clock::time_point now);

  asio::any_io_executor executor_;
  BotApi& api_;
  OutboundLimits limits_;
  UpdateDone on_update_done_;
  mutable std::mutex mutex_;
  std::map<std::int64_t, Lane> lanes_;
  std::map<std::int64_t, int> outstanding_;  // update id -> requests not finished
  std::size_t pending_ = 0;
  std::uint64_t enqueues_ = 0;
  double global_tokens_ = 0;
  Clock::time_point global_refilled_{};
  Clock::time_point global_paused_until_{};
  OutboundCounters counters_;
};

}  // namespace telegram

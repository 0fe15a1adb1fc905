#pragma once
// The replicas' change feed (issue 15, "caches agree"): after a batch commits, a replica
// publishes the players and chats it changed on one Redis channel; every other replica
// drops them from its caches (and reads its leaderboards again), so none shows a player or
// a chat board staler than the feed's delay (a millisecond or so) instead of a cache age.
//
// Both ends run on threads of their own, never on the engine thread: publish() only queues
// (what queued while a PUBLISH was on its way goes as one message), and the subscriber
// hands what it receives to `on_changes`, which posts it to the engine thread.
//
// What cannot be known is said as "everything": a subscription that starts (the first, or
// again after Redis went away; what was published in between is lost) and a message too
// big to send. The receiver then drops all it keeps. While Redis is away the caches can be
// as stale as before the feed, bounded by their ages; writes stay safe either way (each
// write checks the row's version).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ops/redis_url.hpp"

namespace redis {

struct Changes {
  std::vector<std::int64_t> players;
  std::vector<std::int64_t> chats;
  bool everything = false;
  // The changed players' new rows, opaque here (the store's text of a player): a receiver
  // that has them refreshes its copies instead of reading them again. Optional: the ids
  // alone say what to drop.
  std::vector<std::string> rows;

  bool empty() const { return players.empty() && chats.empty() && !everything; }
  void merge(Changes other);
};

// The message: "<origin> <players, comma-separated> <chats>" and then, if any, " " and the
// rows, each as "<length>:<bytes>"; or "<origin> *" for everything. The origin lets a
// replica skip its own. nullopt for anything else.
std::string encode_changes(std::uint64_t origin, const Changes& changes);
struct Message {
  std::uint64_t origin = 0;
  Changes changes;
};
std::optional<Message> decode_changes(std::string_view text);

class ChangeFeed {
 public:
  struct Options {
    std::string channel = "gofrobot:changes";
    std::chrono::milliseconds timeout{1000};          // connect, and each reply
    std::chrono::milliseconds retry_interval{2000};   // after Redis failed
    std::size_t max_ids = 20'000;                     // a bigger message says "everything"
    std::size_t max_row_bytes = 1 << 20;              // bigger: the rows are left out
  };
  // Called on the subscriber's thread with what another replica changed.
  using OnChanges = std::function<void(Changes)>;

  ChangeFeed(ops::RedisEndpoint endpoint, OnChanges on_changes, Options options);
  ChangeFeed(ops::RedisEndpoint endpoint, OnChanges on_changes)
      : ChangeFeed(std::move(endpoint), std::move(on_changes), Options{}) {}
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // Queues this replica's committed changes; never waits for Redis.
  void publish(Changes changes);

  struct Numbers {
    bool subscribed = false;
    std::int64_t published = 0;     // messages sent
    std::int64_t publish_failures = 0;
    std::int64_t received = 0;      // messages of other replicas
    std::int64_t subscriptions = 0; // subscriptions started (each says "everything")
  };
  Numbers numbers() const;
  bool subscribed() const { return subscribed_.load(std::memory_order_relaxed); }

 private:
  void publish_loop();
  void subscribe_loop();
  // Waits up to `d` unless stopping; false when stopping.
  bool pause(std::chrono::milliseconds d);

  const ops::RedisEndpoint endpoint_;
  const OnChanges on_changes_;
  const Options options_;
  const std::uint64_t origin_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::optional<Changes> queued_;

  std::atomic<bool> subscribed_{false};
  std::atomic<std::int64_t> published_{0}, publish_failures_{0}, received_{0}, subscriptions_{0};
  std::thread publisher_;
  std::thread subscriber_;
};

}  // namespace redis

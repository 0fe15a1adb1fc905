#pragma once
// Redis as a helper that may go away: a lazily opened Connection behind a circuit breaker.
// While Redis answers, run() sends the commands (one round trip). When it fails (refused,
// reset, a timeout), the connection is dropped, the failure is logged once and run()
// returns nothing at once, without trying, until the probe interval has passed: then the
// next call tries one connection again (a probe). So a Redis that is down costs the caller
// at most one timeout per interval, never one per call, and the caller falls back to what
// it can do alone. The first success after a failure logs that Redis is back.
//
// Not thread-safe: one Link per thread that uses it (the engine thread).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "redis/connection.hpp"

namespace redis {

class Link {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    std::chrono::milliseconds timeout{100};          // connect, and each reply
    std::chrono::milliseconds probe_interval{2000};  // after a failure, the wait before a probe
  };

  Link(ops::RedisEndpoint endpoint, Options options);
  Link(ops::RedisEndpoint endpoint) : Link(std::move(endpoint), Options{}) {}

  // The replies, or nothing when Redis is unavailable (now, or within the probe interval
  // after a failure).
  std::optional<std::vector<Reply>> run(std::span<const Command> commands);

  // Whether the last attempt succeeded (true before the first).
  bool up() const { return up_; }
  std::int64_t round_trips() const { return round_trips_; }
  std::int64_t failures() const { return failures_; }
  // Called with the new state whenever up() changes (metrics).
  void on_change(std::function<void(bool)> f) { on_change_ = std::move(f); }

 private:
  void failed(const std::string& why);

  ops::RedisEndpoint endpoint_;
  Options options_;
  std::unique_ptr<Connection> connection_;
  bool up_ = true;
  Clock::time_point next_probe_{};
  std::int64_t round_trips_ = 0;
  std::int64_t failures_ = 0;
  std::function<void(bool)> on_change_;
};

}  // namespace redis

#pragma once
// /ready (docs/OPERATIONS.md): 200 only while the bot serves (started, migrated, not shutting
// down) and the database answers a cheap query within the timeout; otherwise 503 with the
// reasons. The query runs on a thread of its own, never on the engine's (a scrape or probe
// must not wait for a batch, nor a batch for it), and a result is reused for `reuse` so a
// busy prober costs one query a second at most. A query that hangs (a database that stopped
// answering) is reported as such after the timeout, and no second one is started meanwhile.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "net/asio.hpp"
#include "ops/http/ops_server.hpp"

namespace app {

class Readiness {
 public:
  // Runs on the prober thread; throws (a DatabaseError, say) when the database is not
  // there, or is not at the schema this build expects.
  using Probe = std::function<void()>;

  explicit Readiness(std::chrono::milliseconds timeout = std::chrono::seconds(2),
                     std::chrono::milliseconds reuse = std::chrono::seconds(1));
  ~Readiness();
  Readiness(const Readiness&) = delete;
  Readiness& operator=(const Readiness&) = delete;

  void starting(std::string what);  // e.g. "opening the database"
  void set_probe(Probe probe);
  void serving();
  void stopping();  // first thing a graceful shutdown does
  bool is_serving() const;
  bool is_stopping() const;

  net::awaitable<ops::http::ReadyAnswer> check();

 private:
  enum class Phase { kStarting, kServing, kStopping };
  struct Result {
    bool ok = false;
    std::string error;
    double seconds = 0;
    std::chrono::steady_clock::time_point finished{};
  };
  void run();

  const std::chrono::milliseconds timeout_;
  const std::chrono::milliseconds reuse_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  Phase phase_ = Phase::kStarting;
  std::string starting_what_ = "starting";
  Probe probe_;
  bool requested_ = false;
  bool probing_ = false;
  std::chrono::steady_clock::time_point probe_started_{};
  std::uint64_t generation_ = 0;  // results so far
  Result last_;
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace app

#pragma once
// What the engine counts (docs/OPERATIONS.md): the original game's metric names and labels
// (GAME.md §13.7) with real values, plus the batches, guards and duplicates of our own
// write path. Labels come from bounded sets only: route names, chat types, guard names,
// error kinds. Every series a route needs is resolved once, here, so counting an update
// costs a hash lookup of the route and a few atomic adds.
//
// The engine thread counts and publishes; prometheus-cpp's metric types make the values
// safe to read from the scraping thread.
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <string_view>
#include <unordered_map>

#include "bot/active_users.hpp"
#include "bot/router.hpp"

namespace bot {

// bot_errors_total{error_type}.
enum class ErrorKind {
  kHandler,          // a handler (or the rules below it) threw: the error guard answered
  kVersionConflict,  // gave up after repeated conflicts with another process
  kStorage,          // the database could not begin a batch: nothing processed
  kCommit,           // a batch's commit failed: nothing acknowledged, Telegram resends
  kMalformedUpdate,  // an update the transport could not read
};
inline constexpr std::size_t kErrorKinds = 5;
std::string_view to_string(ErrorKind kind);

class EngineMetrics {
 public:
  EngineMetrics(prometheus::Registry& registry, const Router& router);

  // --- per update (engine thread, except error(), which any thread may call) ----------
  void message_received(ChatType type) { messages_[static_cast<std::size_t>(type)]->Increment(); }
  void duplicate() { duplicates_.Increment(); }
  void deferred() { deferred_.Increment(); }
  // A batch refused at its optimistic commit and run again change set by change set.
  void batch_replayed() { replayed_.Increment(); }
  void error(ErrorKind kind) { errors_[static_cast<std::size_t>(kind)]->Increment(); }
  // An update a route (or none: nullptr) handled; `failed`: the error guard answered;
  // `ran`: the handler ran (no guard stopped it), which counts a command as executed.
  void handled(const Route* route, bool failed, bool ran, double seconds);
  // The counter of updates a guard stopped (bot_updates_refused_total{guard}).
  prometheus::Counter& refused_by(std::string_view guard);
  void user_seen(UserId user, UnixTime now) { active_.seen(user, now); }

  // --- per batch (engine thread) ------------------------------------------------------
  void batch(std::size_t updates, double commit_seconds);
  // Sets the active-user gauges (after each batch).
  void publish(UnixTime now);
  // --- per update, by the pipeline ------------------------------------------------------
  void update_latency(double seconds) { latency_.Observe(seconds); }

  // Errors of every kind so far (/health's errors_encountered).
  double errors_total() const;
  // Distinct users per window of ActiveUsers::kWindowMinutes, as last published.
  std::array<std::int64_t, 4> active_users() const { return active_published_; }
  // The update latency histogram as a scrape sees it (the minute's traffic summary).
  prometheus::ClientMetric::Histogram latency_snapshot() const { return latency_.Collect().histogram; }

 private:
  struct RouteSeries {
    prometheus::Counter* success = nullptr;
    prometheus::Counter* error = nullptr;
    prometheus::Counter* command = nullptr;      // commands only
    prometheus::Histogram* duration = nullptr;  // created at the route's first update
    std::string name;
  };
  RouteSeries& series(const Route* route);

  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Counter>& messages_family_;
  prometheus::Family<prometheus::Counter>& commands_;
  prometheus::Family<prometheus::Counter>& errors_family_;
  prometheus::Family<prometheus::Gauge>& active_family_;
  prometheus::Family<prometheus::Histogram>& durations_;
  prometheus::Family<prometheus::Counter>& refused_;
  prometheus::Counter& duplicates_;
  prometheus::Counter& deferred_;
  prometheus::Counter& replayed_;
  prometheus::Histogram& batch_updates_;
  prometheus::Histogram& commit_seconds_;
  prometheus::Histogram& latency_;
  std::array<prometheus::Counter*, 4> messages_{};  // by ChatType
  std::array<prometheus::Counter*, kErrorKinds> errors_{};
  std::array<prometheus::Gauge*, 4> active_gauges_{};  // by ActiveUsers::kWindowMinutes
  std::unordered_map<const Route*, RouteSeries> routes_;
  RouteSeries unmatched_;
  ActiveUsers active_;
  std::array<std::int64_t, 4> active_published_{};  // engine thread
};

}  // namespace bot

#include "bot/engine_metrics.hpp"

#include <string>

#include "ops/metrics/registry.hpp"

namespace bot {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

constexpr std::array<std::string_view, 4> kChatTypes{"private", "group", "supergroup", "channel"};
constexpr std::array<std::string_view, 4> kWindows{"5m", "1h", "24h", "7d"};

bool is_command(const Route& route) { return route.name.starts_with('/'); }

}  // namespace

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kHandler: return "handler";
    case ErrorKind::kVersionConflict: return "version_conflict";
    case ErrorKind::kStorage: return "storage_unavailable";
    case ErrorKind::kCommit: return "commit_failed";
    case ErrorKind::kMalformedUpdate: return "malformed_update";
  }
  return "unknown";
}

EngineMetrics::EngineMetrics(prometheus::Registry& registry, const Router& router)
    : requests_(BuildCounter()
                    .Name("bot_requests_total")
                    .Help("Updates processed, by the route that handled them (handler: a command, "
                          "button or conversation route; none: no route) and status (success, or "
                          "error when the error guard answered instead).")
                    .Register(registry)),
      messages_family_(BuildCounter()
                           .Name("bot_messages_received_total")
                           .Help("Messages received (not duplicates), by chat type.")
                           .Register(registry)),
      commands_(BuildCounter()
                    .Name("bot_commands_executed_total")
                    .Help("Commands whose handler ran to completion (no guard stopped them, no error), by "
                          "command.")
                    .Register(registry)),
      errors_family_(BuildCounter()
                         .Name("bot_errors_total")
                         .Help("Errors, by kind: handler, version_conflict, storage_unavailable, "
                               "commit_failed, malformed_update.")
                         .Register(registry)),
      active_family_(BuildGauge()
                         .Name("bot_active_users")
                         .Help("Distinct users who sent an update within the window: the last 5 "
                               "minutes (5m), hour (1h), 24 hours (24h) or 7 days (7d), counted "
                               "since the process started.")
                         .Register(registry)),
      durations_(BuildHistogram()
                     .Name("bot_request_duration_seconds")
                     .Help("Time the engine spent on an update, by route: guards, handler, rules "
                           "and its writes, not the commit it shares with its batch.")
                     .Register(registry)),
      refused_(BuildCounter()
                   .Name("gofrobot_updates_refused_total")
                   .Help("Updates a guard stopped before their handler, by guard.")
                   .Register(registry)),
      duplicates_(BuildCounter()
                      .Name("gofrobot_updates_duplicate_total")
                      .Help("Updates received again after they had been processed (a redelivery): "
                            "ignored.")
                      .Register(registry)
                      .Add({})),
      deferred_(BuildCounter()
                    .Name("gofrobot_updates_deferred_total")
                    .Help("Updates put back for a later batch because another process held the "
                          "rows they needed.")
                    .Register(registry)
                    .Add({})),
      replayed_(BuildCounter()
                    .Name("gofrobot_batches_replayed_total")
                    .Help("Batches whose set-based commit found a change set it had to refuse "
                          "(PostgreSQL: a version conflict with another replica, say), run "
                          "again change set by change set.")
                    .Register(registry)
                    .Add({})),
      batch_updates_(BuildHistogram()
                         .Name("gofrobot_batch_updates")
                         .Help("Updates per batch: one transaction and one commit each (group "
                               "commit).")
                         .Register(registry)
                         .Add({}, ops::metrics::power_of_two_buckets(256))),
      commit_seconds_(BuildHistogram()
                          .Name("gofrobot_batch_commit_seconds")
                          .Help("Time to commit a batch (the fsync with SQLite).")
                          .Register(registry)
                          .Add({}, ops::metrics::duration_buckets())),
      latency_(BuildHistogram()
                   .Name("gofrobot_update_latency_seconds")
                   .Help("Time from an update reaching the engine's queue to its batch being "
                         "committed (its replies may go out from then on).")
                   .Register(registry)
                   .Add({}, ops::metrics::duration_buckets())) {
  for (std::size_t i = 0; i < kChatTypes.size(); ++i) {
    messages_[i] = &messages_family_.Add({{"chat_type", std::string(kChatTypes[i])}});
  }
  for (std::size_t i = 0; i < kErrorKinds; ++i) {
    errors_[i] = &errors_family_.Add({{"error_type", std::string(to_string(ErrorKind(i)))}});
  }
  for (std::size_t i = 0; i < kWindows.size(); ++i) {
    active_gauges_[i] = &active_family_.Add({{"window", std::string(kWindows[i])}});
  }
  auto make = [&](const std::string& name, bool command) {
    RouteSeries s;
    s.name = name;
    s.success = &requests_.Add({{"handler", name}, {"status", "success"}});
    s.error = &requests_.Add({{"handler", name}, {"status", "error"}});
    if (command) s.command = &commands_.Add({{"command_name", name}});
    return s;
  };
  for (const Route* route : router.routes()) routes_.emplace(route, make(route->name, is_command(*route)));
  unmatched_ = make("none", false);
}

EngineMetrics::RouteSeries& EngineMetrics::series(const Route* route) {
  if (!route) return unmatched_;
  auto it = routes_.find(route);
  return it != routes_.end() ? it->second : unmatched_;
}

void EngineMetrics::handled(const Route* route, bool failed, bool ran, double seconds) {
  auto& s = series(route);
  (failed ? s.error : s.success)->Increment();
  if (ran && s.command) s.command->Increment();
  if (!s.duration) s.duration = &durations_.Add({{"handler", s.name}}, ops::metrics::duration_buckets());
  s.duration->Observe(seconds);
}

prometheus::Counter& EngineMetrics::refused_by(std::string_view guard) {
  return refused_.Add({{"guard", std::string(guard)}});
}

void EngineMetrics::batch(std::size_t updates, double commit_seconds) {
  batch_updates_.Observe(static_cast<double>(updates));
  commit_seconds_.Observe(commit_seconds);
}

void EngineMetrics::publish(UnixTime now) {
  const auto counts = active_.counts(now);
  for (std::size_t i = 0; i < counts.size(); ++i) active_gauges_[i]->Set(static_cast<double>(counts[i]));
  active_published_ = counts;
}

double EngineMetrics::errors_total() const {
  double sum = 0;
  for (const auto* counter : errors_) sum += counter->Value();
  return sum;
}

}  // namespace bot

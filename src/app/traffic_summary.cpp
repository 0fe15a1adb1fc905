#include "app/traffic_summary.hpp"

#include <cmath>

#include "bot/pipeline.hpp"
#include "ops/log_event.hpp"
#include "ops/metrics/quantile.hpp"
#include "telegram/outbound_queue.hpp"

namespace app {

TrafficSummary::TrafficSummary(const bot::Pipeline& pipeline, const bot::EngineMetrics& metrics,
                               const telegram::OutboundQueue& outbound)
    : pipeline_(pipeline),
      metrics_(metrics),
      outbound_(outbound),
      updates_(pipeline.stats().updates),
      batches_(pipeline.stats().batches),
      errors_(metrics.errors_total()),
      latency_(metrics.latency_snapshot()) {}

void TrafficSummary::log_since_last() {
  const std::int64_t updates = pipeline_.stats().updates;
  const std::int64_t batches = pipeline_.stats().batches;
  const double errors = metrics_.errors_total();
  auto latency = metrics_.latency_snapshot();
  const auto p99 = ops::metrics::quantile_between(latency_, latency, 0.99);
  const auto new_updates = updates - updates_;
  const auto new_batches = batches - batches_;
  // One decimal: a summary for people.
  auto tenths = [](double v) { return std::round(v * 10) / 10; };
  ops::log_event(spdlog::level::info, "traffic in the last minute",
                 {{"updates", new_updates},
                  {"errors", static_cast<std::int64_t>(errors - errors_)},
                  {"p99_ms", p99 ? tenths(*p99 * 1000) : 0.0},
                  {"batch_size", new_batches > 0 ? tenths(static_cast<double>(new_updates) /
                                                          static_cast<double>(new_batches))
                                                 : 0.0},
                  {"replies_waiting", outbound_.pending()}});
  updates_ = updates;
  batches_ = batches;
  errors_ = errors;
  latency_ = std::move(latency);
}

}  // namespace app

#pragma once
// The minute's traffic in one info line (docs/OPERATIONS.md, "Logs"):
//   traffic updates=1234 errors=0 p99_ms=1.8 batch_size=12.3 replies_waiting=4
// updates and batches from the engine thread's counters, errors from bot_errors_total, p99
// from the update latency histogram (what the minute added to it), replies waiting from
// the outbound queue. Cheap: a few copies a minute.
#include <prometheus/client_metric.h>

#include <cstdint>

namespace bot {
class Pipeline;
class EngineMetrics;
}  // namespace bot
namespace telegram {
class OutboundQueue;
}

namespace app {

class TrafficSummary {
 public:
  TrafficSummary(const bot::Pipeline& pipeline, const bot::EngineMetrics& metrics,
                 const telegram::OutboundQueue& outbound);
  // Logs what happened since the last call (or since construction).
  void log_since_last();

 private:
  const bot::Pipeline& pipeline_;
  const bot::EngineMetrics& metrics_;
  const telegram::OutboundQueue& outbound_;
  std::int64_t updates_ = 0;
  std::int64_t batches_ = 0;
  double errors_ = 0;
  prometheus::ClientMetric::Histogram latency_;
};

}  // namespace app

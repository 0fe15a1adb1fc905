#pragma once
// Everything /metrics shows (DESIGN.md §9, docs/OPERATIONS.md):
//   * events, counted where the work is, in the prometheus-cpp families of families();
//     a layer resolves its labelled series once (labels are bounded sets: route names,
//     chat types, methods, error kinds; never an id or free text), so counting costs an
//     atomic add, no lookup;
//   * state that lives elsewhere (queue lengths, cache sizes, connections, the process),
//     read by collectors at each scrape from values their owners keep thread-safe.
// A scrape only copies: it never waits for the engine or the database.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

namespace ops::metrics {

using Families = std::vector<prometheus::MetricFamily>;
using Collector = std::function<void(Families& out)>;

class MetricsRegistry {
 public:
  MetricsRegistry();

  // Where counters, gauges and histograms are registered (prometheus::Build…().Register()).
  prometheus::Registry& families() { return *registry_; }
  // A collector runs on the scraping thread at every scrape; it must not block.
  void add_collector(Collector collector);

  Families collect() const;
  // The text exposition format 0.0.4.
  std::string text() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  mutable std::mutex mutex_;
  std::vector<Collector> collectors_;
};

inline constexpr const char* kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// A family for a collector to fill.
prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type);
// One sample of a counter or gauge family.
void add_sample(prometheus::MetricFamily& family, double value,
                std::vector<prometheus::ClientMetric::Label> labels = {});

// Histogram buckets, in seconds, for work that takes from microseconds (a handler) to
// seconds (a commit on a slow disk, a Bot API call).
std::vector<double> duration_buckets();
// Buckets for counts that grow in powers of two up to `max` (batch sizes).
std::vector<double> power_of_two_buckets(double max);

}  // namespace ops::metrics

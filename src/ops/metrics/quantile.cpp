#include "ops/metrics/quantile.hpp"

#include <cmath>

namespace ops::metrics {

std::optional<double> quantile_between(const prometheus::ClientMetric::Histogram& before,
                                       const prometheus::ClientMetric::Histogram& after,
                                       double q) {
  const auto& now = after.bucket;
  if (now.empty()) return std::nullopt;
  const bool comparable = before.bucket.size() == now.size();
  auto count_at = [&](std::size_t i) {
    const auto previous = comparable ? before.bucket[i].cumulative_count : 0;
    return now[i].cumulative_count >= previous ? now[i].cumulative_count - previous : 0;
  };
  const double total = static_cast<double>(count_at(now.size() - 1));
  if (total <= 0) return std::nullopt;
  const double rank = q * total;
  double lower_bound = 0;
  double lower_count = 0;
  for (std::size_t i = 0; i < now.size(); ++i) {
    const double upper = now[i].upper_bound;
    const double count = static_cast<double>(count_at(i));
    if (count >= rank) {
      if (std::isinf(upper)) return lower_bound;  // beyond the last finite bound
      if (count == lower_count) return upper;
      return lower_bound + (upper - lower_bound) * (rank - lower_count) / (count - lower_count);
    }
    lower_bound = std::isinf(upper) ? lower_bound : upper;
    lower_count = count;
  }
  return lower_bound;
}

}  // namespace ops::metrics

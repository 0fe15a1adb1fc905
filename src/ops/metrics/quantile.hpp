#pragma once
// A quantile of what one histogram observed between two of its snapshots, estimated as
// PromQL's histogram_quantile() does: linearly within the bucket the rank falls in (from 0
// for the first bucket); a rank in the +Inf bucket gives the largest finite bound.
#include <optional>

#include <prometheus/client_metric.h>

namespace ops::metrics {

std::optional<double> quantile_between(const prometheus::ClientMetric::Histogram& before,
                                       const prometheus::ClientMetric::Histogram& after,
                                       double q);

}  // namespace ops::metrics

#pragma once
// The value of one sample read back from a registry the way a scrape reads it: a counter's
// or gauge's value, a histogram's count. 0 when the family exists but not the series (yet);
// a test failure and -1 when there is no such family.
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <map>
#include <string>

namespace test_support {

inline double sample(const prometheus::Registry& registry, const std::string& name,
                     const std::map<std::string, std::string>& labels = {}) {
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& m : family.metric) {
      std::map<std::string, std::string> have;
      for (const auto& l : m.label) have[l.name] = l.value;
      if (have != labels) continue;
      switch (family.type) {
        case prometheus::MetricType::Counter: return m.counter.value;
        case prometheus::MetricType::Gauge: return m.gauge.value;
        case prometheus::MetricType::Histogram: return static_cast<double>(m.histogram.sample_count);
        default: return -1;
      }
    }
    return 0;
  }
  ADD_FAILURE() << "no family " << name;
  return -1;
}

}  // namespace test_support

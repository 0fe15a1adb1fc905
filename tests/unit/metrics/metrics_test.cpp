// The metrics registry's text exposition, the process collector's /proc parsing, and the
// families a collector fills.
#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/histogram.h>

#include "ops/metrics/process.hpp"
#include "ops/metrics/registry.hpp"

namespace ops::metrics {
namespace {

TEST(MetricsRegistry, TextHoldsRegisteredFamiliesAndCollectedOnes) {
  MetricsRegistry registry;
  auto& counter = prometheus::BuildCounter()
                      .Name("test_events_total")
                      .Help("Events.")
                      .Register(registry.families())
                      .Add({{"kind", "a"}});
  counter.Increment(3);
  int scrapes = 0;
  registry.add_collector([&](Families& out) {
    ++scrapes;
    auto f = family("test_queue_length", "Items waiting.", prometheus::MetricType::Gauge);
    add_sample(f, 7, {{"queue", "q1"}});
    out.push_back(std::move(f));
  });
  const auto text = registry.text();
  EXPECT_NE(text.find("# HELP test_events_total Events."), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE test_events_total counter"), std::string::npos) << text;
  EXPECT_NE(text.find("test_events_total{kind=\"a\"} 3"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE test_queue_length gauge"), std::string::npos) << text;
  EXPECT_NE(text.find("test_queue_length{queue=\"q1\"} 7"), std::string::npos) << text;
  EXPECT_EQ(scrapes, 1);
  counter.Increment();
  EXPECT_NE(registry.text().find("test_events_total{kind=\"a\"} 4"), std::string::npos);
  EXPECT_EQ(scrapes, 2);
}

TEST(MetricsRegistry, CounterFamiliesOfACollectorAreCounters) {
  auto f = family("x_total", "X.", prometheus::MetricType::Counter);
  add_sample(f, 5);
  ASSERT_EQ(f.metric.size(), 1u);
  EXPECT_EQ(f.metric[0].counter.value, 5);
  EXPECT_EQ(f.metric[0].gauge.value, 0);
}

TEST(Buckets, DurationsSpanMicrosecondsToSecondsInOrder) {
  auto b = duration_buckets();
  ASSERT_GE(b.size(), 10u);
  EXPECT_LE(b.front(), 0.00001);
  EXPECT_GE(b.back(), 5);
  EXPECT_TRUE(std::is_sorted(b.begin(), b.end()));
  EXPECT_EQ(power_of_two_buckets(256), (std::vector<double>{1, 2, 4, 8, 16, 32, 64, 128, 256}));
}

TEST(ProcessStat, ParsesFieldsAfterACommandWithSpacesAndParentheses) {
  // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt
  // cmajflt utime(14) stime(15) cutime cstime priority nice num_threads(20) itrealvalue
  // starttime(22) vsize(23) rss(24) ...
  const std::string line =
      "4242 (my (odd) bot) S 1 4242 4242 0 -1 4194560 500 0 0 0 150 50 0 0 20 0 7 0 "
      "123456 104857600 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  auto f = parse_stat(line);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->utime_ticks, 150);
  EXPECT_EQ(f->stime_ticks, 50);
  EXPECT_EQ(f->threads, 7);
  EXPECT_EQ(f->start_ticks, 123456);
  EXPECT_EQ(f->virtual_bytes, 104857600);
  EXPECT_EQ(f->resident_pages, 2560);
  EXPECT_FALSE(parse_stat("garbage"));
  EXPECT_FALSE(parse_stat("1 (x) S 1 2"));
}

TEST(ProcessStat, BootTime) {
  EXPECT_EQ(parse_boot_time("cpu  1 2 3\nintr 5\nbtime 1700000000\nprocesses 9\n"), 1700000000);
  EXPECT_FALSE(parse_boot_time("cpu 1\n"));
}

TEST(ProcessStat, ThisProcessHasMemoryDescriptorsAndAStartTime) {
  const auto s = read_process_stats();
  EXPECT_GT(s.resident_bytes, 1 << 20);
  EXPECT_GE(s.virtual_bytes, s.resident_bytes);
  EXPECT_GE(s.open_fds, 3);  // stdin, stdout, stderr at least
  EXPECT_GT(s.max_fds, s.open_fds);
  EXPECT_GE(s.threads, 1);
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(s.start_time_seconds, now + 1);
  EXPECT_GT(s.start_time_seconds, now - 3600);  // a test process started within the hour
  EXPECT_GT(total_memory_bytes(), s.resident_bytes);
  Families out;
  collect_process(out);
  ASSERT_EQ(out.size(), 7u);
  EXPECT_EQ(out[0].name, "process_cpu_seconds_total");
  EXPECT_EQ(out[0].type, prometheus::MetricType::Counter);
}

}  // namespace
}  // namespace ops::metrics

#include "ops/metrics/quantile.hpp"

namespace ops::metrics {
namespace {

prometheus::ClientMetric::Histogram observed(const std::vector<double>& bounds,
                                             const std::vector<double>& values) {
  prometheus::Histogram h(bounds);
  for (double v : values) h.Observe(v);
  return h.Collect().histogram;
}

TEST(Quantile, InterpolatesWithinTheBucketLikeHistogramQuantile) {
  const std::vector<double> bounds{1, 2, 4, 8};
  const auto empty = observed(bounds, {});
  // 100 observations: 50 in (0,1], 40 in (1,2], 10 in (2,4].
  std::vector<double> values(50, 0.5);
  values.insert(values.end(), 40, 1.5);
  values.insert(values.end(), 10, 3.0);
  const auto after = observed(bounds, values);
  EXPECT_DOUBLE_EQ(*quantile_between(empty, after, 0.5), 1.0);
  EXPECT_DOUBLE_EQ(*quantile_between(empty, after, 0.25), 0.5);
  EXPECT_DOUBLE_EQ(*quantile_between(empty, after, 0.7), 1.5);   // 20 of the 40 in (1,2]
  EXPECT_DOUBLE_EQ(*quantile_between(empty, after, 0.95), 3.0);  // 5 of the 10 in (2,4]
  EXPECT_FALSE(quantile_between(empty, empty, 0.99));
}

TEST(Quantile, CountsOnlyWhatCameBetweenTheSnapshots) {
  prometheus::Histogram h({0.001, 0.01, 0.1});
  for (int i = 0; i < 1000; ++i) h.Observe(0.0005);  // the last minute's traffic
  const auto before = h.Collect().histogram;
  for (int i = 0; i < 10; ++i) h.Observe(0.05);  // this minute's: all slow
  const auto after = h.Collect().histogram;
  EXPECT_GT(*quantile_between(before, after, 0.5), 0.01);
  // Beyond the last finite bound: that bound.
  h.Observe(5);
  h.Observe(5);
  EXPECT_DOUBLE_EQ(*quantile_between(after, h.Collect().histogram, 0.99), 0.1);
}

}  // namespace
}  // namespace ops::metrics

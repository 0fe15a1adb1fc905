#include "app/health.hpp"

#include <fmt/format.h>

#include <ctime>

#include "ops/metrics/process.hpp"
#include "telegram/json_writer.hpp"

namespace app {

std::string health_json(const HealthFacts& facts) {
  const auto process = ops::metrics::read_process_stats();
  const auto total = ops::metrics::total_memory_bytes();
  constexpr double kMiB = 1024.0 * 1024.0;
  const double uptime =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - facts.started).count();
  telegram::JsonWriter w;
  w.begin_object();
  w.key("status").value(facts.stopping ? "stopping" : "healthy");
  w.key("uptime_seconds").raw(fmt::format("{:.1f}", uptime));
  w.key("requests_processed").value(facts.requests_processed);
  w.key("errors_encountered").value(static_cast<std::int64_t>(facts.errors_encountered));
  w.key("timestamp").value(static_cast<std::int64_t>(std::time(nullptr)));
  w.key("memory").begin_object();
  w.key("rss_mb").raw(fmt::format("{:.1f}", static_cast<double>(process.resident_bytes) / kMiB));
  w.key("vms_mb").raw(fmt::format("{:.1f}", static_cast<double>(process.virtual_bytes) / kMiB));
  w.key("percent").raw(fmt::format(
      "{:.2f}", total > 0 ? 100.0 * static_cast<double>(process.resident_bytes) / static_cast<double>(total) : 0.0));
  w.end_object();
  w.key("version").value(facts.version);
  w.key("mode").value(facts.mode);
  w.end_object();
  return w.take();
}

}  // namespace app

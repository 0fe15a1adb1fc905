#pragma once
// The process as Prometheus's standard process_* metrics describe it, read from /proc/self
// (Linux): CPU time, memory, start time, file descriptors, threads. Also what /health shows.
#include <cstdint>
#include <optional>
#include <string_view>

#include "ops/metrics/registry.hpp"

namespace ops::metrics {

struct ProcessStats {
  double cpu_seconds = 0;           // user + system
  std::int64_t resident_bytes = 0;  // RSS
  std::int64_t virtual_bytes = 0;
  double start_time_seconds = 0;  // Unix time
  std::int64_t open_fds = 0;
  std::int64_t max_fds = 0;  // the soft limit
  std::int64_t threads = 0;
};

// What it cannot read stays 0.
ProcessStats read_process_stats();

// The fields of /proc/self/stat the metrics use. nullopt for a line that is not one.
struct StatFields {
  std::int64_t utime_ticks = 0;
  std::int64_t stime_ticks = 0;
  std::int64_t threads = 0;
  std::int64_t start_ticks = 0;  // since boot
  std::int64_t virtual_bytes = 0;
  std::int64_t resident_pages = 0;
};
std::optional<StatFields> parse_stat(std::string_view line);
// The boot time from /proc/stat's "btime" line.
std::optional<std::int64_t> parse_boot_time(std::string_view proc_stat);
// MemTotal of /proc/meminfo in bytes (0 when unknown): the machine's memory, for the share
// /health shows.
std::int64_t total_memory_bytes();

// Adds the process_* families.
void collect_process(Families& out);

}  // namespace ops::metrics

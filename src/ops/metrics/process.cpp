#include "ops/metrics/process.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ops::metrics {
namespace {

std::string read_file(const char* path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<std::int64_t> to_int(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<StatFields> parse_stat(std::string_view line) {
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so the fields start
  // after the last ')'. Field 3 (state) is the first after it.
  auto close = line.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::vector<std::string_view> fields;
  std::string_view rest = line.substr(close + 1);
  while (!rest.empty()) {
    auto start = rest.find_first_not_of(" \n");
    if (start == std::string_view::npos) break;
    rest = rest.substr(start);
    auto end = rest.find_first_of(" \n");
    fields.push_back(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  }
  // fields[0] is field 3 of proc(5); field N is fields[N - 3].
  auto at = [&](std::size_t n) { return n - 3 < fields.size() ? to_int(fields[n - 3]) : std::nullopt; };
  auto utime = at(14), stime = at(15), threads = at(20), start = at(22), vsize = at(23), rss = at(24);
  if (!utime || !stime || !threads || !start || !vsize || !rss) return std::nullopt;
  return StatFields{*utime, *stime, *threads, *start, *vsize, *rss};
}

std::optional<std::int64_t> parse_boot_time(std::string_view proc_stat) {
  auto at = proc_stat.find("\nbtime ");
  if (at == std::string_view::npos) return std::nullopt;
  auto value = proc_stat.substr(at + 7);
  return to_int(value.substr(0, value.find('\n')));
}

std::int64_t total_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::int64_t kib = 0;
  while (in >> key >> kib) {
    if (key == "MemTotal:") return kib * 1024;
    in.ignore(1 << 10, '\n');
  }
  return 0;
}

ProcessStats read_process_stats() {
  ProcessStats s;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const auto page = static_cast<std::int64_t>(sysconf(_SC_PAGESIZE));
  if (auto stat = parse_stat(read_file("/proc/self/stat")); stat && ticks > 0) {
    s.cpu_seconds = static_cast<double>(stat->utime_ticks + stat->stime_ticks) / ticks;
    s.threads = stat->threads;
    s.virtual_bytes = stat->virtual_bytes;
    s.resident_bytes = stat->resident_pages * page;
    if (auto boot = parse_boot_time(read_file("/proc/stat"))) {
      s.start_time_seconds = static_cast<double>(*boot) + static_cast<double>(stat->start_ticks) / ticks;
    }
  }
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++s.open_fds;
  }
  if (s.open_fds > 0) --s.open_fds;  // the directory iterator's own descriptor
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    s.max_fds = static_cast<std::int64_t>(limit.rlim_cur);
  }
  return s;
}

void collect_process(Families& out) {
  using prometheus::MetricType;
  const auto s = read_process_stats();
  auto add = [&](const char* name, const char* help, MetricType type, double value) {
    auto f = family(name, help, type);
    add_sample(f, value);
    out.push_back(std::move(f));
  };
  add("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
      MetricType::Counter, s.cpu_seconds);
  add("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge,
      static_cast<double>(s.resident_bytes));
  add("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::Gauge,
      static_cast<double>(s.virtual_bytes));
  add("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
      MetricType::Gauge, s.start_time_seconds);
  add("process_open_fds", "Number of open file descriptors.", MetricType::Gauge,
      static_cast<double>(s.open_fds));
  add("process_max_fds", "Maximum number of open file descriptors.", MetricType::Gauge,
      static_cast<double>(s.max_fds));
  add("process_threads", "Number of OS threads in the process.", MetricType::Gauge,
      static_cast<double>(s.threads));
}

}  // namespace ops::metrics

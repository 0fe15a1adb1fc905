#pragma once
// Small helpers shared by the benchmark programs: command-line options, process memory,
// clocks, and the key=value lines bench/run reads.
#include <malloc.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bench {

// --name value pairs and bare --flags; anything else is an error.
class Args {
 public:
  Args(int argc, char** argv, int first = 1) {
    for (int i = first; i < argc; ++i) {
      std::string_view a = argv[i];
      if (!a.starts_with("--")) throw std::invalid_argument(std::string("unexpected argument: ").append(a));
      std::string key(a.substr(2));
      std::string value(1, '1');  // a bare --flag
      if (auto eq = key.find('='); eq != std::string::npos) {
        value = key.substr(eq + 1);
        key.resize(eq);
      } else if (i + 1 < argc && !std::string_view(argv[i + 1]).starts_with("--")) {
        value = argv[++i];
      }
      values_.insert_or_assign(std::move(key), std::move(value));
    }
  }
  bool has(const std::string& key) const { return values_.contains(key); }
  std::string str(const std::string& key, std::string fallback = {}) const {
    auto it = values_.find(key);
    return it == values_.end() ? fallback : it->second;
  }
  std::int64_t num(const std::string& key, std::int64_t fallback) const {
    auto it = values_.find(key);
    return it == values_.end() ? fallback : std::stoll(it->second);
  }
  double real(const std::string& key, double fallback) const {
    auto it = values_.find(key);
    return it == values_.end() ? fallback : std::stod(it->second);
  }

 private:
  std::map<std::string, std::string> values_;
};

// Resident set size of this process, KiB (VmRSS of /proc/self/status); -1 if unknown.
inline long rss_kib(const std::string& field = "VmRSS:") {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field)) return std::stol(line.substr(field.size()));
  }
  return -1;
}

// Bytes handed out by malloc and not yet freed (glibc).
inline std::size_t heap_in_use() { return mallinfo2().uordblks; }

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One result line for bench/run: "name=value".
template <class T>
void report(std::string_view name, const T& value) {
  std::cout << name << '=' << value << '\n';
}

}  // namespace bench

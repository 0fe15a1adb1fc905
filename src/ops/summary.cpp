// The configuration as TOML, safe to log: secrets redacted, URL passwords masked.
#include <fmt/format.h>

#include "ops/config.hpp"
#include "ops/schema.hpp"

namespace ops {

std::string redacted_summary(const Config& config) {
  std::string out;
  std::string_view section;
  for (const auto& setting : settings()) {
    if (setting->section() != section) {
      section = setting->section();
      out += fmt::format("{}[{}]\n", out.empty() ? "" : "\n", section);
    }
    out += fmt::format("{} = {}\n", setting->name(), setting->render_redacted(config));
  }
  return out;
}

std::string config_hash(const Config& config) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a, 64 bits
  for (const unsigned char c : redacted_summary(config)) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace ops

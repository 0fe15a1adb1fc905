#include "ops/config.hpp"

#include "ops/schema.hpp"

namespace ops {

bool operator==(const Config& a, const Config& b) {
  for (const auto& setting : settings()) {
    if (!setting->equal(a, b)) return false;
  }
  return true;
}

std::string describe(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const ConfigError& error : errors) {
    if (!out.empty()) out += '\n';
    if (!error.key.empty()) {
      out += error.key;
      if (!error.value.empty()) out += " = " + error.value;
      out += ": " + error.reason;
      if (!error.source.empty()) out += " (" + error.source + ")";
    } else {
      if (!error.source.empty()) out += error.source + ": ";
      out += error.reason;
    }
  }
  return out;
}

}  // namespace ops

// What a reload changes, and what it cannot change without a restart (DESIGN.md §5).
#include "ops/config.hpp"
#include "ops/schema.hpp"

namespace ops {

std::vector<std::string> changed_settings(const Config& running, const Config& candidate) {
  std::vector<std::string> keys;
  for (const auto& setting : settings()) {
    if (!setting->equal(running, candidate)) keys.emplace_back(setting->key());
  }
  return keys;
}

std::vector<std::string> reload_requires_restart(const Config& running, const Config& candidate) {
  std::vector<std::string> keys;
  for (const auto& setting : settings()) {
    if (!setting->reloadable() && !setting->equal(running, candidate)) keys.emplace_back(setting->key());
  }
  return keys;
}

ReloadPlan plan_reload(const Config& running, const Config& candidate) {
  ReloadPlan plan{running, {}, {}};
  for (const auto& setting : settings()) {
    if (setting->equal(running, candidate)) continue;
    if (setting->reloadable()) {
      setting->copy(candidate, plan.next);
      plan.applied.emplace_back(setting->key());
    } else {
      plan.needs_restart.emplace_back(setting->key());
    }
  }
  return plan;
}

}  // namespace ops

#include "app/config_reload.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "ops/log_event.hpp"

namespace app {

ops::LoadResult load_from(const ConfigSource& source) {
  return ops::load_config(source.file, ops::Environment::from_process());
}

LiveConfig::LiveConfig(ConfigSource source, std::shared_ptr<const ops::Config> running, Apply apply)
    : source_(std::move(source)), apply_(std::move(apply)), running_(std::move(running)) {}

std::shared_ptr<const ops::Config> LiveConfig::current() const {
  std::lock_guard lock(mutex_);
  return running_;
}

ReloadOutcome LiveConfig::reload() {
  std::lock_guard lock(mutex_);
  ReloadOutcome outcome;
  auto loaded = load_from(source_);
  const std::string where = loaded.file ? loaded.file->string() : std::string("defaults");
  if (!loaded.ok()) {
    outcome.result = ReloadResult::kRefused;
    outcome.errors = std::move(loaded.errors);
    spdlog::error("reload refused, the running configuration stays ({}, {} problems):\n{}", where,
                  outcome.errors.size(), ops::describe(outcome.errors));
    return outcome;
  }
  auto plan = ops::plan_reload(*running_, loaded.config);
  outcome.applied = std::move(plan.applied);
  outcome.needs_restart = std::move(plan.needs_restart);
  if (!outcome.needs_restart.empty()) {
    spdlog::warn("reload: these settings changed but need a restart, they keep their running "
                 "values: {}",
                 fmt::join(outcome.needs_restart, ", "));
  }
  if (outcome.applied.empty()) {
    outcome.result = ReloadResult::kUnchanged;
    spdlog::info("reload: no live setting changed ({})", where);
    return outcome;
  }
  // The mix of new live values and kept restart values must hold together too.
  if (auto errors = ops::validate(plan.next); !errors.empty()) {
    outcome.result = ReloadResult::kRefused;
    outcome.errors = std::move(errors);
    spdlog::error("reload refused: with the settings that need a restart kept, the "
                  "configuration is invalid:\n{}",
                  ops::describe(outcome.errors));
    return outcome;
  }
  running_ = std::make_shared<const ops::Config>(std::move(plan.next));
  apply_(running_);
  outcome.result = ReloadResult::kApplied;
  ops::log_event(spdlog::level::info,
                 fmt::format("reload applied: {}", fmt::join(outcome.applied, ", ")),
                 {{"config_hash", ops::config_hash(*running_)}});
  return outcome;
}

}  // namespace app

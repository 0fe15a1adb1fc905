#pragma once
// Live reload (DESIGN.md §5, §9; docs/OPERATIONS.md): on SIGHUP (and, later, the admin panel's
// button) the configuration file, `.env` and the environment are read again and validated
// whole. A valid result is swapped in whole, between batches: the live settings take their
// new values, the others keep the running ones and are named in the log as needing a
// restart. An invalid result is refused with every problem logged, and nothing changes.
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/telemetry.hpp"
#include "ops/config.hpp"

namespace app {

// Where `run` read its configuration: the file named with -c, or the default.
struct ConfigSource {
  std::optional<std::filesystem::path> file;
};

// load_config from the source, with the process environment and ./.env as they are now.
ops::LoadResult load_from(const ConfigSource& source);

struct ReloadOutcome {
  ReloadResult result = ReloadResult::kUnchanged;
  std::vector<std::string> applied;        // live keys whose value changed
  std::vector<std::string> needs_restart;  // keys that differ but keep their running value
  std::vector<ops::ConfigError> errors;    // why it was refused
};

class LiveConfig {
 public:
  // Hands a new configuration to whoever uses it (the engine, between batches; the log
  // level); called with the lock held, so reloads apply in order.
  using Apply = std::function<void(std::shared_ptr<const ops::Config> next)>;

  LiveConfig(ConfigSource source, std::shared_ptr<const ops::Config> running, Apply apply);

  std::shared_ptr<const ops::Config> current() const;
  // Reads, validates, plans and applies; logs the outcome (never a secret's value).
  ReloadOutcome reload();

 private:
  const ConfigSource source_;
  const Apply apply_;
  mutable std::mutex mutex_;
  std::shared_ptr<const ops::Config> running_;
};

}  // namespace app

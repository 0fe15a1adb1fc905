// Feeds: any bytes as the TOML configuration file, through ops::read_toml_text and the
// whole loader, ops::load_config (the file, then validation), as `gofrobot run` and a
// SIGHUP reload read it.
// Checks beyond "no crash, no throw" (load_config is noexcept and must report, not throw):
//  * a configuration the loader accepts passes validate();
//  * round trip: its redacted summary (the TOML `gofrobot check-config` prints), when it
//    holds no redacted secret, loads again into an equal configuration;
//  * a reload to it (ops::plan_reload from the defaults) applies the changed live keys and
//    keeps the others: the next configuration differs from it in exactly needs_restart,
//    and applied and needs_restart together are every changed key.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "config_file.hpp"
#include "ops/config.hpp"
#include "ops/environment.hpp"
#include "ops/toml_reader.hpp"

using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file(".toml");
  static fuzz::ScratchFile summary_file("-summary.toml");
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  (void)ops::read_toml_text(text, "fuzz.toml");
  const ops::Environment none;
  const ops::LoadResult result = ops::load_config(file.write(text), none);
  (void)ops::describe(result.errors);
  if (!result.ok()) return 0;
  const ops::Config& config = result.config;
  check(ops::validate(config).empty(), "an accepted configuration is valid");

  const ops::Config defaults;
  const ops::ReloadPlan plan = ops::plan_reload(defaults, config);
  check(ops::changed_settings(plan.next, config) == plan.needs_restart,
        "a reload keeps exactly the restart-only keys");
  const auto changed = ops::changed_settings(defaults, config);
  check(plan.applied.size() + plan.needs_restart.size() == changed.size(),
        "applied and needs_restart are the changed keys");
  for (const auto& key : changed) {
    check(std::count(plan.applied.begin(), plan.applied.end(), key) +
                  std::count(plan.needs_restart.begin(), plan.needs_restart.end(), key) ==
              1,
          "each changed key once");
  }

  const std::string summary = ops::redacted_summary(config);
  if (summary.find("<redacted>") != std::string::npos) return 0;
  const ops::LoadResult again = ops::load_config(summary_file.write(summary), none);
  check(again.ok(), "the summary of a valid configuration loads");
  check(again.config == config, "into the same configuration");
  check(ops::config_hash(again.config) == ops::config_hash(config), "with the same hash");
  return 0;
}

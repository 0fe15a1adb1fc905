// load_config: built-in defaults < TOML file < environment, then validation. Collects every
// problem instead of stopping at the first, so an operator fixes a file in one round.
#include <algorithm>
#include <exception>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>

#include <fmt/format.h>

#include "ops/config.hpp"
#include "ops/redact.hpp"
#include "ops/schema.hpp"
#include "ops/text.hpp"
#include "ops/toml_reader.hpp"

namespace ops {
namespace {

constexpr std::string_view kEnvPrefix = "GOFROBOT_";

bool known_section(std::string_view name) {
  const auto& names = sections();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// "; did you mean X?" for the closest candidate when it is close enough to be a typo.
template <class Range, class Name>
std::string suggestion(std::string_view wrong, const Range& candidates, Name name_of) {
  std::string best;
  std::size_t best_distance = 4;  // more than three edits is not a typo
  for (const auto& candidate : candidates) {
    const std::string_view name = name_of(candidate);  // candidates outlive the call
    const std::size_t distance = edit_distance(wrong, name, best_distance);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(name);
    }
  }
  return best.empty() ? std::string() : fmt::format("; did you mean {}?", best);
}

std::string key_suggestion(std::string_view wrong) {
  return suggestion(wrong, settings(), [](const auto& s) -> std::string_view { return s->key(); });
}

void apply_file(const TomlRead& read, LoadResult& result) {
  // Problems are reported in the order they appear in the file.
  struct Located {
    std::uint32_t line;
    std::uint32_t column;
    ConfigError error;
  };
  std::vector<Located> problems;

  for (const TomlSection& section : read.sections) {
    if (!known_section(section.name)) {
      problems.push_back(
          {section.line, section.column,
           {section.name, {},
            fmt::format("unknown section [{}]{}", section.name,
                        suggestion(section.name, sections(), [](const auto& s) -> std::string_view { return s; })),
            section.source}});
    }
  }
  for (const TomlEntry& entry : read.entries) {
    const auto report = [&](std::string value, std::string reason) {
      problems.push_back({entry.line, entry.column, {entry.key, std::move(value), std::move(reason), entry.source}});
    };
    const auto dot = entry.key.find('.');
    if (dot == std::string::npos) {
      // The value is not shown: an unknown key may be a misspelt secret.
      std::string hint;
      for (const auto& setting : settings()) {
        if (setting->name() == entry.key) {
          hint = fmt::format(" ({} goes under [{}])", setting->name(), setting->section());
        }
      }
      report({}, "unknown key: every setting belongs in a [section]" + hint);
      continue;
    }
    if (!known_section(std::string_view(entry.key).substr(0, dot))) continue;  // reported above
    const Setting* setting = find_setting(entry.key);
    if (setting == nullptr) {
      report({}, "unknown key" + key_suggestion(entry.key));
      continue;
    }
    if (auto reason = setting->assign(result.config, entry.value)) {
      report(setting->secret() ? quote_toml(kRedacted) : mask_url_password(render_raw(entry.value)),
             std::move(*reason));
      continue;
    }
    result.sources[entry.key] = entry.source;
  }

  std::stable_sort(problems.begin(), problems.end(), [](const Located& a, const Located& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  for (Located& problem : problems) result.errors.push_back(std::move(problem.error));
}

// The variable for `setting`: a real variable beats a .env one whatever the name, and the
// canonical GOFROBOT_ name beats an alias from the same origin.
const Environment::Variable* find_variable(const Setting& setting, const Environment& env) {
  for (const auto origin : {Environment::Origin::process, Environment::Origin::dotenv}) {
    const auto* variable = env.find(setting.env_var());
    if (variable != nullptr && variable->origin == origin) return variable;
    for (const std::string& alias : setting.env_aliases()) {
      variable = env.find(alias);
      if (variable != nullptr && variable->origin == origin) return variable;
    }
  }
  return nullptr;
}

void apply_environment(const Environment& env, LoadResult& result) {
  for (const auto& setting : settings()) {
    const auto* variable = find_variable(*setting, env);
    if (variable == nullptr) continue;
    const std::string key(setting->key());
    if (auto reason = setting->assign_text(result.config, variable->value)) {
      result.errors.push_back({key, quote_toml(setting->redact_text(variable->value)),
                               std::move(*reason), variable->where});
      continue;
    }
    result.sources[key] = variable->where;
  }

  // Typo protection for variables in our own namespace: GOFROBOT_<SECTION>_… must name a
  // setting. Other GOFROBOT_ variables (e.g. GOFROBOT_SOURCE_DIR of the tests) are not ours here.
  // Not a structured binding: clang before 16 cannot capture one in the lambdas below.
  for (const auto& entry : env.variables()) {
    const std::string& name = entry.first;
    const Environment::Variable& variable = entry.second;
    if (!name.starts_with(kEnvPrefix)) continue;
    const std::string_view rest = std::string_view(name).substr(kEnvPrefix.size());
    const bool in_a_section = std::any_of(sections().begin(), sections().end(), [&](const auto& s) {
      return rest.starts_with(ascii_upper(s) + "_");
    });
    if (!in_a_section) continue;
    const bool known = std::any_of(settings().begin(), settings().end(),
                                   [&](const auto& s) { return s->env_var() == name; });
    if (known) continue;
    result.errors.push_back(
        {name, {},
         "unknown setting" + suggestion(name, settings(), [](const auto& s) -> std::string_view { return s->env_var(); }),
         variable.where});
  }

  for (const auto& problem : env.problems()) {
    result.errors.push_back({{}, {}, problem.reason, problem.where});
  }
}

LoadResult load(const std::optional<std::filesystem::path>& file, const Environment& env) {
  LoadResult result;

  std::optional<std::filesystem::path> chosen = file;
  if (!chosen) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(kDefaultConfigFile, ec)) chosen = kDefaultConfigFile;
  }
  if (chosen) {
    result.file = *chosen;
    const TomlRead read = read_toml_file(*chosen);
    result.errors.insert(result.errors.end(), read.errors.begin(), read.errors.end());
    apply_file(read, result);
  }

  apply_environment(env, result);

  for (ConfigError& error : validate(result.config)) {
    const auto source = result.sources.find(error.key);
    if (source != result.sources.end()) error.source = source->second;
    result.errors.push_back(std::move(error));
  }
  return result;
}

}  // namespace

LoadResult load_config(const std::optional<std::filesystem::path>& file,
                       const Environment& env) noexcept {
  try {
    return load(file, env);
  } catch (const std::exception& error) {
    LoadResult result;
    result.errors.push_back({{}, {}, std::string("cannot load the configuration: ") + error.what(), {}});
    return result;
  } catch (...) {
    LoadResult result;
    result.errors.push_back({{}, {}, "cannot load the configuration: unknown error", {}});
    return result;
  }
}

}  // namespace ops

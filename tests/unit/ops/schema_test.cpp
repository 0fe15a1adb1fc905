// The schema against the code and the shipped file: nothing can drift silently.
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ops/config.hpp"
#include "ops/schema.hpp"
#include "unit/ops/temp_dir.hpp"

namespace {

using ::testing::IsEmpty;

std::filesystem::path shipped_file() { return ops_test::source_dir() / "config" / "gofrobot.toml"; }

TEST(ShippedConfig, LoadsToExactlyTheBuiltInDefaults) {
  const auto result = ops::load_config(shipped_file(), ops::Environment{});
  ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
  EXPECT_THAT(ops::changed_settings(ops::Config{}, result.config), IsEmpty());
  EXPECT_TRUE(result.config == ops::Config{});
}

TEST(ShippedConfig, ListsEveryKeyOnceWithACommentAbove) {
  std::ifstream in(shipped_file());
  ASSERT_TRUE(in) << shipped_file();
  std::map<std::string, int> seen;
  std::string section;
  std::string line;
  std::string previous;
  while (std::getline(in, line)) {
    if (line.starts_with('[')) {
      section = line.substr(1, line.find(']') - 1);
    } else if (!line.empty() && line.front() != '#' && line.find(" = ") != std::string::npos) {
      const std::string key = section + "." + line.substr(0, line.find(" = "));
      ++seen[key];
      EXPECT_TRUE(previous.starts_with("# ")) << key << " has no comment line above it";
    }
    previous = line;
  }
  for (const auto& setting : ops::settings()) {
    EXPECT_EQ(seen[std::string(setting->key())], 1) << setting->key();
  }
  EXPECT_EQ(seen.size(), ops::settings().size());
}

TEST(Schema, KeysAndVariablesAreUniqueAndWellFormed) {
  std::set<std::string> keys;
  std::set<std::string> variables;
  for (const auto& setting : ops::settings()) {
    EXPECT_TRUE(keys.insert(std::string(setting->key())).second) << setting->key();
    EXPECT_TRUE(variables.insert(setting->env_var()).second) << setting->env_var();
    for (const auto& alias : setting->env_aliases()) EXPECT_TRUE(variables.insert(alias).second) << alias;
    EXPECT_FALSE(setting->section().empty()) << setting->key();
    EXPECT_FALSE(setting->description().empty()) << setting->key();
    EXPECT_EQ(setting->description().find('\n'), std::string_view::npos) << setting->key();
  }
  EXPECT_EQ(ops::find_setting("balance.atm_max")->env_var(), "GOFROBOT_BALANCE_ATM_MAX");
  EXPECT_EQ(ops::find_setting("bot.token")->env_aliases(), std::vector<std::string>{"BOT_TOKEN"});
  EXPECT_EQ(ops::find_setting("nope.nope"), nullptr);
  EXPECT_EQ(ops::sections(), (std::vector<std::string>{"bot", "balance", "gameplay", "limits",
                                                       "storage", "cache", "log", "telegram", "ops"}));
}

TEST(Schema, SecretsAndReloadability) {
  std::vector<std::string> secrets;
  for (const auto& setting : ops::settings()) {
    if (setting->secret()) secrets.emplace_back(setting->key());
    const std::string key(setting->key());
    const bool live = setting->section() == "balance" || setting->section() == "gameplay" ||
                      setting->section() == "limits" || key == "bot.admins" ||
                      key == "bot.maintenance" || key == "bot.maintenance_message" ||
                      key == "log.level";
    EXPECT_EQ(setting->reloadable(), live) << key;
  }
  EXPECT_EQ(secrets, (std::vector<std::string>{"bot.token", "cache.redis_url", "telegram.webhook_secret"}));
}

// Each section struct must be covered, byte for byte up to padding, by the fields of its
// settings: a field added to game::Balance (or any section) without a schema entry fails here,
// and so does an entry bound to the wrong field twice.
template <class Section>
void expect_fully_bound(const ops::Config& config, const Section& section, std::string_view name) {
  const auto* base = reinterpret_cast<const std::byte*>(&section);
  std::vector<std::pair<std::size_t, ops::FieldSpan>> fields;  // offset, span
  for (const auto& setting : ops::settings()) {
    if (setting->section() != name) continue;
    const auto span = setting->field_span(config);
    const auto offset = static_cast<std::size_t>(static_cast<const std::byte*>(span.address) - base);
    ASSERT_LT(offset, sizeof(Section)) << setting->key() << " is bound outside [" << name << "]";
    fields.emplace_back(offset, span);
  }
  std::sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t end = 0;
  for (const auto& [offset, span] : fields) {
    const std::size_t aligned = (end + span.align - 1) / span.align * span.align;
    EXPECT_EQ(offset, aligned) << "[" << name << "]: a field at offset " << end
                               << " has no setting (or two settings share one)";
    end = offset + span.size;
  }
  const std::size_t total = (end + alignof(Section) - 1) / alignof(Section) * alignof(Section);
  EXPECT_EQ(total, sizeof(Section)) << "[" << name << "]: the last field has no setting";
}

TEST(Schema, EverySectionFieldHasASetting) {
  const ops::Config config;
  expect_fully_bound(config, config.bot, "bot");
  expect_fully_bound(config, config.balance, "balance");
  expect_fully_bound(config, config.gameplay, "gameplay");
  expect_fully_bound(config, config.limits, "limits");
  expect_fully_bound(config, config.storage, "storage");
  expect_fully_bound(config, config.log, "log");
  expect_fully_bound(config, config.telegram, "telegram");
  expect_fully_bound(config, config.ops, "ops");
}

TEST(Schema, EveryDefaultPassesItsOwnCheck) {
  EXPECT_THAT(ops::validate(ops::Config{}), IsEmpty());
}

TEST(Schema, EveryVariableReadsBackWhatTheSummaryPrints) {
  // Render each default as text and feed it through the environment path: the two codecs agree.
  const ops::Config defaults;
  std::map<std::string, std::string, std::less<>> variables;
  for (const auto& setting : ops::settings()) {
    std::string text = setting->render(defaults);
    if (text.size() >= 2 && text.front() == '"') text = text.substr(1, text.size() - 2);
    if (text.size() >= 2 && text.front() == '[') text = text.substr(1, text.size() - 2);
    variables[setting->env_var()] = text;
  }
  // The maintenance message contains no escapes, so stripping the quotes is exact.
  ops_test::TempDir dir;
  const auto result = ops::load_config(dir.write("empty.toml", ""), ops::Environment(variables));
  ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
  EXPECT_THAT(ops::changed_settings(defaults, result.config), IsEmpty());
  EXPECT_EQ(result.sources.size(), ops::settings().size());
}

}  // namespace

// load_config end to end: real files in a temp dir, an Environment built from a map (or from
// the real process environment where that is the point of the test).
#include <algorithm>
#include <cstdlib>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ops/config.hpp"
#include "unit/ops/temp_dir.hpp"

namespace {

using ops::Config;
using ops::ConfigError;
using ops::Environment;
using ops::load_config;
using ops_test::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

std::vector<std::string> keys_of(const std::vector<ConfigError>& errors) {
  std::vector<std::string> keys;
  for (const auto& error : errors) keys.push_back(error.key);
  return keys;
}

const ConfigError* error_for(const std::vector<ConfigError>& errors, std::string_view key) {
  const auto it = std::find_if(errors.begin(), errors.end(), [&](const auto& e) { return e.key == key; });
  return it == errors.end() ? nullptr : &*it;
}

ops::LoadResult load_text(const TempDir& dir, std::string_view toml, const Environment& env = {}) {
  return load_config(dir.write("gofrobot.toml", toml), env);
}

TEST(LoadConfig, DefaultsWhenThereIsNoFileAndNoEnvironment) {
  TempDir dir;
  ops_test::WorkingDirectory cwd(dir.path());  // no config/gofrobot.toml here
  const auto result = load_config(std::nullopt, Environment{});
  ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
  EXPECT_FALSE(result.file.has_value());
  EXPECT_TRUE(result.sources.empty());
  EXPECT_TRUE(result.config == Config{});

  const Config& c = result.config;
  EXPECT_EQ(c.bot.token, "");
  EXPECT_FALSE(c.bot.maintenance);
  EXPECT_EQ(c.bot.maintenance_message, "🔧 Бот на техническом обслуживании, загляните чуть позже.");
  EXPECT_EQ(c.balance.atm_max, 12);
  EXPECT_EQ(c.balance.pvp_defender_gain_min, 2.5);
  EXPECT_EQ(c.gameplay.keyword_cooldown_seconds, 600);
  EXPECT_EQ(c.limits.davka_per_minute, 10);
  EXPECT_EQ(c.limits.pvp_per_hour, 10);
  EXPECT_EQ(c.limits.commands_per_minute, 60);
  EXPECT_EQ(c.limits.default_per_minute, 30);
  EXPECT_EQ(c.storage.data_dir, "data");
  EXPECT_EQ(c.storage.database_url, "sqlite://data/gofrobot.db");
  EXPECT_EQ(c.storage.batch_max_updates, 256);
  EXPECT_EQ(c.storage.batch_max_delay_ms, 0);
  EXPECT_EQ(c.storage.leaderboard_max_age_ms, 10000);
  EXPECT_EQ(c.log.level, ops::LogLevel::info);
  EXPECT_EQ(c.log.format, ops::LogFormat::automatic);
  EXPECT_EQ(c.telegram.api_base_url, "https://api.telegram.org");
  EXPECT_EQ(c.telegram.mode, ops::TelegramMode::polling);
  EXPECT_EQ(c.telegram.webhook_listen, "0.0.0.0:8443");
  EXPECT_EQ(c.telegram.webhook_path, "/telegram/webhook");
  EXPECT_EQ(c.telegram.webhook_max_body_bytes, 1048576);
  EXPECT_EQ(c.telegram.webhook_max_connections, 40);
  EXPECT_EQ(c.telegram.webhook_max_connections_per_address, 128);
  EXPECT_EQ(c.telegram.poll_timeout_seconds, 25);
  EXPECT_EQ(c.telegram.outbound_per_second, 30.0);
  EXPECT_EQ(c.telegram.outbound_per_chat_burst, 3);
  EXPECT_EQ(c.telegram.outbound_per_chat_per_second, 1.0);
  EXPECT_EQ(c.telegram.outbound_per_group_per_minute, 20);
  EXPECT_EQ(c.telegram.outbound_max_pending, 10000);
  EXPECT_EQ(c.telegram.outbound_max_pending_per_chat, 200);
  EXPECT_EQ(c.ops.listen, "127.0.0.1:9090");
}

TEST(LoadConfig, WithoutAFileArgumentTheDefaultFileIsUsedIfPresent) {
  TempDir dir;
  dir.write("config/gofrobot.toml", "[balance]\natm_max = 6\n");
  ops_test::WorkingDirectory cwd(dir.path());
  const auto result = load_config(std::nullopt, Environment{});
  ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
  ASSERT_TRUE(result.file.has_value());
  EXPECT_EQ(*result.file, std::filesystem::path("config/gofrobot.toml"));
  EXPECT_EQ(result.config.balance.atm_max, 6);
}

TEST(LoadConfig, FileOverridesDefaults) {
  TempDir dir;
  const auto result = load_text(dir, R"(
[bot]
username = "gofro_bot"
admins = [111, 222]
maintenance = true

[balance]
atm_max = 6
pvp_base_chance = 40          # an integer is fine for a number
gofra_exp_per_gram = 0.05
chat_active_window_seconds = 86400

[limits]
davka_per_minute = 3

[log]
level = "debug"
format = "json"

[storage]
database_url = "postgresql://gofro@db.internal/gofrobot"
)");
  ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
  const Config& c = result.config;
  EXPECT_EQ(c.bot.username, "gofro_bot");
  EXPECT_THAT(c.bot.admins, ElementsAre(111, 222));
  EXPECT_TRUE(c.bot.maintenance);
  EXPECT_EQ(c.balance.atm_max, 6);
  EXPECT_EQ(c.balance.pvp_base_chance, 40.0);
  EXPECT_EQ(c.balance.gofra_exp_per_gram, 0.05);
  EXPECT_EQ(c.balance.chat_active_window_seconds, 86400);
  EXPECT_EQ(c.limits.davka_per_minute, 3);
  EXPECT_EQ(c.log.level, ops::LogLevel::debug);
  EXPECT_EQ(c.log.format, ops::LogFormat::json);
  EXPECT_EQ(c.storage.database_url, "postgresql://gofro@db.internal/gofrobot");
  // Untouched settings keep their defaults.
  EXPECT_EQ(c.balance.atm_base_seconds, 7200.0);
  EXPECT_EQ(c.limits.pvp_per_hour, 10);

  EXPECT_THAT(result.sources.at("balance.atm_max"), HasSubstr("gofrobot.toml:8:"));
  EXPECT_FALSE(result.sources.contains("balance.atm_base_seconds"));
}

TEST(LoadConfig, AnExplicitFileThatDoesNotExistIsAnError) {
  TempDir dir;
  const auto result = load_config(dir.path() / "missing.toml", Environment{});
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_THAT(result.errors[0].reason, HasSubstr("cannot open"));
  EXPECT_THAT(result.errors[0].source, HasSubstr("missing.toml"));
}

TEST(LoadConfig, ADirectoryInsteadOfAFileIsAnErrorNotACrash) {
  TempDir dir;
  const auto result = load_config(dir.path(), Environment{});
  EXPECT_FALSE(result.ok());
}

TEST(LoadConfig, EnvironmentBeatsTheFile) {
  TempDir dir;
  const Environment env({{"GOFROBOT_BALANCE_ATM_MAX", "8"},
                         {"GOFROBOT_LOG_LEVEL", "WARN"},
                         {"GOFROBOT_BOT_ADMINS", "5, 6,7"},
                         {"GOFROBOT_BOT_MAINTENANCE", "yes"},
                         {"GOFROBOT_BALANCE_PVP_JITTER", "2.5"}});
  const auto result = load_text(dir, "[balance]\natm_max = 6\npvp_jitter = 1.0\n[log]\nlevel = \"debug\"\n", env);
  ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
  EXPECT_EQ(result.config.balance.atm_max, 8);
  EXPECT_EQ(result.config.balance.pvp_jitter, 2.5);
  EXPECT_EQ(result.config.log.level, ops::LogLevel::warn);
  EXPECT_THAT(result.config.bot.admins, ElementsAre(5, 6, 7));
  EXPECT_TRUE(result.config.bot.maintenance);
  EXPECT_EQ(result.sources.at("balance.atm_max"), "environment variable GOFROBOT_BALANCE_ATM_MAX");
}

TEST(LoadConfig, DotenvIsReadButNeverOverridesTheRealEnvironment) {
  TempDir dir;
  const auto dotenv = dir.write(".env",
                                "# local settings\n"
                                "GOFROBOT_LOG_LEVEL=debug\n"
                                "export GOFROBOT_LIMITS_PVP_PER_HOUR=3\n"
                                "GOFROBOT_BOT_MAINTENANCE_MESSAGE=\"Скоро вернёмся # honest\"\n");
  Environment env({{"GOFROBOT_LOG_LEVEL", "error"}});
  env.add_dotenv_file(dotenv);
  const auto result = load_config(dir.write("empty.toml", ""), env);
  ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
  EXPECT_EQ(result.config.log.level, ops::LogLevel::error);  // the real variable wins
  EXPECT_EQ(result.config.limits.pvp_per_hour, 3);              // only in .env: taken
  EXPECT_EQ(result.config.bot.maintenance_message, "Скоро вернёмся # honest");
  EXPECT_THAT(result.sources.at("limits.pvp_per_hour"), HasSubstr(".env:3"));
}

TEST(LoadConfig, DotenvNextToTheRealProcessEnvironment) {
  TempDir dir;
  const auto dotenv = dir.write(".env", "GOFROBOT_OPS_LISTEN=127.0.0.1:1\nGOFROBOT_LIMITS_DAVKA_PER_MINUTE=4\n");
  ASSERT_EQ(::setenv("GOFROBOT_OPS_LISTEN", "127.0.0.1:7777", 1), 0);
  const Environment env = Environment::from_process(dotenv);
  ::unsetenv("GOFROBOT_OPS_LISTEN");

  const auto result = load_config(dir.write("empty.toml", ""), env);
  ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
  EXPECT_EQ(result.config.ops.listen, "127.0.0.1:7777");
  EXPECT_EQ(result.config.limits.davka_per_minute, 4);
}

TEST(LoadConfig, BotTokenAliasAndItsPrecedence) {
  TempDir dir;
  const auto file = dir.write("empty.toml", "");
  {
    const auto result = load_config(file, Environment({{"BOT_TOKEN", "123456:ABC-def_ghi"}}));
    ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
    EXPECT_EQ(result.config.bot.token, "123456:ABC-def_ghi");
    EXPECT_EQ(result.sources.at("bot.token"), "environment variable BOT_TOKEN");
  }
  {  // the canonical name beats the alias
    const auto result = load_config(
        file, Environment({{"BOT_TOKEN", "1:alias"}, {"GOFROBOT_BOT_TOKEN", "2:canonical"}}));
    ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
    EXPECT_EQ(result.config.bot.token, "2:canonical");
  }
  {  // a real BOT_TOKEN beats GOFROBOT_BOT_TOKEN from .env: .env never overrides the real thing
    Environment env({{"BOT_TOKEN", "1:real"}});
    env.add_dotenv_text("GOFROBOT_BOT_TOKEN=2:dotenv\n", ".env");
    const auto result = load_config(file, env);
    ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
    EXPECT_EQ(result.config.bot.token, "1:real");
  }
}

TEST(LoadConfig, UnknownKeysAreErrorsThatNameTheKey) {
  TempDir dir;
  const auto result = load_text(dir, R"(
token = "123:abc"
[balance]
atm_maks = 3
[balanse]
atm_max = 3
[bot]
amdins = [1]
)");
  EXPECT_THAT(keys_of(result.errors), ElementsAre("token", "balance.atm_maks", "balanse", "bot.amdins"));
  EXPECT_THAT(error_for(result.errors, "balance.atm_maks")->reason,
              HasSubstr("unknown key; did you mean balance.atm_max?"));
  EXPECT_THAT(error_for(result.errors, "balanse")->reason, HasSubstr("did you mean balance?"));
  EXPECT_THAT(error_for(result.errors, "token")->reason, HasSubstr("[bot]"));
  // An unknown key might be a misspelt secret: its value is never shown.
  EXPECT_THAT(ops::describe(result.errors), Not(HasSubstr("123:abc")));
  EXPECT_EQ(error_for(result.errors, "balance.atm_maks")->value, "");
  EXPECT_THAT(error_for(result.errors, "balance.atm_maks")->source, HasSubstr("gofrobot.toml:4:"));
}

TEST(LoadConfig, UnknownEnvironmentVariablesInOurSectionsAreErrors) {
  TempDir dir;
  const Environment env({{"GOFROBOT_BALANCE_ATM_MAXX", "3"},
                         {"GOFROBOT_SOURCE_DIR", "/src"},  // ours, but not a setting section
                         {"HOME", "/root"}});
  const auto result = load_text(dir, "", env);
  ASSERT_THAT(keys_of(result.errors), ElementsAre("GOFROBOT_BALANCE_ATM_MAXX"));
  EXPECT_THAT(result.errors[0].reason, HasSubstr("did you mean GOFROBOT_BALANCE_ATM_MAX?"));
}

TEST(LoadConfig, TypeMismatchesAreErrors) {
  TempDir dir;
  const auto result = load_text(dir, R"(
[balance]
atm_max = "twelve"
pvp_window_seconds = 3600.5
pvp_base_chance = true
[bot]
admins = [1, "two"]
maintenance = "no"
[log]
level = 3
[telegram]
mode = "carrier pigeon"
)");
  EXPECT_THAT(keys_of(result.errors),
              ElementsAre("balance.atm_max", "balance.pvp_window_seconds", "balance.pvp_base_chance",
                          "bot.admins", "bot.maintenance", "log.level", "telegram.mode"));
  const auto* atm = error_for(result.errors, "balance.atm_max");
  EXPECT_EQ(atm->value, "\"twelve\"");
  EXPECT_EQ(atm->reason, "expected an integer, got a string");
  EXPECT_EQ(error_for(result.errors, "balance.pvp_window_seconds")->reason,
            "expected an integer, got a float");
  EXPECT_THAT(error_for(result.errors, "bot.admins")->reason, HasSubstr("item 2 is a string"));
  EXPECT_THAT(error_for(result.errors, "telegram.mode")->reason,
              HasSubstr("expected one of \"polling\", \"webhook\""));
  // A mistyped value leaves the default in place.
  EXPECT_EQ(result.config.balance.atm_max, 12);
}

TEST(LoadConfig, EnvironmentValuesOfTheWrongTypeAreErrors) {
  TempDir dir;
  const Environment env({{"GOFROBOT_BALANCE_ATM_MAX", "lots"},
                         {"GOFROBOT_BOT_ADMINS", "1,,2"},
                         {"GOFROBOT_LIMITS_PVP_PER_HOUR", "99999999999"}});
  const auto result = load_text(dir, "", env);
  EXPECT_THAT(keys_of(result.errors), UnorderedElementsAre("balance.atm_max", "bot.admins", "limits.pvp_per_hour"));
  const auto* atm = error_for(result.errors, "balance.atm_max");
  EXPECT_EQ(atm->value, "\"lots\"");
  EXPECT_EQ(atm->source, "environment variable GOFROBOT_BALANCE_ATM_MAX");
}

TEST(LoadConfig, EveryInvalidValueIsReportedAtOnce) {
  TempDir dir;
  const auto result = load_text(dir, R"(
[balance]
atm_max = 0
cable_chance_small = 1.5
gofra_soft_cap_scale_mm = 0.0
pvp_min_chance = 90.0
[limits]
davka_per_minute = 0
[storage]
database_url = "mysql://localhost/gofrobot"
[telegram]
poll_timeout_seconds = -1
[ops]
listen = "localhost"
)");
  EXPECT_EQ(result.errors.size(), 8u) << ops::describe(result.errors);
  EXPECT_THAT(keys_of(result.errors),
              UnorderedElementsAre("balance.atm_max", "balance.cable_chance_small",
                                   "balance.gofra_soft_cap_scale_mm", "balance.pvp_min_chance",
                                   "limits.davka_per_minute", "storage.database_url",
                                   "telegram.poll_timeout_seconds", "ops.listen"));
  EXPECT_EQ(error_for(result.errors, "balance.atm_max")->reason, "must be between 1 and 1000");
  EXPECT_EQ(error_for(result.errors, "balance.cable_chance_small")->reason, "must be between 0 and 1");
  EXPECT_THAT(error_for(result.errors, "balance.pvp_min_chance")->reason,
              HasSubstr("must not exceed balance.pvp_max_chance (85.0)"));
  EXPECT_THAT(error_for(result.errors, "balance.atm_max")->source, HasSubstr("gofrobot.toml:3:"));

  // One line per problem.
  const std::string text = ops::describe(result.errors);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 7);
  EXPECT_THAT(text, HasSubstr("balance.atm_max = 0: must be between 1 and 1000 ("));
}

TEST(LoadConfig, WebhookModeNeedsUrlAndSecret) {
  TempDir dir;
  const auto missing = load_text(dir, "[telegram]\nmode = \"webhook\"\n");
  EXPECT_THAT(keys_of(missing.errors), ElementsAre("telegram.webhook_url", "telegram.webhook_secret"));
  EXPECT_THAT(missing.errors[0].reason, HasSubstr("required when telegram.mode = \"webhook\""));

  const auto complete = load_text(dir, R"(
[telegram]
mode = "webhook"
webhook_url = "https://bot.example.org/telegram/webhook"
)",
                                  Environment({{"GOFROBOT_TELEGRAM_WEBHOOK_SECRET", "s3cr3t-Token_xyz_1"}}));
  ASSERT_TRUE(complete.ok()) << ops::describe(complete.errors);
  EXPECT_EQ(complete.config.telegram.mode, ops::TelegramMode::webhook);
  EXPECT_EQ(complete.config.telegram.webhook_secret, "s3cr3t-Token_xyz_1");

  // A secret short enough to guess is refused in webhook mode (not shown in the error).
  const auto short_secret = load_text(dir, R"(
[telegram]
mode = "webhook"
webhook_url = "https://bot.example.org/telegram/webhook"
)",
                                      Environment({{"GOFROBOT_TELEGRAM_WEBHOOK_SECRET", "s3cr3t"}}));
  EXPECT_THAT(keys_of(short_secret.errors), ElementsAre("telegram.webhook_secret"));
  EXPECT_THAT(ops::describe(short_secret.errors), HasSubstr("at least 16 characters"));
  EXPECT_THAT(ops::describe(short_secret.errors), Not(HasSubstr("s3cr3t")));

  // Polling mode does not care that they are empty.
  EXPECT_TRUE(load_text(dir, "[telegram]\nmode = \"polling\"\n").ok());
}

TEST(LoadConfig, OutboundLimitsFromTheFileAndTheEnvironment) {
  TempDir dir;
  const Environment env({{"GOFROBOT_TELEGRAM_OUTBOUND_PER_SECOND", "100000"},
                         {"GOFROBOT_TELEGRAM_OUTBOUND_PER_CHAT_PER_SECOND", "2.5"}});
  const auto result = load_text(dir, R"(
[telegram]
outbound_per_second = 500
outbound_per_chat_burst = 10
outbound_per_group_per_minute = 600
)",
                                env);
  ASSERT_TRUE(result.ok()) << ops::describe(result.errors);
  const Config& c = result.config;
  EXPECT_EQ(c.telegram.outbound_per_second, 100000.0);  // the environment wins
  EXPECT_EQ(c.telegram.outbound_per_chat_burst, 10);
  EXPECT_EQ(c.telegram.outbound_per_chat_per_second, 2.5);
  EXPECT_EQ(c.telegram.outbound_per_group_per_minute, 600);
  EXPECT_EQ(result.sources.at("telegram.outbound_per_second"),
            "environment variable GOFROBOT_TELEGRAM_OUTBOUND_PER_SECOND");
  EXPECT_THAT(result.sources.at("telegram.outbound_per_chat_burst"), HasSubstr("gofrobot.toml:4:"));
  // Flood limits are fixed when the queue starts: a reload says a restart is needed.
  EXPECT_THAT(ops::reload_requires_restart(Config{}, c),
              ElementsAre("telegram.outbound_per_second", "telegram.outbound_per_chat_burst",
                          "telegram.outbound_per_chat_per_second",
                          "telegram.outbound_per_group_per_minute"));
}

TEST(LoadConfig, OutboundLimitsOutOfRangeAreErrors) {
  TempDir dir;
  const auto low = load_text(dir, R"(
[telegram]
outbound_per_second = 0.5
outbound_per_chat_burst = 0
outbound_per_chat_per_second = 0
outbound_per_group_per_minute = -1
)");
  EXPECT_THAT(keys_of(low.errors),
              ElementsAre("telegram.outbound_per_second", "telegram.outbound_per_chat_burst",
                          "telegram.outbound_per_chat_per_second",
                          "telegram.outbound_per_group_per_minute"));
  EXPECT_EQ(error_for(low.errors, "telegram.outbound_per_second")->reason,
            "must be between 1 and 1000000");
  EXPECT_EQ(error_for(low.errors, "telegram.outbound_per_chat_burst")->reason,
            "must be between 1 and 1000000");
  EXPECT_EQ(error_for(low.errors, "telegram.outbound_per_chat_per_second")->reason,
            "must be between 0.01 and 1000000");

  const auto high = load_text(dir, "", Environment({{"GOFROBOT_TELEGRAM_OUTBOUND_PER_SECOND", "2e6"},
                                                    {"GOFROBOT_TELEGRAM_OUTBOUND_PER_GROUP_PER_MINUTE", "1000001"}}));
  EXPECT_THAT(keys_of(high.errors),
              ElementsAre("telegram.outbound_per_second", "telegram.outbound_per_group_per_minute"));
  EXPECT_EQ(error_for(high.errors, "telegram.outbound_per_second")->source,
            "environment variable GOFROBOT_TELEGRAM_OUTBOUND_PER_SECOND");

  // Not a number at all.
  const auto typo = load_text(dir, "", Environment({{"GOFROBOT_TELEGRAM_OUTBOUND_PER_CHAT_BURST", "three"}}));
  EXPECT_THAT(keys_of(typo.errors), ElementsAre("telegram.outbound_per_chat_burst"));

  // The bounds themselves are fine.
  EXPECT_TRUE(load_text(dir, R"(
[telegram]
outbound_per_second = 1
outbound_per_chat_burst = 1000000
outbound_per_chat_per_second = 0.01
outbound_per_group_per_minute = 1
)").ok());
}

TEST(LoadConfig, DatabaseUrlSchemes) {
  TempDir dir;
  for (const std::string url : {"sqlite://data/x.db", "sqlite:///var/lib/gofrobot/x.db",
                                "postgresql://u:p@h:5432/db", "postgres://h/db"}) {
    EXPECT_TRUE(load_text(dir, "[storage]\ndatabase_url = \"" + url + "\"\n").ok()) << url;
  }
  for (const std::string url : {"mysql://h/db", "sqlite://", "data/gofrobot.db", ""}) {
    const auto result = load_text(dir, "[storage]\ndatabase_url = \"" + url + "\"\n");
    EXPECT_THAT(keys_of(result.errors), ElementsAre("storage.database_url")) << url;
  }
}

TEST(LoadConfig, SecretsNeverAppearInErrorsOrTheSummary) {
  TempDir dir;
  // Invalid secrets: a token with blanks (file), a webhook secret with a forbidden character
  // (environment), and a database password in an invalid URL.
  const auto bad = load_text(dir, R"(
[bot]
token = "123456:PRIVATE TOKEN"
[storage]
database_url = "mysql://root:hunter2@db/gofrobot"
)",
                             Environment({{"GOFROBOT_TELEGRAM_WEBHOOK_SECRET", "tops3cret!"}}));
  EXPECT_THAT(keys_of(bad.errors),
              UnorderedElementsAre("bot.token", "storage.database_url", "telegram.webhook_secret"));
  const std::string text = ops::describe(bad.errors);
  EXPECT_THAT(text, Not(HasSubstr("PRIVATE")));
  EXPECT_THAT(text, Not(HasSubstr("tops3cret")));
  EXPECT_THAT(text, Not(HasSubstr("hunter2")));
  EXPECT_EQ(error_for(bad.errors, "bot.token")->value, "\"<redacted>\"");

  // A secret of the wrong type is redacted too.
  const auto mistyped = load_text(dir, "[bot]\ntoken = 123456\n");
  ASSERT_EQ(mistyped.errors.size(), 1u);
  EXPECT_EQ(mistyped.errors[0].value, "\"<redacted>\"");

  // The summary of a valid configuration.
  const auto good = load_text(dir, R"(
[storage]
database_url = "postgresql://gofro:hunter2@db/gofrobot?sslmode=require"
)",
                              Environment({{"BOT_TOKEN", "123456:AAHsecretTOKEN"},
                                           {"GOFROBOT_TELEGRAM_WEBHOOK_SECRET", "whsecret"}}));
  ASSERT_TRUE(good.ok()) << ops::describe(good.errors);
  const std::string summary = ops::redacted_summary(good.config);
  EXPECT_THAT(summary, Not(HasSubstr("AAHsecretTOKEN")));
  EXPECT_THAT(summary, Not(HasSubstr("whsecret")));
  EXPECT_THAT(summary, Not(HasSubstr("hunter2")));
  EXPECT_THAT(summary, HasSubstr("token = \"<redacted>\""));
  EXPECT_THAT(summary, HasSubstr("webhook_secret = \"<redacted>\""));
  EXPECT_THAT(summary, HasSubstr("database_url = \"postgresql://gofro:<redacted>@db/gofrobot?sslmode=require\""));
  EXPECT_THAT(summary, HasSubstr("[balance]\n"));
  EXPECT_THAT(summary, HasSubstr("atm_max = 12\n"));

  // An unset secret shows as unset.
  EXPECT_THAT(ops::redacted_summary(Config{}), HasSubstr("token = \"\"\n"));
}

TEST(LoadConfig, InvalidTomlIsReportedWithItsPosition) {
  TempDir dir;
  const auto result = load_text(dir, "[balance]\natm_max = = 3\n");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].key, "");
  EXPECT_THAT(result.errors[0].reason, HasSubstr("invalid TOML"));
  EXPECT_THAT(result.errors[0].source, HasSubstr("gofrobot.toml:2:"));
}

TEST(LoadConfig, AnUnquotedTokenDoesNotLeakThroughTheSyntaxError) {
  TempDir dir;
  const auto result = load_text(dir, "[bot]\ntoken = 123456789:AAHsecretTOKEN\n");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(ops::describe(result.errors), Not(HasSubstr("AAHsecretTOKEN")));
  // toml++ quotes numbers it cannot read; a long one might be an unquoted secret.
  const auto overflow = load_text(dir, "[telegram]\nwebhook_secret = 98765432109876543210987\n");
  ASSERT_FALSE(overflow.ok());
  EXPECT_THAT(ops::describe(overflow.errors), Not(HasSubstr("98765432109876543210987")));
}

TEST(LoadConfig, DotenvProblemsAreReported) {
  TempDir dir;
  Environment env;
  env.add_dotenv_text("GOOD=1\nthis line is wrong\nBAD=\"unterminated secret\n", "my.env");
  const auto result = load_text(dir, "", env);
  ASSERT_EQ(result.errors.size(), 2u);
  EXPECT_EQ(result.errors[0].source, "my.env:2");
  EXPECT_EQ(result.errors[1].source, "my.env:3");
  EXPECT_THAT(ops::describe(result.errors), Not(HasSubstr("unterminated secret")));
}

TEST(ReloadRequiresRestart, ChangedStorageUrlNeedsARestartBalanceDoesNot) {
  const Config running;
  Config candidate = running;
  candidate.storage.database_url = "postgresql://db/gofrobot";
  candidate.balance.atm_max = 6;
  candidate.limits.davka_per_minute = 5;
  candidate.log.level = ops::LogLevel::debug;
  candidate.bot.admins = {42};

  EXPECT_THAT(ops::reload_requires_restart(running, candidate), ElementsAre("storage.database_url"));
  EXPECT_THAT(ops::changed_settings(running, candidate),
              ElementsAre("bot.admins", "balance.atm_max", "limits.davka_per_minute",
                          "storage.database_url", "log.level"));
  EXPECT_THAT(ops::reload_requires_restart(running, running), IsEmpty());
  EXPECT_FALSE(running == candidate);
}

TEST(ReloadRequiresRestart, TokenAndPortsNeedARestart) {
  const Config running;
  Config candidate = running;
  candidate.bot.token = "1:new";
  candidate.ops.listen = "127.0.0.1:9191";
  candidate.telegram.webhook_listen = "0.0.0.0:9443";
  candidate.bot.maintenance = true;
  EXPECT_THAT(ops::reload_requires_restart(running, candidate),
              ElementsAre("bot.token", "telegram.webhook_listen", "ops.listen"));
}

}  // namespace

namespace {

using ops::Config;

TEST(PlanReload, LiveKeysTakeTheNewValuesTheOthersKeepTheRunningOnes) {
  Config running;
  running.storage.database_url = "sqlite://a.db";
  Config candidate = running;
  candidate.balance.atm_max = 6;
  candidate.bot.maintenance = true;
  candidate.log.level = ops::LogLevel::debug;
  candidate.storage.database_url = "sqlite://b.db";
  candidate.telegram.outbound_per_second = 10;
  const auto plan = ops::plan_reload(running, candidate);
  EXPECT_THAT(plan.applied, testing::ElementsAre("bot.maintenance", "balance.atm_max", "log.level"));
  EXPECT_THAT(plan.needs_restart,
              testing::ElementsAre("storage.database_url", "telegram.outbound_per_second"));
  EXPECT_EQ(plan.next.balance.atm_max, 6);
  EXPECT_TRUE(plan.next.bot.maintenance);
  EXPECT_EQ(plan.next.log.level, ops::LogLevel::debug);
  EXPECT_EQ(plan.next.storage.database_url, "sqlite://a.db");  // kept until a restart
  EXPECT_EQ(plan.next.telegram.outbound_per_second, running.telegram.outbound_per_second);
  EXPECT_FALSE(plan.changes_nothing());
  EXPECT_TRUE(ops::plan_reload(running, running).changes_nothing());
  // Only restart keys changed: nothing to apply, the running configuration stays.
  Config ports = running;
  ports.ops.listen = "127.0.0.1:1";
  const auto restart_only = ops::plan_reload(running, ports);
  EXPECT_TRUE(restart_only.changes_nothing());
  EXPECT_TRUE(restart_only.next == running);
}

TEST(ConfigHash, FollowsTheSettingsAndHidesSecrets) {
  Config a;
  Config b = a;
  EXPECT_EQ(ops::config_hash(a), ops::config_hash(b));
  EXPECT_EQ(ops::config_hash(a).size(), 16u);
  b.balance.atm_max = 11;
  EXPECT_NE(ops::config_hash(a), ops::config_hash(b));
  Config s1 = a, s2 = a;
  s1.bot.token = "1:aaa";
  s2.bot.token = "1:bbb";
  EXPECT_EQ(ops::config_hash(s1), ops::config_hash(s2));  // a secret's value does not enter it
  EXPECT_NE(ops::config_hash(s1), ops::config_hash(a));   // whether it is set does
}

}  // namespace

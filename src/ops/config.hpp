#pragma once
// The central configuration (DESIGN.md §5). Every setting lives in one schema
// (src/ops/schema.cpp): its TOML key, its field here, its environment variable, its check,
// whether it is secret and whether a live reload may change it. Defaults are the member
// initialisers below (and game::Balance's own), so there is one place for each number.
//
// Precedence: built-in defaults < TOML file < environment (real variables, then `.env`).
// Nothing here throws: problems come back as a list of ConfigError, all of them at once.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "game/balance.hpp"
#include "ops/enums.hpp"
#include "ops/environment.hpp"

namespace ops {

struct BotSettings {
  std::string token;                 // secret; GOFROBOT_BOT_TOKEN or BOT_TOKEN
  std::string username;              // the bot's @username without the '@'; may be empty
  std::vector<std::int64_t> admins;  // Telegram user ids: bypass maintenance, admin commands
  bool maintenance = false;
  std::string maintenance_message = "🔧 Бот на техническом обслуживании, загляните чуть позже.";
};

struct GameplaySettings {
  // One keyword reply per chat per this many seconds; 0 disables the responder
  // (GAME.md Appendix A decision 8).
  std::int64_t keyword_cooldown_seconds = 600;
};

// Per-user rate limits per category (GAME.md §13.4).
struct LimitSettings {
  int davka_per_minute = 10;
  int pvp_per_hour = 10;
  int commands_per_minute = 60;
  int default_per_minute = 30;
  bool exempt_admins = true;  // bot.admins are not limited
};

struct StorageSettings {
  std::string data_dir = "data";
  std::string database_url = "sqlite://data/gofrobot.db";  // see ops/database_url.hpp
  int batch_max_updates = 256;  // group commit: most updates in one transaction
  int batch_max_delay_ms = 0;   // group commit: longest wait for more updates (0: none)
  int player_cache_size = 100000;  // players kept in memory (LRU)
  int leaderboard_max_age_ms = 10000;  // leaderboard heads and player count kept this long
  int postgres_pool_size = 4;      // connections per process to PostgreSQL
  int sqlite_checkpoint_frames = 0;  // 0: SQLite's own; N: in the background past N frames
  int backup_interval_minutes = 60;  // 0 disables scheduled backups
  int backup_keep = 5;               // newest backups kept
};

// What replicas share (scale-out).
struct CacheSettings {
  std::string redis_url;  // secret (may hold a password); empty: no Redis (ops/redis_url.hpp)
};

struct LogSettings {
  LogLevel level = LogLevel::info;
  LogFormat format = LogFormat::automatic;
};

struct TelegramSettings {
  std::string api_base_url = "https://api.telegram.org";
  TelegramMode mode = TelegramMode::polling;
  std::string webhook_listen = "0.0.0.0:8443";  // see ops/listen_address.hpp
  std::string webhook_path = "/telegram/webhook";
  std::string webhook_url;     // public URL given to setWebhook; required in webhook mode
  std::string webhook_secret;  // secret; X-Telegram-Bot-Api-Secret-Token; required in webhook mode
  std::int64_t webhook_max_body_bytes = 1048576;
  // Connections Telegram may open to deliver updates at once (setWebhook max_connections).
  // A batch holds at most one update per connection: more connections, fuller commits.
  int webhook_max_connections = 40;
  // Connections the webhook keeps open at once from one client address (0: no such cap).
  int webhook_max_connections_per_address = 128;
  int poll_timeout_seconds = 25;
  // Flood control of outgoing calls (telegram::OutboundQueue); the defaults are Telegram's
  // limits. Raise them only for a Bot API server without those limits (a benchmark sink).
  double outbound_per_second = 30.0;          // all chats together (also the burst)
  int outbound_per_chat_burst = 3;            // messages to one chat at once before pacing
  double outbound_per_chat_per_second = 1.0;  // one chat's pace after its burst
  int outbound_per_group_per_minute = 20;     // one group chat, any minute
  // Back-pressure: with this many replies waiting to be sent, new updates are refused
  // (webhook: 503, Telegram delivers them again later) or not fetched (long polling), so
  // a flood cannot grow the queue, and the memory, without bound. 0: no limit.
  int outbound_max_pending = 10000;
  // One chat's replies waiting for its pace; more are dropped (a flooded group drains 20 a
  // minute). 0: no cap.
  int outbound_max_pending_per_chat = 200;
  // A call that failed with a 5xx or a network error is tried again, with backoff, up to
  // this many attempts in all; then the reply is dropped and logged.
  int outbound_max_attempts = 8;
  // One Bot API call may take this long before it counts as a network error.
  int outbound_request_timeout_ms = 15000;
};

struct OpsSettings {
  std::string listen = "127.0.0.1:9090";  // /metrics, /health, /ready
};

struct Config {
  BotSettings bot;
  game::Balance balance;
  GameplaySettings gameplay;
  LimitSettings limits;
  StorageSettings storage;
  CacheSettings cache;
  LogSettings log;
  TelegramSettings telegram;
  OpsSettings ops;
};

// Equal when every setting of the schema is equal.
bool operator==(const Config& a, const Config& b);

struct ConfigError {
  std::string key;     // "section.name"; empty for a problem of a whole file
  std::string value;   // as given; "<redacted>" for secrets; empty when not shown
  std::string reason;  // what is wrong, and what would be right
  std::string source;  // where the value came from: "config/gofrobot.toml:12:11",
                       // "environment variable BOT_TOKEN", ".env:3 (GOFROBOT_LOG_LEVEL)"

  bool operator==(const ConfigError&) const = default;
};

// One problem per line: `key = value: reason (source)`.
std::string describe(const std::vector<ConfigError>& errors);

inline constexpr std::string_view kDefaultConfigFile = "config/gofrobot.toml";

struct LoadResult {
  Config config;                     // use only when ok(); otherwise a best-effort merge
  std::vector<ConfigError> errors;   // every problem found, in file/schema order
  std::optional<std::filesystem::path> file;  // the TOML file read, if any
  // Where each setting that is not at its default came from (key -> source).
  std::map<std::string, std::string, std::less<>> sources;

  bool ok() const { return errors.empty(); }
};

// Loads `file` (or kDefaultConfigFile if it exists, when `file` is nullopt), then applies the
// environment, then validates. Unknown keys, wrong types and invalid values are all reported.
// An explicitly named file that cannot be read is an error; a missing default file is not.
LoadResult load_config(const std::optional<std::filesystem::path>& file,
                       const Environment& env) noexcept;

// Every problem of a complete configuration: each setting's own check, then the rules that
// relate settings (e.g. webhook mode needs webhook_url and webhook_secret). `source` is empty.
std::vector<ConfigError> validate(const Config& config);

// Keys whose values differ between the two configurations, in schema order.
std::vector<std::string> changed_settings(const Config& running, const Config& candidate);

// Keys that differ but cannot change while running (ports, URLs, storage, token): a reload
// applies the rest and reports these as needing a restart.
std::vector<std::string> reload_requires_restart(const Config& running, const Config& candidate);

// What a reload does with a valid candidate (DESIGN.md §9: a swap, never an edit): the
// configuration to run next, in which the live settings have the candidate's values and the
// others keep the running ones (a restart applies those).
struct ReloadPlan {
  Config next;
  std::vector<std::string> applied;        // live keys whose value changes, in schema order
  std::vector<std::string> needs_restart;  // keys that differ but keep their running value
  bool changes_nothing() const { return applied.empty(); }
};
ReloadPlan plan_reload(const Config& running, const Config& candidate);

// A short fingerprint of a configuration (16 hex digits, FNV-1a of its redacted summary):
// the same for equal configurations, different (but for a 2^-64 chance) when a setting
// differs, and revealing no secret: a secret's value does not enter it, only whether it is
// set. A secret changed on its own (restart-only anyway) leaves the hash as it was.
std::string config_hash(const Config& config);

// The whole configuration in TOML syntax, secrets shown as "<redacted>" (or "" when unset) and
// URL passwords masked; safe to log and to print from `gofrobot check-config`.
// (Also the input of config_hash.)
std::string redacted_summary(const Config& config);

}  // namespace ops

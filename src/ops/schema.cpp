// The schema: every setting of the configuration, once. Adding a setting = a field in
// config.hpp (or game/balance.hpp) with its default, plus one entry here, plus its line in
// config/gofrobot.toml (a test checks the file lists every key with the built-in default).
//
// Reload::live settings change in a running process on SIGHUP or the admin reload command;
// Reload::restart ones need a restart and the reload says so.
#include <type_traits>

#include "ops/schema.hpp"
#include "ops/validators.hpp"

namespace ops {
namespace {

using game::Balance;
using std::int64_t;
using namespace check;

struct Traits {
  Reload reload;
  Secrecy secrecy = Secrecy::plain;
};
constexpr Traits live{Reload::live};
constexpr Traits restart{Reload::restart};
constexpr Traits restart_secret{Reload::restart, Secrecy::secret};

class SchemaBuilder {
 public:
  // `check` is not deduced, so at_least(1) and friends name the field's type explicitly.
  template <class S, class T>
  Setting& add(std::string_view key, S Config::*section, T S::*member,
               std::type_identity_t<Check<T>> check, Traits traits, std::string_view description) {
    list_.push_back(std::make_unique<FieldSetting<S, T>>(key, section, member, std::move(check),
                                                         traits.reload, traits.secrecy, description));
    return *list_.back();
  }

  // Frozen: nothing changes a setting once the schema is built.
  std::vector<std::unique_ptr<const Setting>> take() {
    std::vector<std::unique_ptr<const Setting>> out;
    for (auto& setting : list_) out.push_back(std::move(setting));
    return out;
  }

 private:
  std::vector<std::unique_ptr<Setting>> list_;
};

std::vector<std::unique_ptr<const Setting>> build() {
  SchemaBuilder s;
  // Shorthands for the sections keep each entry on few lines.
  constexpr auto bot = &Config::bot;
  constexpr auto balance = &Config::balance;
  constexpr auto limits = &Config::limits;
  constexpr auto storage = &Config::storage;
  constexpr auto telegram = &Config::telegram;

  // [bot] --------------------------------------------------------------------------------------
  s.add("bot.token", bot, &BotSettings::token, bot_token(), restart_secret,
        "Bot API token from @BotFather (secret; the variable BOT_TOKEN is accepted too).")
      .also_env("BOT_TOKEN");
  s.add("bot.username", bot, &BotSettings::username, bot_username(), restart,
        "The bot's username without the '@' (recognises /command@username in groups); may be empty.");
  s.add("bot.admins", bot, &BotSettings::admins, user_ids(), live,
        "Telegram user ids of the admins: they may use the admin panel (/admin) and bypass "
        "maintenance.");
  s.add("bot.maintenance", bot, &BotSettings::maintenance, {}, live,
        "Maintenance mode: everyone but the admins gets maintenance_message instead of the game; "
        "the admin panel's switch, once used, overrides this (kept in the database).");
  s.add("bot.maintenance_message", bot, &BotSettings::maintenance_message, non_empty(), live,
        "The reply sent during maintenance.");

  // [balance] (GAME.md; § numbers refer to it) -------------------------------------------------
  s.add("balance.start_gofra_mm", balance, &Balance::start_gofra_mm, non_negative(), live,
        "Gofra length of a new player, mm (§1).");
  s.add("balance.start_cable_mm", balance, &Balance::start_cable_mm, non_negative(), live,
        "Cable length of a new player, mm (§1).");
  s.add("balance.atm_max", balance, &Balance::atm_max, between(1, 1000), live,
        "Atmospheres when full; a davka needs all of them (§3).");
  s.add("balance.atm_base_seconds", balance, &Balance::atm_base_seconds, positive(), live,
        "Seconds to regenerate one atmosphere at speed x1.0 (§3).");
  s.add("balance.gofra_exp_per_gram", balance, &Balance::gofra_exp_per_gram, non_negative(), live,
        "Gofra growth per gram of snake squeezed, mm (§4.2).");
  s.add("balance.min_gofra_exp", balance, &Balance::min_gofra_exp, non_negative(), live,
        "Least gofra growth of a davka, mm (§4.2).");
  s.add("balance.gofra_soft_cap_mm", balance, &Balance::gofra_soft_cap_mm, non_negative(), live,
        "Soft cap: gofra length above which davka growth shrinks, mm (§4.2).");
  s.add("balance.gofra_soft_cap_mult", balance, &Balance::gofra_soft_cap_mult, probability(), live,
        "Soft cap: floor of the reduction factor, 0..1 (§4.2).");
  s.add("balance.gofra_soft_cap_scale_mm", balance, &Balance::gofra_soft_cap_scale_mm, positive(), live,
        "Soft cap: mm over the cap at which half of the strength applies (§4.2).");
  s.add("balance.gofra_soft_cap_strength", balance, &Balance::gofra_soft_cap_strength, probability(), live,
        "Soft cap: largest share of the growth taken away, 0..1 (§4.2).");
  s.add("balance.cable_mm_per_kg", balance, &Balance::cable_mm_per_kg, non_negative(), live,
        "Cable growth per kg of snake squeezed, mm (§4.2).");
  s.add("balance.min_cable_gain", balance, &Balance::min_cable_gain, non_negative(), live,
        "Least cable growth; a smaller gain becomes a lottery for this much, mm (§4.2).");
  s.add("balance.cable_chance_small", balance, &Balance::cable_chance_small, probability(), live,
        "Chance of winning that small-gain cable lottery, 0..1 (§4.2).");
  s.add("balance.pvp_base_chance", balance, &Balance::pvp_base_chance, percent(), live,
        "PvP win chance between equal players, percent (§7.2).");
  s.add("balance.pvp_cable_mult", balance, &Balance::pvp_cable_mult, non_negative(), live,
        "PvP chance added per mm of cable advantage, percent (§7.2).");
  s.add("balance.pvp_gofra_mult", balance, &Balance::pvp_gofra_mult, non_negative(), live,
        "PvP chance added per mm of gofra advantage, percent (§7.2).");
  s.add("balance.pvp_jitter", balance, &Balance::pvp_jitter, percent(), live,
        "PvP chance jitter: uniform in plus or minus this, percent (§7.2).");
  s.add("balance.pvp_min_chance", balance, &Balance::pvp_min_chance, percent(), live,
        "Lowest PvP chance after clamping, percent; at most pvp_max_chance (§7.2).");
  s.add("balance.pvp_max_chance", balance, &Balance::pvp_max_chance, percent(), live,
        "Highest PvP chance after clamping, percent (§7.2).");
  s.add("balance.pvp_attacker_cable_gain", balance, &Balance::pvp_attacker_cable_gain, non_negative(), live,
        "Cable won by a winning attacker, mm (§7.4).");
  s.add("balance.pvp_attacker_gain_base", balance, &Balance::pvp_attacker_gain_base, non_negative(), live,
        "Gofra won by a winning attacker against an equal defender, mm (§7.4).");
  s.add("balance.pvp_attacker_gain_up_divisor", balance, &Balance::pvp_attacker_gain_up_divisor,
        positive(), live,
        "Winning attacker: +1 mm per this many mm the defender is longer (§7.4).");
  s.add("balance.pvp_attacker_gain_up_cap", balance, &Balance::pvp_attacker_gain_up_cap, non_negative(),
        live, "Winning attacker: most extra mm against a longer defender (§7.4).");
  s.add("balance.pvp_attacker_gain_down_divisor", balance, &Balance::pvp_attacker_gain_down_divisor,
        positive(), live,
        "Winning attacker: -1 mm per this many mm the attacker is longer (§7.4).");
  s.add("balance.pvp_attacker_gain_min", balance, &Balance::pvp_attacker_gain_min, non_negative(), live,
        "Winning attacker: least gofra won, mm (§7.4).");
  s.add("balance.pvp_defender_cable_gain", balance, &Balance::pvp_defender_cable_gain, non_negative(), live,
        "Cable won by a winning defender, mm (§7.4, Appendix A.7).");
  s.add("balance.pvp_defender_gain_base", balance, &Balance::pvp_defender_gain_base, non_negative(), live,
        "Gofra won by a winning defender against an equal attacker, mm (§7.4).");
  s.add("balance.pvp_defender_gain_up_divisor", balance, &Balance::pvp_defender_gain_up_divisor,
        positive(), live,
        "Winning defender: +1 mm per this many mm the attacker is longer (§7.4).");
  s.add("balance.pvp_defender_gain_up_cap", balance, &Balance::pvp_defender_gain_up_cap, non_negative(),
        live, "Winning defender: most extra mm against a longer attacker (§7.4).");
  s.add("balance.pvp_defender_gain_down_divisor", balance, &Balance::pvp_defender_gain_down_divisor,
        positive(), live,
        "Winning defender: -1 mm per this many mm the defender is longer (§7.4).");
  s.add("balance.pvp_defender_gain_min", balance, &Balance::pvp_defender_gain_min, non_negative(), live,
        "Winning defender: least gofra won, mm (§7.4).");
  s.add("balance.pvp_fights_per_window", balance, &Balance::pvp_fights_per_window, at_least(1), live,
        "Fights a player may take part in (attacking or defending) per window (§7.1).");
  s.add("balance.pvp_window_seconds", balance, &Balance::pvp_window_seconds, at_least<int64_t>(1), live,
        "Length of the PvP fight-limit window, seconds (§7.1).");
  s.add("balance.pvp_challenge_ttl_seconds", balance, &Balance::pvp_challenge_ttl_seconds,
        at_least<int64_t>(1), live, "How long a PvP confirmation button stays valid, seconds (§7.3).");
  s.add("balance.pvp_matchmaking_pool", balance, &Balance::pvp_matchmaking_pool, at_least(1), live,
        "Random opponent: one of this many players closest in gofra (Appendix A.5).");
  s.add("balance.chat_active_window_seconds", balance, &Balance::chat_active_window_seconds,
        at_least<int64_t>(1), live,
        "A chat member is active if their last chat davka is this recent, seconds (§10.2).");

  // [gameplay] ---------------------------------------------------------------------------------
  s.add("gameplay.keyword_cooldown_seconds", &Config::gameplay,
        &GameplaySettings::keyword_cooldown_seconds, at_least<int64_t>(0), live,
        "At most one keyword reply per chat per this many seconds; 0 turns the responder off.");

  // [limits] per user (GAME.md §13.4) ----------------------------------------------------------
  s.add("limits.davka_per_minute", limits, &LimitSettings::davka_per_minute, at_least(1), live,
        "Davka actions per user per minute.");
  s.add("limits.pvp_per_hour", limits, &LimitSettings::pvp_per_hour, at_least(1), live,
        "PvP actions per user per hour, on top of the game's own fight limit.");
  s.add("limits.commands_per_minute", limits, &LimitSettings::commands_per_minute, at_least(1), live,
        "Commands per user per minute.");
  s.add("limits.default_per_minute", limits, &LimitSettings::default_per_minute, at_least(1), live,
        "Any other update (buttons, messages) per user per minute.");
  s.add("limits.exempt_admins", limits, &LimitSettings::exempt_admins, {}, live,
        "Admins (bot.admins) are not rate-limited; false limits them like everyone.");

  // [storage] ----------------------------------------------------------------------------------
  s.add("storage.data_dir", storage, &StorageSettings::data_dir, non_empty(), restart,
        "Folder for local state: the SQLite database, backups.");
  s.add("storage.database_url", storage, &StorageSettings::database_url, database_url(), restart,
        "sqlite://PATH (relative to the working directory) or postgresql://user:pass@host/db.");
  s.add("storage.batch_max_updates", storage, &StorageSettings::batch_max_updates, between(1, 100000),
        restart, "Group commit: most updates written in one transaction.");
  s.add("storage.batch_max_delay_ms", storage, &StorageSettings::batch_max_delay_ms, between(0, 10000),
        restart, "Group commit: longest wait for more updates to join a batch, ms. 0: none; batches "
        "still grow by themselves from what queues while the previous one commits. More "
        "trades latency for fewer fsyncs.");
  s.add("storage.player_cache_size", storage, &StorageSettings::player_cache_size,
        between(1, 100000000), restart,
        "Players kept in memory (least recently used leave first); a cached player costs no read.");
  s.add("storage.leaderboard_max_age_ms", storage, &StorageSettings::leaderboard_max_age_ms,
        between(0, 3600000), restart,
        "How long the first 100 of each leaderboard and the player count are served from "
        "memory before they are read again, ms; 0 reads them for every top screen. They "
        "follow this process's writes at once; the age bounds what they miss (other "
        "processes' writes, atmospheres regenerating). Replicas on one PostgreSQL: with "
        "Redis the other replicas' changes show at once (a change feed); without it, or "
        "while Redis is away, this age also bounds how long a kept player may lag another "
        "replica's change.");
  s.add("storage.sqlite_checkpoint_frames", storage, &StorageSettings::sqlite_checkpoint_frames,
        between(0, 1000000), restart,
        "SQLite: 0 leaves WAL checkpoints to SQLite, inside the commit that passes 1,000 "
        "pages (4 MiB). N copies the WAL into the database from a background thread once it "
        "holds N pages, which writes about a quarter of the bytes to disk per update at "
        "100,000 players (each page once per checkpoint, not once per commit) but lets the "
        "copying compete with the commits' fsyncs: p99 about 1.6x at a fixed rate "
        "(docs/BENCHMARKS.md). For disks that wear or bill by the byte; 8192 is measured.");
  s.add("storage.postgres_pool_size", storage, &StorageSettings::postgres_pool_size,
        between(1, 1000), restart, "Connections each process opens to PostgreSQL.");
  s.add("storage.backup_interval_minutes", storage, &StorageSettings::backup_interval_minutes,
        between(0, 100000), restart, "Minutes between scheduled SQLite backups; 0 disables them.");
  s.add("storage.backup_keep", storage, &StorageSettings::backup_keep, between(1, 10000),
        restart, "How many of the newest backups are kept in DATA_DIR/backups.");

  // [cache] ------------------------------------------------------------------------------------
  s.add("cache.redis_url", &Config::cache, &CacheSettings::redis_url, redis_url(), restart_secret,
        "Redis for what several replicas share, redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] "
        "(secret); empty: none, each process alone (the embedded default needs no Redis). "
        "When set, the rate limits are shared: one limit for a user across every replica. "
        "If Redis goes away, each replica limits alone until it answers again.");

  // [log] --------------------------------------------------------------------------------------
  s.add("log.level", &Config::log, &LogSettings::level, {}, live,
        "Least severity logged: trace, debug, info, warn, error, critical or off.");
  s.add("log.format", &Config::log, &LogSettings::format, {}, restart,
        "auto (text on a terminal, JSON lines otherwise), text or json.");

  // [telegram] ---------------------------------------------------------------------------------
  s.add("telegram.api_base_url", telegram, &TelegramSettings::api_base_url, http_url(), restart,
        "Bot API server, without a trailing '/'; a local Bot API server or an emulator also works.");
  s.add("telegram.mode", telegram, &TelegramSettings::mode, {}, restart,
        "How updates arrive: polling (getUpdates) or webhook.");
  s.add("telegram.webhook_listen", telegram, &TelegramSettings::webhook_listen, listen_address(), restart,
        "Webhook mode: HOST:PORT the webhook HTTP server listens on.");
  s.add("telegram.webhook_path", telegram, &TelegramSettings::webhook_path, url_path(), restart,
        "Webhook mode: request path Telegram posts updates to.");
  s.add("telegram.webhook_url", telegram, &TelegramSettings::webhook_url, http_url_or_empty(), restart,
        "Webhook mode: public HTTPS URL passed to setWebhook; required in webhook mode.");
  s.add("telegram.webhook_secret", telegram, &TelegramSettings::webhook_secret, secret_token(),
        restart_secret,
        "Webhook mode: X-Telegram-Bot-Api-Secret-Token value (secret); required in webhook mode, "
        "at least 16 characters.");
  s.add("telegram.webhook_max_body_bytes", telegram, &TelegramSettings::webhook_max_body_bytes,
        between<int64_t>(1024, 64 << 20), restart,
        "Webhook mode: largest request body accepted, bytes.");
  s.add("telegram.webhook_max_connections", telegram, &TelegramSettings::webhook_max_connections,
        between(1, 100), restart,
        "Webhook mode: connections Telegram may open at once to deliver updates (setWebhook "
        "max_connections, 1-100). More lets more updates share a commit.");
  s.add("telegram.webhook_max_connections_per_address", telegram,
        &TelegramSettings::webhook_max_connections_per_address, between(0, 1000000), restart,
        "Webhook mode: connections open at once from one client address (0: no limit), so a "
        "client holding connections open cannot keep Telegram out; more are refused with 503. "
        "Behind a load balancer every connection comes from it: set this above its connections "
        "to one replica, or 0.");
  s.add("telegram.poll_timeout_seconds", telegram, &TelegramSettings::poll_timeout_seconds, between(0, 60),
        restart, "Polling mode: getUpdates long-poll timeout, seconds.");
  // Flood control: Telegram's limits by default; raise them only for a Bot API server that
  // has none (a local benchmark sink). The upper bounds only catch typos.
  s.add("telegram.outbound_per_second", telegram, &TelegramSettings::outbound_per_second,
        between(1.0, 1000000.0), restart,
        "Flood control: most outgoing calls a second (messages, edits, answers), all chats together.");
  s.add("telegram.outbound_per_chat_burst", telegram, &TelegramSettings::outbound_per_chat_burst,
        between(1, 1000000), restart,
        "Flood control: messages one chat may get at once before the per-chat pace applies.");
  s.add("telegram.outbound_per_chat_per_second", telegram,
        &TelegramSettings::outbound_per_chat_per_second, between(0.01, 1000000.0), restart,
        "Flood control: messages a second to one chat after its burst.");
  s.add("telegram.outbound_per_group_per_minute", telegram,
        &TelegramSettings::outbound_per_group_per_minute, between(1, 1000000), restart,
        "Flood control: most messages to one group chat in any minute.");
  s.add("telegram.outbound_max_pending", telegram, &TelegramSettings::outbound_max_pending,
        between(0, 100000000), restart,
        "Back-pressure: with this many replies waiting to be sent, new updates wait (webhook: "
        "503, Telegram retries; polling: no getUpdates). 0: no limit.");
  s.add("telegram.outbound_max_pending_per_chat", telegram,
        &TelegramSettings::outbound_max_pending_per_chat, between(0, 1000000), restart,
        "Replies one chat may have waiting for its pace; more are dropped and logged (a "
        "flooded group drains 20 a minute). 0: no cap.");
  s.add("telegram.outbound_max_attempts", telegram, &TelegramSettings::outbound_max_attempts,
        between(1, 1000), restart,
        "Attempts in all for a call that fails with a 5xx or a network error (retried with "
        "backoff); then the reply is dropped and logged.");
  s.add("telegram.outbound_request_timeout_ms", telegram,
        &TelegramSettings::outbound_request_timeout_ms, between(100, 600000), restart,
        "How long one Bot API call may take before it counts as a network error, ms.");

  // [ops] --------------------------------------------------------------------------------------
  s.add("ops.listen", &Config::ops, &OpsSettings::listen, listen_address(), restart,
        "HOST:PORT of the /metrics, /health and /ready HTTP server (port 0 = any free port).");

  return s.take();
}

}  // namespace

const std::vector<std::unique_ptr<const Setting>>& settings() {
  static const auto list = build();
  return list;
}

const Setting* find_setting(std::string_view key) {
  for (const auto& setting : settings()) {
    if (setting->key() == key) return setting.get();
  }
  return nullptr;
}

const std::vector<std::string>& sections() {
  static const auto names = [] {
    std::vector<std::string> out;
    for (const auto& setting : settings()) {
      if (out.empty() || out.back() != setting->section()) out.emplace_back(setting->section());
    }
    return out;
  }();
  return names;
}

}  // namespace ops

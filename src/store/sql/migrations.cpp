#include "store/sql/migrations.hpp"

#include <fmt/format.h>

#include "store/sql/legacy_rows.hpp"
#include "store/sql/transaction.hpp"

namespace store::sql {
namespace {

// Version 1: the original bot's schema, column for column (GAME.md §12.1).
constexpr std::string_view kV1Sqlite = R"sql(
CREATE TABLE IF NOT EXISTS users (
  user_id INTEGER PRIMARY KEY, nickname TEXT DEFAULT '', gofra_mm REAL DEFAULT 10.0,
  cable_mm REAL DEFAULT 10.0, gofra INTEGER DEFAULT 1, cable_power INTEGER DEFAULT 1,
  zmiy_grams REAL DEFAULT 0.0, last_update INTEGER DEFAULT 0, last_davka INTEGER DEFAULT 0,
  atm_count INTEGER DEFAULT 12, max_atm INTEGER DEFAULT 12, experience INTEGER DEFAULT 0,
  total_davki INTEGER DEFAULT 0, total_zmiy_grams REAL DEFAULT 0.0,
  nickname_changed BOOLEAN DEFAULT FALSE);
CREATE INDEX IF NOT EXISTS idx_gofra ON users(gofra DESC);
CREATE INDEX IF NOT EXISTS idx_zmiy ON users(zmiy_grams DESC);
CREATE TABLE IF NOT EXISTS rademka_fights (
  id INTEGER PRIMARY KEY AUTOINCREMENT, winner_id INTEGER, loser_id INTEGER,
  money_taken INTEGER DEFAULT 0, created_at INTEGER DEFAULT (strftime('%s','now')));
CREATE INDEX IF NOT EXISTS idx_win ON rademka_fights(winner_id);
CREATE INDEX IF NOT EXISTS idx_lose ON rademka_fights(loser_id);
CREATE TABLE IF NOT EXISTS chats (
  chat_id INTEGER PRIMARY KEY, chat_title TEXT DEFAULT '', chat_type TEXT DEFAULT 'group',
  is_active BOOLEAN DEFAULT TRUE, created_at INTEGER DEFAULT (strftime('%s','now')),
  last_activity INTEGER DEFAULT (strftime('%s','now')));
CREATE TABLE IF NOT EXISTS chat_stats (
  chat_id INTEGER, user_id INTEGER, total_zmiy_grams REAL DEFAULT 0.0,
  total_davki INTEGER DEFAULT 0, last_davka_at INTEGER DEFAULT 0,
  PRIMARY KEY(chat_id, user_id), FOREIGN KEY(chat_id) REFERENCES chats(chat_id));
CREATE INDEX IF NOT EXISTS idx_chat_stats ON chat_stats(chat_id, total_zmiy_grams DESC);
CREATE TABLE IF NOT EXISTS chat_top (
  chat_id INTEGER, user_id INTEGER, total_zmiy_grams REAL DEFAULT 0.0, rank INTEGER DEFAULT 0,
  last_updated INTEGER DEFAULT (strftime('%s','now')), PRIMARY KEY(chat_id, user_id));
CREATE INDEX IF NOT EXISTS idx_chat_top ON chat_top(chat_id, rank);
)sql";

constexpr std::string_view kV1Postgres = R"sql(
CREATE TABLE IF NOT EXISTS users (
  user_id BIGINT PRIMARY KEY, nickname TEXT DEFAULT '', gofra_mm DOUBLE PRECISION DEFAULT 10.0,
  cable_mm DOUBLE PRECISION DEFAULT 10.0, gofra BIGINT DEFAULT 1, cable_power BIGINT DEFAULT 1,
  zmiy_grams DOUBLE PRECISION DEFAULT 0.0, last_update BIGINT DEFAULT 0,
  last_davka BIGINT DEFAULT 0, atm_count INTEGER DEFAULT 12, max_atm INTEGER DEFAULT 12,
  experience BIGINT DEFAULT 0, total_davki BIGINT DEFAULT 0,
  total_zmiy_grams DOUBLE PRECISION DEFAULT 0.0, nickname_changed INTEGER DEFAULT 0);
CREATE INDEX IF NOT EXISTS idx_gofra ON users(gofra DESC);
CREATE INDEX IF NOT EXISTS idx_zmiy ON users(zmiy_grams DESC);
CREATE TABLE IF NOT EXISTS rademka_fights (
  id BIGSERIAL PRIMARY KEY, winner_id BIGINT, loser_id BIGINT, money_taken BIGINT DEFAULT 0,
  created_at BIGINT DEFAULT (extract(epoch from now())::bigint));
CREATE INDEX IF NOT EXISTS idx_win ON rademka_fights(winner_id);
CREATE INDEX IF NOT EXISTS idx_lose ON rademka_fights(loser_id);
CREATE TABLE IF NOT EXISTS chats (
  chat_id BIGINT PRIMARY KEY, chat_title TEXT DEFAULT '', chat_type TEXT DEFAULT 'group',
  is_active INTEGER DEFAULT 1, created_at BIGINT DEFAULT (extract(epoch from now())::bigint),
  last_activity BIGINT DEFAULT (extract(epoch from now())::bigint));
CREATE TABLE IF NOT EXISTS chat_stats (
  chat_id BIGINT, user_id BIGINT, total_zmiy_grams DOUBLE PRECISION DEFAULT 0.0,
  total_davki BIGINT DEFAULT 0, last_davka_at BIGINT DEFAULT 0, PRIMARY KEY(chat_id, user_id));
CREATE INDEX IF NOT EXISTS idx_chat_stats ON chat_stats(chat_id, total_zmiy_grams DESC);
CREATE TABLE IF NOT EXISTS chat_top (
  chat_id BIGINT, user_id BIGINT, total_zmiy_grams DOUBLE PRECISION DEFAULT 0.0,
  rank BIGINT DEFAULT 0, last_updated BIGINT DEFAULT (extract(epoch from now())::bigint),
  PRIMARY KEY(chat_id, user_id));
CREATE INDEX IF NOT EXISTS idx_chat_top ON chat_top(chat_id, rank);
)sql";

// Version 2: what the C++ bot adds. Columns: the folded nickname (unique), the optimistic
// version, PvP counters for the fight top, and the moment atmospheres are full (to rank
// regenerated atmospheres). Tables: processed update ids and the reply outbox. Indexes:
// one per leaderboard and per hot query (GAME.md §12.2). chat_top is left as it was: ranks
// are computed from chat_stats.
constexpr std::string_view kV2Common = R"sql(
ALTER TABLE users ADD COLUMN nickname_folded TEXT;
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN pvp_wins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN pvp_losses BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN atm_full_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE rademka_fights ADD COLUMN legacy_id BIGINT;
CREATE TABLE processed_updates (update_id BIGINT PRIMARY KEY, processed_at BIGINT NOT NULL);
CREATE INDEX idx_processed_updates_time ON processed_updates(processed_at);
)sql";

constexpr std::string_view kV2Sqlite = R"sql(
CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, update_id BIGINT,
  payload TEXT NOT NULL, created_at BIGINT NOT NULL);
)sql";

constexpr std::string_view kV2Postgres = R"sql(
CREATE TABLE outbox (id BIGSERIAL PRIMARY KEY, update_id BIGINT,
  payload TEXT NOT NULL, created_at BIGINT NOT NULL);
)sql";

// Indexes after the data step, so that a legacy database with duplicate folded nicknames
// is repaired before the unique index is built.
constexpr std::string_view kV2Indexes = R"sql(
CREATE UNIQUE INDEX idx_users_nickname_folded ON users(nickname_folded);
CREATE INDEX idx_users_gofra_mm ON users(gofra_mm DESC, user_id);
CREATE INDEX idx_users_cable_mm ON users(cable_mm DESC, user_id);
CREATE INDEX idx_users_zmiy_grams ON users(zmiy_grams DESC, user_id);
CREATE INDEX idx_users_total_davki ON users(total_davki DESC, user_id);
CREATE INDEX idx_users_total_zmiy ON users(total_zmiy_grams DESC, user_id);
CREATE INDEX idx_users_experience ON users(experience DESC, user_id);
CREATE INDEX idx_users_pvp_wins ON users(pvp_wins DESC, user_id);
CREATE INDEX idx_users_atm_full_at ON users(atm_full_at);
CREATE INDEX idx_fights_winner_time ON rademka_fights(winner_id, created_at);
CREATE INDEX idx_fights_loser_time ON rademka_fights(loser_id, created_at);
CREATE UNIQUE INDEX idx_fights_legacy ON rademka_fights(legacy_id);
CREATE INDEX idx_chat_stats_rank ON chat_stats(chat_id, total_zmiy_grams DESC, user_id);
CREATE INDEX idx_outbox_update ON outbox(update_id);
)sql";

void v2_data(Connection& db, const game::Balance& balance) {
  db.execute_script(db.dialect() == Dialect::kSqlite ? kV2Sqlite : kV2Postgres);
  normalise_legacy_players(db, balance);
  db.execute_script(kV2Indexes);
}

// Every index on users is rewritten by each player update that sets one of its columns,
// which is every column: an update paid for eleven. These five served no query the bot
// runs: the original bot's two (superseded by the exact-value indexes of version 2) and
// the tops no screen shows (total davki, total snake, experience; the store still answers
// them, by a scan).
constexpr std::string_view kV3 = R"sql(
DROP INDEX IF EXISTS idx_gofra;
DROP INDEX IF EXISTS idx_zmiy;
DROP INDEX IF EXISTS idx_users_total_davki;
DROP INDEX IF EXISTS idx_users_total_zmiy;
DROP INDEX IF EXISTS idx_users_experience;
)sql";

// The outbox moves into processed_updates: an update's reply is kept with its id until
// delivered (reply NULL once sent), with a partial index of the pending ones. Each update
// wrote three rows with their indexes (processed id, outbox row, its sequence) and deleted
// one; now it writes one row. On SQLite the table is rebuilt with an INTEGER PRIMARY KEY,
// which is the row id itself (BIGINT PRIMARY KEY made a second b-tree). A pending outbox row
// whose processed id is gone (pruned: version 3 never pruned the outbox) gets one back, so
// no pending reply is lost; of several rows for one update (never written so) the first
// is kept.
constexpr std::string_view kV4Sqlite = R"sql(
CREATE TABLE processed_updates_v4 (update_id INTEGER PRIMARY KEY,
  processed_at BIGINT NOT NULL, reply TEXT);
INSERT INTO processed_updates_v4(update_id, processed_at)
  SELECT update_id, processed_at FROM processed_updates;
INSERT INTO processed_updates_v4(update_id, processed_at)
  SELECT update_id, MIN(created_at) FROM outbox WHERE update_id IS NOT NULL
  AND update_id NOT IN (SELECT update_id FROM processed_updates) GROUP BY update_id;
UPDATE processed_updates_v4 SET reply = (SELECT o.payload FROM outbox o
  WHERE o.update_id = processed_updates_v4.update_id ORDER BY o.id LIMIT 1)
  WHERE update_id IN (SELECT update_id FROM outbox);
DROP TABLE outbox;
DROP TABLE processed_updates;
ALTER TABLE processed_updates_v4 RENAME TO processed_updates;
CREATE INDEX idx_processed_updates_time ON processed_updates(processed_at);
CREATE INDEX idx_processed_updates_pending ON processed_updates(update_id)
  WHERE reply IS NOT NULL;
)sql";

constexpr std::string_view kV4Postgres = R"sql(
ALTER TABLE processed_updates ADD COLUMN reply TEXT;
INSERT INTO processed_updates(update_id, processed_at)
  SELECT update_id, MIN(created_at) FROM outbox WHERE update_id IS NOT NULL
  AND update_id NOT IN (SELECT update_id FROM processed_updates) GROUP BY update_id;
UPDATE processed_updates p SET reply = (SELECT o.payload FROM outbox o
  WHERE o.update_id = p.update_id ORDER BY o.id LIMIT 1)
  WHERE p.update_id IN (SELECT update_id FROM outbox);
DROP TABLE outbox;
CREATE INDEX idx_processed_updates_pending ON processed_updates(update_id)
  WHERE reply IS NOT NULL;
)sql";

// The original bot's indexes that a later one covers as its prefix: the fights by winner and
// by loser (version 2's, with the time, serve the same lookups) and the chat ranking
// (version 2's adds the user id the order needs). Each was written by every fight or chat
// davka and read by no query.
constexpr std::string_view kV5 = R"sql(
DROP INDEX IF EXISTS idx_win;
DROP INDEX IF EXISTS idx_lose;
DROP INDEX IF EXISTS idx_chat_stats;
)sql";

// What the admin panel keeps (docs/OPERATIONS.md, "Admin panel"): each user's @username and
// whether they talk to the bot privately (contacts; a broadcast reaches those, and not who
// blocked the bot), bans, the switches every replica follows (bot_state), the audit of
// admin actions, the davkas and fights of each day (one increment per batch), and the
// broadcasts with their progress (resumed after a restart).
constexpr std::string_view kV6Sqlite = R"sql(
CREATE TABLE contacts (user_id INTEGER PRIMARY KEY, username TEXT NOT NULL DEFAULT '',
  private_chat BIGINT NOT NULL DEFAULT 0, blocked_at BIGINT NOT NULL DEFAULT 0);
CREATE INDEX idx_contacts_username ON contacts(username);
CREATE TABLE bans (user_id INTEGER PRIMARY KEY, banned_at BIGINT NOT NULL,
  banned_by BIGINT NOT NULL);
CREATE TABLE bot_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at BIGINT NOT NULL,
  updated_by BIGINT NOT NULL);
CREATE TABLE admin_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at BIGINT NOT NULL,
  admin_id BIGINT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE daily_counts (day INTEGER PRIMARY KEY, davkas BIGINT NOT NULL DEFAULT 0,
  fights BIGINT NOT NULL DEFAULT 0);
CREATE TABLE broadcasts (id INTEGER PRIMARY KEY AUTOINCREMENT, created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL, text TEXT NOT NULL, state TEXT NOT NULL,
  recipients BIGINT NOT NULL DEFAULT 0, cursor BIGINT NOT NULL DEFAULT 0,
  launched BIGINT NOT NULL DEFAULT 0, sent BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0, blocked BIGINT NOT NULL DEFAULT 0,
  in_doubt BIGINT NOT NULL DEFAULT 0, progress_chat BIGINT NOT NULL DEFAULT 0,
  progress_message BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL DEFAULT 0,
  owner TEXT NOT NULL DEFAULT '', lease_until BIGINT NOT NULL DEFAULT 0);
)sql";

constexpr std::string_view kV6Postgres = R"sql(
CREATE TABLE contacts (user_id BIGINT PRIMARY KEY, username TEXT NOT NULL DEFAULT '',
  private_chat BIGINT NOT NULL DEFAULT 0, blocked_at BIGINT NOT NULL DEFAULT 0);
CREATE INDEX idx_contacts_username ON contacts(username);
CREATE TABLE bans (user_id BIGINT PRIMARY KEY, banned_at BIGINT NOT NULL,
  banned_by BIGINT NOT NULL);
CREATE TABLE bot_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at BIGINT NOT NULL,
  updated_by BIGINT NOT NULL);
CREATE TABLE admin_audit (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL,
  admin_id BIGINT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE daily_counts (day BIGINT PRIMARY KEY, davkas BIGINT NOT NULL DEFAULT 0,
  fights BIGINT NOT NULL DEFAULT 0);
CREATE TABLE broadcasts (id BIGSERIAL PRIMARY KEY, created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL, text TEXT NOT NULL, state TEXT NOT NULL,
  recipients BIGINT NOT NULL DEFAULT 0, cursor BIGINT NOT NULL DEFAULT 0,
  launched BIGINT NOT NULL DEFAULT 0, sent BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0, blocked BIGINT NOT NULL DEFAULT 0,
  in_doubt BIGINT NOT NULL DEFAULT 0, progress_chat BIGINT NOT NULL DEFAULT 0,
  progress_message BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL DEFAULT 0,
  owner TEXT NOT NULL DEFAULT '', lease_until BIGINT NOT NULL DEFAULT 0);
)sql";

// Conversation state several replicas share (Store::shares_conversation, PostgreSQL): who
// is typing a nickname where, and the fight challenges, each until it expires. SQLite has
// the tables too (one schema), unused while one process holds the database.
constexpr std::string_view kV7 = R"sql(
CREATE TABLE nickname_prompts (chat_id BIGINT NOT NULL, user_id BIGINT NOT NULL,
  expires_at BIGINT NOT NULL, PRIMARY KEY (chat_id, user_id));
CREATE TABLE fight_challenges (chat_id BIGINT NOT NULL, attacker BIGINT NOT NULL,
  target BIGINT NOT NULL, chance DOUBLE PRECISION NOT NULL, expires_at BIGINT NOT NULL,
  PRIMARY KEY (chat_id, attacker, target));
)sql";

bool table_exists(Connection& db, std::string_view table) {
  const Value name{std::string(table)};
  auto rows = db.dialect() == Dialect::kSqlite
                  ? db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                             std::span(&name, 1))
                  : db.query("SELECT 1 FROM information_schema.tables WHERE table_schema = "
                             "current_schema() AND table_name = ?",
                             std::span(&name, 1));
  return !rows.empty();
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "the original bot's schema", kV1Sqlite, kV1Postgres, nullptr},
      {2, "folded nicknames, versions, PvP counters, outbox, processed updates, indexes",
       kV2Common, kV2Common, v2_data},
      {3, "drop the indexes no query uses (each slowed every player update)", kV3, kV3,
       nullptr},
      {4, "replies pending with their processed update id (the outbox table merged in)",
       kV4Sqlite, kV4Postgres, nullptr},
      {5, "drop the original indexes that later ones cover", kV5, kV5, nullptr},
      {6, "contacts, bans, bot state, admin audit, daily counts, broadcasts (the admin panel)", kV6Sqlite,
       kV6Postgres, nullptr},
      {7, "nickname prompts and fight challenges shared by replicas", kV7, kV7, nullptr},
  };
  return all;
}

int latest_schema_version() { return migrations().back().version; }

int schema_version(Connection& db) {
  if (table_exists(db, "schema_version")) {
    auto rows = db.query("SELECT MAX(version) FROM schema_version");
    return rows.empty() ? 0 : static_cast<int>(rows.front().integer(0));
  }
  return table_exists(db, "users") ? 1 : 0;
}

MigrationReport migrate(Connection& db, const game::Balance& balance) {
  MigrationReport report;
  report.from = schema_version(db);
  report.to = report.from;
  if (report.from > latest_schema_version()) {
    // Written by a newer gofrobot: running on it could corrupt what we do not know.
    throw DatabaseError("the database has schema version " + std::to_string(report.from) +
                        ", newer than this gofrobot knows (" +
                        std::to_string(latest_schema_version()) + "); upgrade gofrobot");
  }
  for (const auto& m : migrations()) {
    Transaction tx(db);
    if (db.dialect() == Dialect::kPostgres) {
      // Replicas starting together must not migrate twice: one waits for the other.
      db.execute("SELECT pg_advisory_xact_lock(8675309)");
    }
    int current = schema_version(db);  // re-read under the lock
    if (m.version <= current) continue;
    db.execute_script(db.dialect() == Dialect::kSqlite ? m.sqlite : m.postgres);
    if (m.data) m.data(db, balance);
    db.execute_script("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
    const Value version{static_cast<std::int64_t>(m.version)};
    db.execute("INSERT INTO schema_version(version) VALUES (?)", std::span(&version, 1));
    tx.commit();
  }
  // The version the database is at now: replicas starting together share the migrations out
  // (each takes the lock per migration), so the last one this process applied may be neither
  // the last nor any ("schema 0 -> 0" was logged by a replica that applied none).
  report.to = schema_version(db);
  return report;
}

}  // namespace store::sql

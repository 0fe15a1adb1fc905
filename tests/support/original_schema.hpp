#pragma once
// The original Python bot's schema exactly as it created it at start-up (GAME.md §12.1),
// written out from the specification — not taken from our migration 1, which the tests
// check against it.
#include <string_view>

namespace testing_support {

inline constexpr std::string_view kOriginalSchema = R"sql(
CREATE TABLE IF NOT EXISTS users (
    user_id INTEGER PRIMARY KEY,
    nickname TEXT DEFAULT '',
    gofra_mm REAL DEFAULT 10.0,
    cable_mm REAL DEFAULT 10.0,
    gofra INTEGER DEFAULT 1,
    cable_power INTEGER DEFAULT 1,
    zmiy_grams REAL DEFAULT 0.0,
    last_update INTEGER DEFAULT 0,
    last_davka INTEGER DEFAULT 0,
    atm_count INTEGER DEFAULT 12,
    max_atm INTEGER DEFAULT 12,
    experience INTEGER DEFAULT 0,
    total_davki INTEGER DEFAULT 0,
    total_zmiy_grams REAL DEFAULT 0.0,
    nickname_changed BOOLEAN DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS idx_gofra ON users(gofra DESC);
CREATE INDEX IF NOT EXISTS idx_zmiy ON users(zmiy_grams DESC);
CREATE TABLE IF NOT EXISTS rademka_fights (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    winner_id INTEGER,
    loser_id INTEGER,
    money_taken INTEGER DEFAULT 0,
    created_at INTEGER DEFAULT (strftime('%s','now'))
);
CREATE INDEX IF NOT EXISTS idx_win ON rademka_fights(winner_id);
CREATE INDEX IF NOT EXISTS idx_lose ON rademka_fights(loser_id);
CREATE TABLE IF NOT EXISTS chats (
    chat_id INTEGER PRIMARY KEY,
    chat_title TEXT DEFAULT '',
    chat_type TEXT DEFAULT 'group',
    is_active BOOLEAN DEFAULT TRUE,
    created_at INTEGER DEFAULT (strftime('%s','now')),
    last_activity INTEGER DEFAULT (strftime('%s','now'))
);
CREATE TABLE IF NOT EXISTS chat_stats (
    chat_id INTEGER,
    user_id INTEGER,
    total_zmiy_grams REAL DEFAULT 0.0,
    total_davki INTEGER DEFAULT 0,
    last_davka_at INTEGER DEFAULT 0,
    PRIMARY KEY (chat_id, user_id),
    FOREIGN KEY (chat_id) REFERENCES chats(chat_id)
);
CREATE INDEX IF NOT EXISTS idx_chat_stats ON chat_stats(chat_id, total_zmiy_grams DESC);
CREATE TABLE IF NOT EXISTS chat_top (
    chat_id INTEGER,
    user_id INTEGER,
    total_zmiy_grams REAL DEFAULT 0.0,
    rank INTEGER DEFAULT 0,
    last_updated INTEGER DEFAULT (strftime('%s','now')),
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX IF NOT EXISTS idx_chat_top ON chat_top(chat_id, rank);
)sql";

}  // namespace testing_support

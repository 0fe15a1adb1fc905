#pragma once
// The SQL texts SqlStore runs, in one place so the query-plan tests
// (tests/integration/store/query_plan_test.cpp) check the exact statements the store
// executes. `?` placeholders; the same text serves SQLite and PostgreSQL.
#include <array>
#include <cstddef>
#include <string_view>

#include "game/tops.hpp"

namespace store::sql::queries {

// One statement text per sort key, so each is prepared once (keys come from a whitelist).
struct KeyQueries {
  std::string_view top;
  // Players ranking before (value, user_id), each count capped (LIMIT ?): a rank is only
  // reported within the first kRankedPlaces, and an uncapped count walks the index as far
  // as the player's position.
  std::string_view ahead;
};

#define GOFROBOT_KEY_QUERIES(column)                                                          \
  KeyQueries {                                                                                \
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, "            \
    "total_davki, atm_count, last_update, last_davka, experience, nickname_changed, version " \
    "FROM users ORDER BY " column " DESC, user_id LIMIT ?",                                   \
        "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM users WHERE " column " > ? LIMIT ?) "    \
        "AS above) + (SELECT COUNT(*) FROM (SELECT 1 FROM users WHERE " column " = ? AND "    \
        "user_id < ? LIMIT ?) AS level)"                                                      \
  }

// Indexed by game::TopKey. The kAtm entry is not used: regenerated atmospheres are ranked
// through atm_full_at (kFullByUserId, kNotFull).
inline constexpr std::array<KeyQueries, 7> kKeyQueries = {
    GOFROBOT_KEY_QUERIES("gofra_mm"),    GOFROBOT_KEY_QUERIES("cable_mm"),
    GOFROBOT_KEY_QUERIES("zmiy_grams"),  GOFROBOT_KEY_QUERIES("atm_count"),
    GOFROBOT_KEY_QUERIES("total_davki"), GOFROBOT_KEY_QUERIES("total_zmiy_grams"),
    GOFROBOT_KEY_QUERIES("experience"),
};
#undef GOFROBOT_KEY_QUERIES

inline const KeyQueries& queries_for(game::TopKey key) {
  return kKeyQueries.at(static_cast<std::size_t>(key));
}

// --- change sets (SqlStore::apply) --------------------------------------------------------
inline constexpr std::string_view kSavepoint = "SAVEPOINT change_set";
inline constexpr std::string_view kReleaseSavepoint = "RELEASE SAVEPOINT change_set";

// --- players -----------------------------------------------------------------------------
inline constexpr std::string_view kFindPlayer =
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version FROM users "
    "WHERE user_id = ?";
inline constexpr std::string_view kNicknameOwner =
    "SELECT user_id FROM users WHERE nickname_folded = ?";
inline constexpr std::string_view kPlayerCount = "SELECT COUNT(*) FROM users";
inline constexpr std::string_view kFullByUserId =
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version FROM users "
    "WHERE atm_full_at <= ? ORDER BY user_id LIMIT ?";
inline constexpr std::string_view kNotFull =
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version FROM users "
    "WHERE atm_full_at > ?";
// Only what the gofra_mm index holds: the matchmaking pool is read from the index alone.
inline constexpr std::string_view kNearAbove =
    "SELECT user_id, gofra_mm FROM users "
    "WHERE gofra_mm >= ? AND user_id <> ? ORDER BY gofra_mm ASC, user_id DESC LIMIT ?";
inline constexpr std::string_view kNearBelow =
    "SELECT user_id, gofra_mm FROM users "
    "WHERE gofra_mm < ? AND user_id <> ? ORDER BY gofra_mm DESC, user_id LIMIT ?";

// --- fights ------------------------------------------------------------------------------
inline constexpr std::string_view kFightsSince =
    "SELECT (SELECT COUNT(*) FROM rademka_fights WHERE winner_id = ? AND created_at > "
    "?) + (SELECT COUNT(*) FROM rademka_fights WHERE loser_id = ? AND created_at > ?)";
inline constexpr std::string_view kFightStats =
    "SELECT pvp_wins, pvp_losses FROM users WHERE user_id = ?";
inline constexpr std::string_view kFightTop =
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version, pvp_wins, "
    "pvp_losses FROM users WHERE pvp_wins > 0 "
    "ORDER BY pvp_wins DESC, pvp_wins * 1.0 / (pvp_wins + pvp_losses) DESC, user_id LIMIT ?";

// --- chats -------------------------------------------------------------------------------
inline constexpr std::string_view kFindChat =
    "SELECT chat_id, chat_title, chat_type, is_active, created_at, last_activity FROM chats "
    "WHERE chat_id = ?";
inline constexpr std::string_view kChatMember =
    "SELECT chat_id, user_id, total_zmiy_grams, total_davki, last_davka_at FROM chat_stats "
    "WHERE chat_id = ? AND user_id = ?";
inline constexpr std::string_view kChatRanking =
    "SELECT cs.chat_id, cs.user_id, cs.total_zmiy_grams, cs.total_davki, cs.last_davka_at, "
    "u.nickname FROM chat_stats cs LEFT JOIN users u ON u.user_id = cs.user_id "
    "WHERE cs.chat_id = ? ORDER BY cs.total_zmiy_grams DESC, cs.user_id LIMIT ? OFFSET ?";
inline constexpr std::string_view kChatRank =
    "SELECT (SELECT COUNT(*) FROM chat_stats WHERE chat_id = ? AND "
    "total_zmiy_grams > ?) + (SELECT COUNT(*) FROM chat_stats WHERE chat_id = ? "
    "AND total_zmiy_grams = ? AND user_id < ?)";
inline constexpr std::string_view kChatAggregate =
    "SELECT COUNT(*), COALESCE(SUM(total_zmiy_grams), 0), "
    "COALESCE(SUM(total_davki), 0), COALESCE(MAX(last_davka_at), 0), "
    "COALESCE(SUM(CASE WHEN last_davka_at > ? THEN 1 ELSE 0 END), 0) "
    "FROM chat_stats WHERE chat_id = ?";

// --- writes ------------------------------------------------------------------------------
inline constexpr std::string_view kInsertPlayer =
    "INSERT INTO users(user_id, nickname, nickname_folded, gofra_mm, cable_mm, gofra, "
    "cable_power, zmiy_grams, total_zmiy_grams, total_davki, atm_count, max_atm, last_update, "
    "last_davka, experience, nickname_changed, atm_full_at, version) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
    "ON CONFLICT(user_id) DO NOTHING";
inline constexpr std::string_view kUpdatePlayer =
    "UPDATE users SET nickname = ?, nickname_folded = ?, gofra_mm = ?, cable_mm = ?, gofra = ?, "
    "cable_power = ?, zmiy_grams = ?, total_zmiy_grams = ?, total_davki = ?, atm_count = ?, "
    "max_atm = ?, last_update = ?, last_davka = ?, experience = ?, nickname_changed = ?, "
    "atm_full_at = ?, version = version + 1 WHERE user_id = ? AND version = ?";
// The same without the nickname, for a player whose nickname is as stored.
inline constexpr std::string_view kUpdatePlayerKeepNickname =
    "UPDATE users SET gofra_mm = ?, cable_mm = ?, gofra = ?, "
    "cable_power = ?, zmiy_grams = ?, total_zmiy_grams = ?, total_davki = ?, atm_count = ?, "
    "max_atm = ?, last_update = ?, last_davka = ?, experience = ?, nickname_changed = ?, "
    "atm_full_at = ?, version = version + 1 WHERE user_id = ? AND version = ?";
inline constexpr std::string_view kInsertFight =
    "INSERT INTO rademka_fights(winner_id, loser_id, money_taken, created_at) VALUES (?, ?, 0, ?)";
inline constexpr std::string_view kCountWin =
    "UPDATE users SET pvp_wins = pvp_wins + 1 WHERE user_id = ?";
inline constexpr std::string_view kCountLoss =
    "UPDATE users SET pvp_losses = pvp_losses + 1 WHERE user_id = ?";
inline constexpr std::string_view kUpsertChat =
    "INSERT INTO chats(chat_id, chat_title, chat_type, is_active, created_at, last_activity) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET "
    "chat_title = excluded.chat_title, chat_type = excluded.chat_type, "
    "is_active = excluded.is_active, last_activity = excluded.last_activity";
inline constexpr std::string_view kAddChatStats =
    "INSERT INTO chat_stats(chat_id, user_id, total_zmiy_grams, total_davki, last_davka_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(chat_id, user_id) DO UPDATE SET "
    "total_zmiy_grams = chat_stats.total_zmiy_grams + excluded.total_zmiy_grams, "
    "total_davki = chat_stats.total_davki + excluded.total_davki, "
    "last_davka_at = CASE WHEN excluded.last_davka_at > chat_stats.last_davka_at "
    "THEN excluded.last_davka_at ELSE chat_stats.last_davka_at END";
// The processed update and its reply, pending until delivered (reply NULL: nothing to send).
inline constexpr std::string_view kMarkProcessed =
    "INSERT INTO processed_updates(update_id, processed_at, reply) VALUES (?, ?, ?)";

// Takes back kMarkProcessed when the rest of its change set failed (SqlStore::apply).
inline constexpr std::string_view kUnmarkProcessed =
    "DELETE FROM processed_updates WHERE update_id = ?";

// --- a batch's writes, set-based (PostgreSQL: SetWrites) ---------------------------------
// Typed arrays, one per column, expanded row by row by unnest; the counts the store checks
// are the rows each statement changed.
inline constexpr std::string_view kBatchMarkProcessed =
    "INSERT INTO processed_updates(update_id, processed_at, reply) "
    "SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[]) ON CONFLICT DO NOTHING";
inline constexpr std::string_view kBatchInsertPlayers =
    "INSERT INTO users(user_id, nickname, nickname_folded, gofra_mm, cable_mm, gofra, "
    "cable_power, zmiy_grams, total_zmiy_grams, total_davki, atm_count, max_atm, last_update, "
    "last_davka, experience, nickname_changed, atm_full_at, version) "
    "SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::float8[], ?::float8[], "
    "?::bigint[], ?::bigint[], ?::float8[], ?::float8[], ?::bigint[], ?::bigint[], ?::bigint[], "
    "?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) "
    "ON CONFLICT(user_id) DO NOTHING";
// `version`: the version the batch's first write was based on; `writes`: how many change
// sets of the batch wrote the player (the version goes up by as many).
inline constexpr std::string_view kBatchUpdatePlayers =
    "UPDATE users AS u SET nickname = v.nickname, nickname_folded = v.nickname_folded, "
    "gofra_mm = v.gofra_mm, cable_mm = v.cable_mm, gofra = v.gofra, cable_power = v.cable_power, "
    "zmiy_grams = v.zmiy_grams, total_zmiy_grams = v.total_zmiy_grams, "
    "total_davki = v.total_davki, atm_count = v.atm_count, max_atm = v.max_atm, "
    "last_update = v.last_update, last_davka = v.last_davka, experience = v.experience, "
    "nickname_changed = v.nickname_changed, atm_full_at = v.atm_full_at, "
    "version = v.version + v.writes "
    "FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::float8[], "
    "?::float8[], ?::bigint[], ?::bigint[], ?::float8[], ?::float8[], ?::bigint[], ?::bigint[], "
    "?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) "
    "AS v(user_id, version, writes, nickname, nickname_folded, gofra_mm, cable_mm, gofra, "
    "cable_power, zmiy_grams, total_zmiy_grams, total_davki, atm_count, max_atm, last_update, "
    "last_davka, experience, nickname_changed, atm_full_at) "
    "WHERE u.user_id = v.user_id AND u.version = v.version";
inline constexpr std::string_view kBatchInsertFights =
    "INSERT INTO rademka_fights(winner_id, loser_id, money_taken, created_at) "
    "SELECT w, l, 0, t FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS v(w, l, t)";
inline constexpr std::string_view kBatchCountFights =
    "UPDATE users AS u SET pvp_wins = u.pvp_wins + v.wins, pvp_losses = u.pvp_losses + v.losses "
    "FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS v(user_id, wins, losses) "
    "WHERE u.user_id = v.user_id";
inline constexpr std::string_view kBatchUpsertChats =
    "INSERT INTO chats(chat_id, chat_title, chat_type, is_active, created_at, last_activity) "
    "SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], "
    "?::bigint[]) ON CONFLICT(chat_id) DO UPDATE SET "
    "chat_title = excluded.chat_title, chat_type = excluded.chat_type, "
    "is_active = excluded.is_active, last_activity = excluded.last_activity";
inline constexpr std::string_view kBatchAddChatStats =
    "INSERT INTO chat_stats(chat_id, user_id, total_zmiy_grams, total_davki, last_davka_at) "
    "SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::float8[], ?::bigint[], ?::bigint[]) "
    "ON CONFLICT(chat_id, user_id) DO UPDATE SET "
    "total_zmiy_grams = chat_stats.total_zmiy_grams + excluded.total_zmiy_grams, "
    "total_davki = chat_stats.total_davki + excluded.total_davki, "
    "last_davka_at = CASE WHEN excluded.last_davka_at > chat_stats.last_davka_at "
    "THEN excluded.last_davka_at ELSE chat_stats.last_davka_at END";
inline constexpr std::string_view kBatchUpsertContacts =
    "INSERT INTO contacts(user_id, username, private_chat) "
    "SELECT * FROM unnest(?::bigint[], ?::text[], ?::bigint[]) "
    "ON CONFLICT(user_id) DO UPDATE SET username = excluded.username, "
    "private_chat = CASE WHEN excluded.private_chat = 1 THEN 1 ELSE contacts.private_chat END, "
    "blocked_at = CASE WHEN excluded.private_chat = 1 THEN 0 ELSE contacts.blocked_at END";

// --- processed updates and the outbox ----------------------------------------------------
inline constexpr std::string_view kUpdateProcessed =
    "SELECT 1 FROM processed_updates WHERE update_id = ?";
inline constexpr std::string_view kPendingOutbox =
    "SELECT update_id, reply FROM processed_updates WHERE reply IS NOT NULL "
    "ORDER BY update_id LIMIT ?";
// Shared conversation state (Store::shares_conversation).
inline constexpr std::string_view kSetPrompt =
    "INSERT INTO nickname_prompts(chat_id, user_id, expires_at) VALUES (?, ?, ?) "
    "ON CONFLICT (chat_id, user_id) DO UPDATE SET expires_at = excluded.expires_at";
inline constexpr std::string_view kClearPrompt =
    "DELETE FROM nickname_prompts WHERE chat_id = ? AND user_id = ?";
inline constexpr std::string_view kOfferChallenge =
    "INSERT INTO fight_challenges(chat_id, attacker, target, chance, expires_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, attacker, target) DO UPDATE SET "
    "chance = excluded.chance, expires_at = excluded.expires_at";
// One row, or the challenge is gone (taken elsewhere, expired): ChallengeGone.
inline constexpr std::string_view kTakeChallenge =
    "DELETE FROM fight_challenges WHERE chat_id = ? AND attacker = ? AND target = ? "
    "AND expires_at >= ?";
// PostgreSQL: the pairs and chats as array literals.
inline constexpr std::string_view kPromptsOf =
    "SELECT p.chat_id, p.user_id FROM nickname_prompts p "
    "JOIN unnest(?::bigint[], ?::bigint[]) AS k(chat_id, user_id) "
    "ON p.chat_id = k.chat_id AND p.user_id = k.user_id WHERE p.expires_at >= ?";
inline constexpr std::string_view kChallengesOf =
    "SELECT chat_id, attacker, target, chance, expires_at FROM fight_challenges "
    "WHERE chat_id = ANY(?::bigint[]) AND expires_at >= ?";
inline constexpr std::string_view kPruneConversation =
    "DELETE FROM nickname_prompts WHERE expires_at < ?";
inline constexpr std::string_view kPruneChallenges =
    "DELETE FROM fight_challenges WHERE expires_at < ?";
// PostgreSQL: which of the ids (an array literal) are recorded.
inline constexpr std::string_view kProcessedAmong =
    "SELECT update_id FROM processed_updates WHERE update_id = ANY(?::bigint[])";
inline constexpr std::string_view kRemoveOutbox =
    "UPDATE processed_updates SET reply = NULL WHERE update_id = ? AND reply IS NOT NULL";
// PostgreSQL: every id in one statement (an array literal).
inline constexpr std::string_view kRemoveOutboxAll =
    "UPDATE processed_updates SET reply = NULL WHERE update_id = ANY(?::bigint[]) "
    "AND reply IS NOT NULL";
// By time, through its index. (Walking the ids in order, without the index, would miss old
// ids above a young one: after a week without updates Telegram starts the ids again at a
// random number, and the new sequence would one day meet the ids kept by mistake.)
inline constexpr std::string_view kPruneProcessed =
    "DELETE FROM processed_updates WHERE processed_at < ?";

// --- contacts and the admin panel (schema 6) ---------------------------------------------
inline constexpr std::string_view kUpsertContact =
    "INSERT INTO contacts(user_id, username, private_chat) VALUES (?, ?, ?) "
    "ON CONFLICT(user_id) DO UPDATE SET username = excluded.username, "
    "private_chat = CASE WHEN excluded.private_chat = 1 THEN 1 ELSE contacts.private_chat END, "
    "blocked_at = CASE WHEN excluded.private_chat = 1 THEN 0 ELSE contacts.blocked_at END";
inline constexpr std::string_view kBan =
    "INSERT INTO bans(user_id, banned_at, banned_by) VALUES (?, ?, ?) "
    "ON CONFLICT(user_id) DO NOTHING";
inline constexpr std::string_view kUnban = "DELETE FROM bans WHERE user_id = ?";
inline constexpr std::string_view kSetBotState =
    "INSERT INTO bot_state(key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
    "updated_by = excluded.updated_by";
inline constexpr std::string_view kAudit =
    "INSERT INTO admin_audit(at, admin_id, action, detail) VALUES (?, ?, ?, ?)";
inline constexpr std::string_view kAddDailyCounts =
    "INSERT INTO daily_counts(day, davkas, fights) VALUES (?, ?, ?) ON CONFLICT(day) DO UPDATE "
    "SET davkas = daily_counts.davkas + excluded.davkas, "
    "fights = daily_counts.fights + excluded.fights";
inline constexpr std::string_view kBannedUsers = "SELECT user_id FROM bans";
inline constexpr std::string_view kBotStates = "SELECT key, value FROM bot_state";
inline constexpr std::string_view kAuditLog =
    "SELECT at, admin_id, action, detail FROM admin_audit ORDER BY id DESC LIMIT ?";
inline constexpr std::string_view kDailyCounts =
    "SELECT davkas, fights FROM daily_counts WHERE day = ?";
inline constexpr std::string_view kNewBroadcast =
    "INSERT INTO broadcasts(created_by, created_at, text, state, recipients, progress_chat, "
    "progress_message, updated_at) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)";
inline constexpr std::string_view kBroadcastProgress =
    "UPDATE broadcasts SET cursor = ?, launched = ?, sent = ?, failed = ?, blocked = ?, "
    "in_doubt = ?, progress_message = ?, updated_at = ? WHERE id = ?";
inline constexpr std::string_view kBroadcastEnd =
    "UPDATE broadcasts SET state = ?, updated_at = ? WHERE id = ? AND state = 'running'";
inline constexpr std::string_view kMarkBlocked =
    "UPDATE contacts SET blocked_at = ? WHERE user_id = ?";
inline constexpr std::string_view kRunningBroadcast =
    "SELECT id, created_by, created_at, text, state, recipients, cursor, launched, sent, failed, "
    "blocked, in_doubt, progress_chat, progress_message FROM broadcasts WHERE state = 'running' "
    "ORDER BY id LIMIT 1";
inline constexpr std::string_view kBroadcastById =
    "SELECT id, created_by, created_at, text, state, recipients, cursor, launched, sent, failed, "
    "blocked, in_doubt, progress_chat, progress_message FROM broadcasts WHERE id = ?";
inline constexpr std::string_view kRecipients =
    "SELECT user_id FROM contacts WHERE private_chat = 1 AND blocked_at = 0 AND user_id > ? "
    "AND (? = 0 OR user_id <= ?) ORDER BY user_id LIMIT ?";
inline constexpr std::string_view kCountRecipients =
    "SELECT count(*) FROM contacts WHERE private_chat = 1 AND blocked_at = 0 AND user_id > ? "
    "AND (? = 0 OR user_id <= ?)";
inline constexpr std::string_view kClaimBroadcast =
    "UPDATE broadcasts SET owner = ?, lease_until = ? WHERE id = ? AND state = 'running' AND "
    "(owner = ? OR lease_until < ?)";
inline constexpr std::string_view kUserByUsername =
    "SELECT user_id FROM contacts WHERE username = ? ORDER BY user_id LIMIT 1";

}  // namespace store::sql::queries

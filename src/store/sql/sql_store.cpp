#include "store/sql/sql_store.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>

#include "game/atmospheres.hpp"
#include "game/nickname.hpp"
#include "store/sql/player_row.hpp"

namespace store::sql {
namespace {

using V = Value;

// One statement text per sort key, so each is prepared once (keys come from a whitelist).
struct KeyQueries {
  std::string_view top;
  std::string_view ahead;  // players ranking before (value, user_id)
};

#define GOFROBOT_KEY_QUERIES(column)                                                          \
  KeyQueries {                                                                                \
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, "            \
    "total_davki, atm_count, last_update, last_davka, experience, nickname_changed, version " \
    "FROM users ORDER BY " column " DESC, user_id LIMIT ?",                                   \
        "SELECT (SELECT COUNT(*) FROM users WHERE " column " > ?) + (SELECT COUNT(*) FROM "   \
        "users WHERE " column " = ? AND user_id < ?)"                                         \
  }

const KeyQueries& queries_for(game::TopKey key) {
  static const std::array<KeyQueries, 7> table = {
      GOFROBOT_KEY_QUERIES("gofra_mm"),    GOFROBOT_KEY_QUERIES("cable_mm"),
      GOFROBOT_KEY_QUERIES("zmiy_grams"),  GOFROBOT_KEY_QUERIES("atm_count"),
      GOFROBOT_KEY_QUERIES("total_davki"), GOFROBOT_KEY_QUERIES("total_zmiy_grams"),
      GOFROBOT_KEY_QUERIES("experience"),
  };
  return table.at(static_cast<std::size_t>(key));
}
#undef GOFROBOT_KEY_QUERIES

// The stored value a key sorts by (kAtm is handled apart: it regenerates).
V stored_value(const game::Player& p, game::TopKey key) {
  switch (key) {
    case game::TopKey::kGofra: return p.gofra_mm;
    case game::TopKey::kCable: return p.cable_mm;
    case game::TopKey::kZmiy: return p.zmiy_grams;
    case game::TopKey::kTotalDavki: return p.total_davki;
    case game::TopKey::kTotalZmiy: return p.total_zmiy_grams;
    case game::TopKey::kExperience: return p.experience;
    case game::TopKey::kAtm: return static_cast<std::int64_t>(p.atm_count);
  }
  return nullptr;
}

constexpr std::string_view kFindPlayer =
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version FROM users "
    "WHERE user_id = ?";
constexpr std::string_view kFullByUserId =
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version FROM users "
    "WHERE atm_full_at <= ? ORDER BY user_id LIMIT ?";
constexpr std::string_view kNotFull =
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version FROM users "
    "WHERE atm_full_at > ?";
constexpr std::string_view kNearAbove =
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version FROM users "
    "WHERE gofra_mm >= ? AND user_id <> ? ORDER BY gofra_mm ASC, user_id DESC LIMIT ?";
constexpr std::string_view kNearBelow =
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version FROM users "
    "WHERE gofra_mm < ? AND user_id <> ? ORDER BY gofra_mm DESC, user_id LIMIT ?";
constexpr std::string_view kFightTop =
    "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, total_davki, "
    "atm_count, last_update, last_davka, experience, nickname_changed, version, pvp_wins, "
    "pvp_losses FROM users WHERE pvp_wins > 0 "
    "ORDER BY pvp_wins DESC, pvp_wins * 1.0 / (pvp_wins + pvp_losses) DESC, user_id LIMIT ?";

constexpr std::string_view kInsertPlayer =
    "INSERT INTO users(user_id, nickname, nickname_folded, gofra_mm, cable_mm, gofra, "
    "cable_power, zmiy_grams, total_zmiy_grams, total_davki, atm_count, max_atm, last_update, "
    "last_davka, experience, nickname_changed, atm_full_at, version) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
    "ON CONFLICT(user_id) DO NOTHING";
constexpr std::string_view kUpdatePlayer =
    "UPDATE users SET nickname = ?, nickname_folded = ?, gofra_mm = ?, cable_mm = ?, gofra = ?, "
    "cable_power = ?, zmiy_grams = ?, total_zmiy_grams = ?, total_davki = ?, atm_count = ?, "
    "max_atm = ?, last_update = ?, last_davka = ?, experience = ?, nickname_changed = ?, "
    "atm_full_at = ?, version = version + 1 WHERE user_id = ? AND version = ?";
constexpr std::string_view kInsertFight =
    "INSERT INTO rademka_fights(winner_id, loser_id, money_taken, created_at) VALUES (?, ?, 0, ?)";
constexpr std::string_view kCountWin = "UPDATE users SET pvp_wins = pvp_wins + 1 WHERE user_id = ?";
constexpr std::string_view kCountLoss =
    "UPDATE users SET pvp_losses = pvp_losses + 1 WHERE user_id = ?";
constexpr std::string_view kUpsertChat =
    "INSERT INTO chats(chat_id, chat_title, chat_type, is_active, created_at, last_activity) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET "
    "chat_title = excluded.chat_title, chat_type = excluded.chat_type, "
    "is_active = excluded.is_active, last_activity = excluded.last_activity";
constexpr std::string_view kAddChatStats =
    "INSERT INTO chat_stats(chat_id, user_id, total_zmiy_grams, total_davki, last_davka_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(chat_id, user_id) DO UPDATE SET "
    "total_zmiy_grams = chat_stats.total_zmiy_grams + excluded.total_zmiy_grams, "
    "total_davki = chat_stats.total_davki + excluded.total_davki, "
    "last_davka_at = CASE WHEN excluded.last_davka_at > chat_stats.last_davka_at "
    "THEN excluded.last_davka_at ELSE chat_stats.last_davka_at END";
constexpr std::string_view kMarkProcessed =
    "INSERT INTO processed_updates(update_id, processed_at) VALUES (?, ?)";
constexpr std::string_view kAddOutbox =
    "INSERT INTO outbox(update_id, payload, created_at) VALUES (?, ?, ?)";

std::vector<game::Player> players_of(const std::vector<Row>& rows) {
  std::vector<game::Player> players;
  players.reserve(rows.size());
  for (const auto& r : rows) players.push_back(player_from_row(r));
  return players;
}

game::ChatMemberStats member_of(const Row& r) {
  return {r.integer(0), r.integer(1), r.real(2), r.integer(3), r.integer(4)};
}

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

SqlStore::SqlStore(std::unique_ptr<Connection> connection, const game::Balance& balance)
    : db_(std::move(connection)), balance_(balance) {}

std::optional<game::Player> SqlStore::find_player(UserId id) {
  const V params[] = {id};
  auto rows = db_->query(kFindPlayer, params);
  if (rows.empty()) return std::nullopt;
  return player_from_row(rows.front());
}

std::optional<UserId> SqlStore::nickname_owner(std::string_view folded) {
  const V params[] = {std::string(folded)};
  auto rows = db_->query("SELECT user_id FROM users WHERE nickname_folded = ?", params);
  if (rows.empty()) return std::nullopt;
  return rows.front().integer(0);
}

std::int64_t SqlStore::player_count() {
  return db_->query("SELECT COUNT(*) FROM users").front().integer(0);
}

std::vector<game::Player> SqlStore::top_players(game::TopKey key, int limit, UnixTime now,
                                                const game::Balance& balance) {
  if (key == game::TopKey::kAtm) return top_by_atm(limit, now, balance);
  const V params[] = {static_cast<std::int64_t>(limit)};
  return players_of(db_->query(queries_for(key).top, params));
}

std::optional<std::int64_t> SqlStore::player_rank(UserId id, game::TopKey key, UnixTime now,
                                                  const game::Balance& balance) {
  auto p = find_player(id);
  if (!p) return std::nullopt;
  if (key == game::TopKey::kAtm) return atm_rank(*p, now, balance);
  const V value = stored_value(*p, key);
  const V params[] = {value, value, id};
  return db_->query(queries_for(key).ahead, params).front().integer(0) + 1;
}

// Regenerated atmospheres cannot be indexed directly. Full players (atm_full_at <= now) all
// rank equal, by user id; the others are the recently active, few enough to rank here.
std::vector<game::Player> SqlStore::top_by_atm(int limit, UnixTime now,
                                               const game::Balance& balance) {
  const V full_params[] = {now, static_cast<std::int64_t>(limit)};
  auto result = players_of(db_->query(kFullByUserId, full_params));
  if (static_cast<int>(result.size()) >= limit) return result;
  const V not_full_params[] = {now};
  auto rest = players_of(db_->query(kNotFull, not_full_params));
  for (auto& p : rest) game::regenerate(p, now, balance);
  std::sort(rest.begin(), rest.end(), [&](const game::Player& a, const game::Player& b) {
    return game::ranks_before(a, b, game::TopKey::kAtm, now, balance);
  });
  for (auto& p : rest) {
    if (static_cast<int>(result.size()) >= limit) break;
    result.push_back(std::move(p));
  }
  return result;
}

std::optional<std::int64_t> SqlStore::atm_rank(const game::Player& stored, UnixTime now,
                                               const game::Balance& balance) {
  game::Player me = stored;
  game::regenerate(me, now, balance);
  const V now_param[] = {now};
  auto not_full = players_of(db_->query(kNotFull, now_param));
  std::int64_t ahead = 0;
  if (me.atm_count >= balance.atm_max) {
    const V params[] = {me.user_id, now};
    ahead = db_->query("SELECT COUNT(*) FROM users WHERE user_id < ? AND atm_full_at <= ?", params)
                .front()
                .integer(0);
  } else {
    const V params[] = {now};
    ahead = db_->query("SELECT COUNT(*) FROM users WHERE atm_full_at <= ?", params)
                .front()
                .integer(0);
    for (auto& p : not_full) {
      game::regenerate(p, now, balance);
      if (p.user_id != me.user_id &&
          game::ranks_before(p, me, game::TopKey::kAtm, now, balance)) {
        ++ahead;
      }
    }
  }
  return ahead + 1;
}

std::vector<game::Player> SqlStore::players_near(double gofra_mm, UserId exclude, int limit) {
  const V params[] = {gofra_mm, exclude, static_cast<std::int64_t>(limit)};
  auto above = players_of(db_->query(kNearAbove, params));
  auto below = players_of(db_->query(kNearBelow, params));
  above.insert(above.end(), below.begin(), below.end());
  std::sort(above.begin(), above.end(), [&](const game::Player& a, const game::Player& b) {
    double da = std::abs(a.gofra_mm - gofra_mm);
    double db = std::abs(b.gofra_mm - gofra_mm);
    return da != db ? da < db : a.user_id < b.user_id;
  });
  if (above.size() > static_cast<std::size_t>(std::max(limit, 0))) {
    above.resize(static_cast<std::size_t>(limit));
  }
  return above;
}

std::int64_t SqlStore::fights_since(UserId id, UnixTime since) {
  const V params[] = {id, since, id, since};
  return db_
      ->query("SELECT (SELECT COUNT(*) FROM rademka_fights WHERE winner_id = ? AND created_at > "
              "?) + (SELECT COUNT(*) FROM rademka_fights WHERE loser_id = ? AND created_at > ?)",
              params)
      .front()
      .integer(0);
}

FightStats SqlStore::fight_stats(UserId id) {
  const V params[] = {id};
  auto rows = db_->query("SELECT pvp_wins, pvp_losses FROM users WHERE user_id = ?", params);
  if (rows.empty()) return {};
  FightStats s;
  s.wins = rows.front().integer(0);
  s.losses = rows.front().integer(1);
  s.total = s.wins + s.losses;
  return s;
}

std::vector<FightTopRow> SqlStore::fight_top(int limit) {
  const V params[] = {static_cast<std::int64_t>(limit)};
  std::vector<FightTopRow> result;
  for (const auto& r : db_->query(kFightTop, params)) {
    result.push_back({player_from_row(r), r.integer(13), r.integer(14)});
  }
  return result;
}

std::optional<ChatInfo> SqlStore::find_chat(ChatId id) {
  const V params[] = {id};
  auto rows = db_->query(
      "SELECT chat_id, chat_title, chat_type, is_active, created_at, last_activity FROM chats "
      "WHERE chat_id = ?",
      params);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.front();
  return ChatInfo{r.integer(0), r.text(1), r.text(2, "group"), r.integer(3, 1) != 0,
                  r.integer(4), r.integer(5)};
}

std::optional<game::ChatMemberStats> SqlStore::chat_member(ChatId chat, UserId user) {
  const V params[] = {chat, user};
  auto rows = db_->query(
      "SELECT chat_id, user_id, total_zmiy_grams, total_davki, last_davka_at FROM chat_stats "
      "WHERE chat_id = ? AND user_id = ?",
      params);
  if (rows.empty()) return std::nullopt;
  return member_of(rows.front());
}

std::vector<ChatRankRow> SqlStore::chat_ranking(ChatId chat, int offset, int limit) {
  const V params[] = {chat, static_cast<std::int64_t>(limit),
                      static_cast<std::int64_t>(std::max(offset, 0))};
  auto rows = db_->query(
      "SELECT cs.chat_id, cs.user_id, cs.total_zmiy_grams, cs.total_davki, cs.last_davka_at, "
      "u.nickname FROM chat_stats cs LEFT JOIN users u ON u.user_id = cs.user_id "
      "WHERE cs.chat_id = ? ORDER BY cs.total_zmiy_grams DESC, cs.user_id LIMIT ? OFFSET ?",
      params);
  std::vector<ChatRankRow> result;
  std::int64_t rank = std::max(offset, 0);
  for (const auto& r : rows) {
    auto stats = member_of(r);
    auto nickname = r.text(5);
    if (nickname.empty()) nickname = game::default_nickname(stats.user_id);  // D-15
    result.push_back({stats, std::move(nickname), ++rank});
  }
  return result;
}

std::optional<std::int64_t> SqlStore::chat_rank(ChatId chat, UserId user) {
  auto me = chat_member(chat, user);
  if (!me) return std::nullopt;
  const V params[] = {chat, me->total_zmiy_grams, chat, me->total_zmiy_grams, user};
  return db_
             ->query("SELECT (SELECT COUNT(*) FROM chat_stats WHERE chat_id = ? AND "
                     "total_zmiy_grams > ?) + (SELECT COUNT(*) FROM chat_stats WHERE chat_id = ? "
                     "AND total_zmiy_grams = ? AND user_id < ?)",
                     params)
             .front()
             .integer(0) +
         1;
}

game::ChatAggregate SqlStore::chat_aggregate(ChatId chat, UnixTime now,
                                             const game::Balance& balance) {
  const V params[] = {now - balance.chat_active_window_seconds, chat};
  auto r = db_->query(
                  "SELECT COUNT(*), COALESCE(SUM(total_zmiy_grams), 0), "
                  "COALESCE(SUM(total_davki), 0), COALESCE(MAX(last_davka_at), 0), "
                  "COALESCE(SUM(CASE WHEN last_davka_at > ? THEN 1 ELSE 0 END), 0) "
                  "FROM chat_stats WHERE chat_id = ?",
                  params)
               .front();
  return {r.integer(0), r.real(1), r.integer(2), r.integer(3), r.integer(4)};
}

void SqlStore::begin() {
  db_->execute_script(db_->dialect() == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  in_batch_ = true;
}

void SqlStore::commit() {
  in_batch_ = false;  // a failed COMMIT ends the transaction too (the caller rolls back)
  db_->execute_script("COMMIT");
}

void SqlStore::rollback() {
  in_batch_ = false;
  db_->execute_script("ROLLBACK");
}

void SqlStore::apply(const ChangeSet& changes) {
  if (changes.empty()) return;
  db_->execute_script("SAVEPOINT change_set");
  try {
    apply_statements(changes);
    db_->execute_script("RELEASE SAVEPOINT change_set");
  } catch (...) {
    try {
      db_->execute_script("ROLLBACK TO SAVEPOINT change_set");
      db_->execute_script("RELEASE SAVEPOINT change_set");
    } catch (...) {  // the connection is gone; the batch fails at commit
    }
    throw;
  }
}

void SqlStore::apply_statements(const ChangeSet& changes) {
  std::vector<Statement> statements;
  // Which statement wrote which player: a player statement that changed no row is a
  // version conflict.
  std::vector<std::pair<std::size_t, UserId>> player_statements;
  for (const auto& p : changes.players) {
    std::int64_t full_at = game::atm_full_at(p, balance_);
    std::string folded = game::fold_nickname(p.nickname);
    player_statements.emplace_back(statements.size(), p.user_id);
    if (p.version == 0) {
      statements.push_back({kInsertPlayer,
                            {p.user_id, p.nickname, std::move(folded), p.gofra_mm, p.cable_mm,
                             p.gofra(), p.cable_power(), p.zmiy_grams, p.total_zmiy_grams,
                             p.total_davki, static_cast<std::int64_t>(p.atm_count),
                             static_cast<std::int64_t>(balance_.atm_max), p.last_update,
                             p.last_davka, p.experience,
                             static_cast<std::int64_t>(p.nickname_changed ? 1 : 0), full_at}});
    } else {
      statements.push_back({kUpdatePlayer,
                            {p.nickname, std::move(folded), p.gofra_mm, p.cable_mm, p.gofra(),
                             p.cable_power(), p.zmiy_grams, p.total_zmiy_grams, p.total_davki,
                             static_cast<std::int64_t>(p.atm_count),
                             static_cast<std::int64_t>(balance_.atm_max), p.last_update,
                             p.last_davka, p.experience,
                             static_cast<std::int64_t>(p.nickname_changed ? 1 : 0), full_at,
                             p.user_id, p.version}});
    }
  }
  for (const auto& f : changes.fights) {
    statements.push_back({kInsertFight, {f.winner_id, f.loser_id, f.created_at}});
    statements.push_back({kCountWin, {f.winner_id}});
    statements.push_back({kCountLoss, {f.loser_id}});
  }
  for (const auto& c : changes.chats) {
    statements.push_back({kUpsertChat,
                          {c.chat_id, c.title, c.type,
                           static_cast<std::int64_t>(c.is_active ? 1 : 0), c.created_at,
                           c.last_activity}});
  }
  for (const auto& m : changes.chat_members) {
    statements.push_back({kAddChatStats,
                          {m.after.chat_id, m.after.user_id,
                           m.after.total_zmiy_grams - m.before.total_zmiy_grams,
                           m.after.total_davki - m.before.total_davki, m.after.last_davka_at}});
  }
  auto now = unix_now();
  if (changes.update_id) statements.push_back({kMarkProcessed, {*changes.update_id, now}});
  for (const auto& payload : changes.outbox) {
    statements.push_back({kAddOutbox, {changes.update_id.value_or(0), payload, now}});
  }
  std::vector<std::int64_t> changed;
  try {
    changed = db_->execute_many(statements);
  } catch (const UniqueViolation& e) {
    std::string_view what = e.what();
    if (what.find("processed_updates") != std::string_view::npos) throw AlreadyProcessed();
    if (what.find("nickname") != std::string_view::npos) throw NicknameTaken();
    throw;
  }
  for (const auto& [index, user] : player_statements) {
    if (changed.at(index) == 0) throw VersionConflict(user);
  }
}

bool SqlStore::update_processed(std::int64_t update_id) {
  const V params[] = {update_id};
  return !db_->query("SELECT 1 FROM processed_updates WHERE update_id = ?", params).empty();
}

std::vector<OutboxRow> SqlStore::pending_outbox(int limit) {
  const V params[] = {static_cast<std::int64_t>(limit)};
  std::vector<OutboxRow> rows;
  for (const auto& r :
       db_->query("SELECT id, update_id, payload FROM outbox ORDER BY id LIMIT ?", params)) {
    rows.push_back({r.integer(0), r.integer(1), r.text(2)});
  }
  return rows;
}

void SqlStore::remove_outbox(std::span<const std::int64_t> update_ids) {
  if (update_ids.empty()) return;
  std::vector<Statement> statements;
  for (auto id : update_ids) statements.push_back({"DELETE FROM outbox WHERE update_id = ?", {id}});
  if (in_batch_) {
    db_->execute_many(statements);
    return;
  }
  begin();
  try {
    db_->execute_many(statements);
    commit();
  } catch (...) {
    try {
      rollback();
    } catch (...) {
    }
    throw;
  }
}

std::int64_t SqlStore::prune_processed_updates(UnixTime before) {
  const V params[] = {before};
  return db_->execute("DELETE FROM processed_updates WHERE processed_at < ?", params);
}

}  // namespace store::sql

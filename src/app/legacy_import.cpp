#include "app/legacy_import.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "game/atmospheres.hpp"
#include "game/nickname.hpp"
#include "store/sql/legacy_rows.hpp"
#include "store/sql/migrations.hpp"
#include "store/sql/player_row.hpp"
#include "store/sql/transaction.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace app {
namespace fs = std::filesystem;
using store::sql::Connection;
using store::sql::Row;
using store::sql::Statement;
using store::sql::Value;
using game::UserId;

namespace {

// Columns of the original schema (GAME.md §12.1) each table must have.
const std::vector<std::pair<std::string, std::vector<std::string>>>& original_columns() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> columns = {
      {"users",
       {"user_id", "nickname", "gofra_mm", "cable_mm", "zmiy_grams", "total_zmiy_grams",
        "total_davki", "atm_count", "last_update", "last_davka", "experience",
        "nickname_changed"}},
      {"rademka_fights", {"id", "winner_id", "loser_id", "money_taken", "created_at"}},
      {"chats", {"chat_id", "chat_title", "chat_type", "is_active", "created_at", "last_activity"}},
      {"chat_stats", {"chat_id", "user_id", "total_zmiy_grams", "total_davki", "last_davka_at"}},
      {"chat_top", {"chat_id", "user_id"}},
  };
  return columns;
}

constexpr std::string_view kInsertPlayer =
    "INSERT INTO users(user_id, nickname, nickname_folded, gofra_mm, cable_mm, gofra, "
    "cable_power, zmiy_grams, total_zmiy_grams, total_davki, atm_count, max_atm, last_update, "
    "last_davka, experience, nickname_changed, atm_full_at, version, pvp_wins, pvp_losses) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, 0)";
constexpr std::string_view kInsertFight =
    "INSERT INTO rademka_fights(legacy_id, winner_id, loser_id, money_taken, created_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(legacy_id) DO NOTHING";
constexpr std::string_view kRecountPvp =
    "UPDATE users SET pvp_wins = (SELECT COUNT(*) FROM rademka_fights WHERE winner_id = ?), "
    "pvp_losses = (SELECT COUNT(*) FROM rademka_fights WHERE loser_id = ?) WHERE user_id = ?";
constexpr std::string_view kInsertChat =
    "INSERT INTO chats(chat_id, chat_title, chat_type, is_active, created_at, last_activity) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO NOTHING";
constexpr std::string_view kInsertChatStats =
    "INSERT INTO chat_stats(chat_id, user_id, total_zmiy_grams, total_davki, last_davka_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(chat_id, user_id) DO NOTHING";

// The original, opened read-only, with the tables it has.
struct Original {
  std::unique_ptr<store::sqlite::SqliteConnection> db;
  std::set<std::string, std::less<>> tables;
  bool has(std::string_view table) const { return tables.contains(table); }
};

Original open_original(const fs::path& file) {
  if (!fs::is_regular_file(file)) {
    throw std::runtime_error(fmt::format("no database file at {}", file.string()));
  }
  Original original;
  try {
    original.db = store::sqlite::SqliteConnection::open(file, /*read_only=*/true);
    store::sql::Connection& db = *original.db;
    for (const auto& row : db.query("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      original.tables.insert(row.text(0));
    }
  } catch (const store::sql::DatabaseError& e) {
    throw std::runtime_error(
        fmt::format("{} cannot be read as a SQLite database: {}", file.string(), e.what()));
  }
  if (original.has("schema_version")) {
    throw std::runtime_error(fmt::format(
        "{} is a gofrobot database, not the original bot's: use `gofrobot restore` for it",
        file.string()));
  }
  if (!original.has("users")) {
    throw std::runtime_error(fmt::format(
        "{} has no users table: not an original bot_database.db", file.string()));
  }
  for (const auto& [table, wanted] : original_columns()) {
    if (!original.has(table)) continue;
    std::set<std::string, std::less<>> present;
    store::sql::Connection& db = *original.db;
    for (const auto& row : db.query(fmt::format("PRAGMA table_info({})", table))) {
      present.insert(row.text(1));
    }
    std::vector<std::string> missing;
    for (const auto& column : wanted) {
      if (!present.contains(column)) missing.push_back(column);
    }
    if (!missing.empty()) {
      throw std::runtime_error(fmt::format("{}: table {} lacks the original's column(s) {}",
                                           file.string(), table, fmt::join(missing, ", ")));
    }
  }
  return original;
}

// Why an id column cannot be used, or empty when it can. `type` is SQLite's typeof().
std::string bad_id(const Row& row, std::size_t value, std::size_t type, std::string_view name,
                   bool must_be_positive) {
  if (row.is_null(value)) return fmt::format("{} is NULL", name);
  if (row.text(type) != "integer") {
    return fmt::format("{} is not an integer ({:?})", name, row.text(value));
  }
  if (must_be_positive && row.integer(value) <= 0) {
    return fmt::format("{} {} is not a Telegram user id", name, row.integer(value));
  }
  if (row.integer(value) == 0) return fmt::format("{} is 0", name);
  return {};
}

class Importer {
 public:
  Importer(Original& original, Connection& target, const game::Balance& balance)
      : src_(*original.db), original_(original), db_(target), balance_(balance) {}

  ImportReport run() {
    load_target();
    import_users();
    if (original_.has("rademka_fights")) import_fights();
    recount_pvp();
    if (original_.has("chats")) import_chats();
    if (original_.has("chat_stats")) import_chat_stats();
    if (original_.has("chat_top")) {
      report_.chat_top_ignored = src_.query("SELECT COUNT(*) FROM chat_top").front().integer(0);
    }
    return std::move(report_);
  }

 private:
  void skip(ImportCounts& counts, std::string table, std::string row, std::string reason) {
    ++counts.skipped;
    report_.skipped.push_back({std::move(table), std::move(row), std::move(reason)});
  }
  void present(ImportCounts& counts, std::string table, std::string row) {
    ++counts.already_present;
    report_.skipped.push_back({std::move(table), std::move(row), std::string(kAlreadyPresent)});
  }

  // The store's players, nicknames and chats, read inside the import's transaction.
  void load_target() {
    for (const auto& r : db_.query("SELECT user_id, nickname_folded FROM users")) {
      players_.insert(r.integer(0));
      if (!r.is_null(1)) nickname_owner_.emplace(r.text(1), r.integer(0));
    }
    for (const auto& r : db_.query("SELECT chat_id FROM chats")) chats_.insert(r.integer(0));
  }

  void import_users() {
    std::vector<game::Player> candidates;
    std::unordered_set<UserId> seen;
    for (const auto& row : src_.query(
             "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, "
             "total_davki, atm_count, last_update, last_davka, experience, nickname_changed, "
             "0, typeof(user_id) FROM users ORDER BY user_id")) {
      ++report_.users.read;
      const auto key = fmt::format("user_id={}", row.text(0, "NULL"));
      if (auto why = bad_id(row, 0, 13, "user_id", true); !why.empty()) {
        skip(report_.users, "users", key, why);
        continue;
      }
      std::vector<std::string> repairs;
      auto p = store::sql::legacy_player_from_row(row, balance_, &repairs);
      if (!seen.insert(p.user_id).second) {
        skip(report_.users, "users", key, "duplicate user_id (the first row was imported)");
        continue;
      }
      if (players_.contains(p.user_id)) {
        present(report_.users, "users", key);
        continue;
      }
      for (auto& repair : repairs) report_.adjusted.push_back({"users", key, std::move(repair)});
      candidates.push_back(std::move(p));
    }
    for (const auto& reset : store::sql::deduplicate_nicknames(candidates)) {
      report_.adjusted.push_back(
          {"users", fmt::format("user_id={}", reset.user_id),
           fmt::format("nickname {:?} reset to {}: {}", reset.old_nickname,
                       game::default_nickname(reset.user_id), reset.reason)});
    }
    std::vector<Statement> inserts;
    for (auto& p : candidates) {
      if (!claim_nickname(p)) continue;
      inserts.push_back(
          {kInsertPlayer,
           {p.user_id, p.nickname, game::fold_nickname(p.nickname), p.gofra_mm, p.cable_mm,
            p.gofra(), p.cable_power(), p.zmiy_grams, p.total_zmiy_grams, p.total_davki,
            static_cast<std::int64_t>(p.atm_count), static_cast<std::int64_t>(balance_.atm_max),
            p.last_update, p.last_davka, p.experience,
            static_cast<std::int64_t>(p.nickname_changed ? 1 : 0),
            game::atm_full_at(p, balance_)}});
      players_.insert(p.user_id);
      recount_.insert(p.user_id);
    }
    db_.execute_many(inserts);
    report_.users.imported = static_cast<std::int64_t>(inserts.size());
  }

  // Checks the player's nickname against the store's players: a taken one is reset to the
  // default. False (skipped) when even the default is held by another player.
  bool claim_nickname(game::Player& p) {
    const auto key = fmt::format("user_id={}", p.user_id);
    const auto own_default = game::default_nickname(p.user_id);
    auto folded = game::fold_nickname(p.nickname);
    if (auto it = nickname_owner_.find(folded); it != nickname_owner_.end() &&
                                                it->second != p.user_id &&
                                                p.nickname != own_default) {
      report_.adjusted.push_back(
          {"users", key,
           fmt::format("nickname {:?} reset to {}: player {} of the store already has it",
                       p.nickname, own_default, it->second)});
      p.nickname = own_default;
      p.nickname_changed = false;
      folded = game::fold_nickname(p.nickname);
    }
    if (auto it = nickname_owner_.find(folded);
        it != nickname_owner_.end() && it->second != p.user_id) {
      skip(report_.users, "users", key,
           fmt::format("its default nickname {} is held by player {} of the store", own_default,
                       it->second));
      return false;
    }
    nickname_owner_.emplace(std::move(folded), p.user_id);
    return true;
  }

  void import_fights() {
    std::vector<Statement> inserts;
    std::vector<std::pair<std::string, std::pair<UserId, UserId>>> keys;
    for (const auto& row : src_.query(
             "SELECT id, winner_id, loser_id, money_taken, created_at, typeof(id), "
             "typeof(winner_id), typeof(loser_id) FROM rademka_fights ORDER BY id")) {
      ++report_.fights.read;
      auto key = fmt::format("id={}", row.text(0, "NULL"));
      std::string why = bad_id(row, 0, 5, "id", false);
      if (why.empty()) why = bad_id(row, 1, 6, "winner_id", true);
      if (why.empty()) why = bad_id(row, 2, 7, "loser_id", true);
      const UserId winner = row.integer(1);
      const UserId loser = row.integer(2);
      if (why.empty() && winner == loser) why = "winner and loser are the same player";
      if (why.empty() && !players_.contains(winner)) {
        why = fmt::format("winner {} is not a player", winner);
      }
      if (why.empty() && !players_.contains(loser)) {
        why = fmt::format("loser {} is not a player", loser);
      }
      if (!why.empty()) {
        skip(report_.fights, "rademka_fights", std::move(key), std::move(why));
        continue;
      }
      inserts.push_back({kInsertFight,
                         {row.integer(0), winner, loser, row.integer(3, 0), row.integer(4, 0)}});
      keys.emplace_back(std::move(key), std::pair(winner, loser));
    }
    auto changed = db_.execute_many(inserts);
    for (std::size_t i = 0; i < changed.size(); ++i) {
      if (changed[i] == 0) {
        present(report_.fights, "rademka_fights", std::move(keys[i].first));
        continue;
      }
      ++report_.fights.imported;
      recount_.insert(keys[i].second.first);
      recount_.insert(keys[i].second.second);
    }
  }

  // The counters the fight top reads must match the fights (GAME.md §7.5).
  void recount_pvp() {
    std::vector<Statement> updates;
    for (UserId id : recount_) updates.push_back({kRecountPvp, {id, id, id}});
    db_.execute_many(updates);
  }

  void import_chats() {
    std::vector<Statement> inserts;
    std::vector<std::string> keys;
    for (const auto& row : src_.query(
             "SELECT chat_id, chat_title, chat_type, is_active, created_at, last_activity, "
             "typeof(chat_id) FROM chats ORDER BY chat_id")) {
      ++report_.chats.read;
      auto key = fmt::format("chat_id={}", row.text(0, "NULL"));
      if (auto why = bad_id(row, 0, 6, "chat_id", false); !why.empty()) {
        skip(report_.chats, "chats", std::move(key), std::move(why));
        continue;
      }
      const auto created = row.integer(4, 0);
      inserts.push_back({kInsertChat,
                         {row.integer(0), row.text(1), row.text(2, "group"),
                          static_cast<std::int64_t>(row.integer(3, 1) != 0 ? 1 : 0), created,
                          row.integer(5, created)}});
      keys.push_back(std::move(key));
      chats_.insert(row.integer(0));
    }
    auto changed = db_.execute_many(inserts);
    for (std::size_t i = 0; i < changed.size(); ++i) {
      if (changed[i] == 0) {
        present(report_.chats, "chats", std::move(keys[i]));
      } else {
        ++report_.chats.imported;
      }
    }
  }

  void import_chat_stats() {
    std::vector<Statement> inserts;
    std::vector<std::string> keys;
    for (const auto& row : src_.query(
             "SELECT chat_id, user_id, total_zmiy_grams, total_davki, last_davka_at, "
             "typeof(chat_id), typeof(user_id) FROM chat_stats ORDER BY chat_id, user_id")) {
      ++report_.chat_stats.read;
      auto key = fmt::format("chat_id={} user_id={}", row.text(0, "NULL"), row.text(1, "NULL"));
      std::string why = bad_id(row, 0, 5, "chat_id", false);
      if (why.empty()) why = bad_id(row, 1, 6, "user_id", true);
      if (!why.empty()) {
        skip(report_.chat_stats, "chat_stats", std::move(key), std::move(why));
        continue;
      }
      const auto chat = row.integer(0);
      const auto last = row.integer(4, 0);
      if (!chats_.contains(chat)) {
        // The original did not enforce the foreign key; we do. The chat gets a row so its
        // members keep their totals; the bot fills in the title when the chat is next seen.
        inserts.push_back({kInsertChat, {chat, std::string(), std::string("group"),
                                         std::int64_t{1}, last, last}});
        keys.emplace_back();  // not a chat_stats row: see below
        chats_.insert(chat);
        report_.adjusted.push_back(
            {"chats", fmt::format("chat_id={}", chat),
             "created: the original has chat_stats for it but no chats row"});
        ++report_.chats_created;
      }
      inserts.push_back({kInsertChatStats,
                         {chat, row.integer(1), row.real(2, 0.0), row.integer(3, 0), last}});
      keys.push_back(std::move(key));
    }
    auto changed = db_.execute_many(inserts);
    for (std::size_t i = 0; i < changed.size(); ++i) {
      if (keys[i].empty()) continue;
      if (changed[i] == 0) {
        present(report_.chat_stats, "chat_stats", std::move(keys[i]));
      } else {
        ++report_.chat_stats.imported;
      }
    }
  }

  Connection& src_;
  const Original& original_;
  Connection& db_;
  const game::Balance& balance_;
  ImportReport report_;
  std::unordered_set<UserId> players_;  // in the store, or imported now
  std::unordered_map<std::string, UserId> nickname_owner_;  // folded nickname → player
  std::unordered_set<game::ChatId> chats_;
  std::set<UserId> recount_;  // players whose PvP counters are recounted
};

}  // namespace

ImportReport import_legacy(const fs::path& original_db, Connection& target,
                           const game::Balance& balance) {
  auto original = open_original(original_db);
  const int version = store::sql::schema_version(target);
  if (version != store::sql::latest_schema_version()) {
    throw std::runtime_error(fmt::format(
        "the store is at schema version {}, not {}: migrate it first", version,
        store::sql::latest_schema_version()));
  }
  store::sql::Transaction tx(target);
  auto report = Importer(original, target, balance).run();
  tx.commit();
  return report;
}

}  // namespace app

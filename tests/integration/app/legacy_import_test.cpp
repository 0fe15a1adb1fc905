// `gofrobot import-legacy`: an original bot_database.db, built here with the original bot's
// DDL (GAME.md §12.1) and the kinds of rows it left behind (NULLs, nicknames equal but for
// case, another id's default nickname, fights with NULL ids, stats of unregistered chats,
// the derived chat_top), imported into a fresh store — SQLite always, PostgreSQL when
// GOFROBOT_TEST_PG_URL names a server (required under CI).
#include "app/legacy_import.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>

#include "game/atmospheres.hpp"
#include "game/nickname.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/sql/migrations.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "support/original_schema.hpp"

namespace {

namespace fs = std::filesystem;
using store::sql::SqlStore;


// What the original bot left behind, the awkward rows included.
constexpr const char* kOriginalRows = R"sql(
INSERT INTO users(user_id, nickname, gofra_mm, cable_mm, gofra, cable_power, zmiy_grams,
  last_update, last_davka, atm_count, max_atm, experience, total_davki, total_zmiy_grams,
  nickname_changed) VALUES
  (100, 'Вася', 250.5, 30.25, 25, 6, 12.5, 1700000000, 1700000100, 3, 12, 40, 17, 99.5, 1),
  (101, 'вася', 15.0, 11.0, 1, 2, 1.0, 1700000000, 0, 12, 12, 2, 1, 1.0, 1),
  (103, 'Пацанчик_100', 12.0, 10.0, 1, 2, 0.0, 1700000000, 0, 12, 12, 0, 0, 0.0, 1),
  (104, '', 10.0, 10.0, 1, 2, 0.0, 1700000000, 0, 12, 12, 0, 0, 0.0, 0),
  (105, 'Петя', 10.0, 10.0, 1, 2, 0.0, 1700000000, 0, 50, 12, 0, 0, 0.0, 1),
  (106, 'ВАСЯ', 10.0, 10.0, 1, 2, 0.0, 1700000000, 0, 12, 12, 0, 0, 0.0, 1),
  (107, 'Коля', 10.0, 10.0, 1, 2, 0.0, 1700000000, 0, 12, 12, 0, 0, 0.0, 1),
  (108, 'Маша', 20.0, 10.0, 2, 2, 0.0, 1700000000, 0, 50, 12, 0, 0, 0.0, 1),
  (-5, 'Минус', 10.0, 10.0, 1, 2, 0.0, 1700000000, 0, 12, 12, 0, 0, 0.0, 0);
INSERT INTO users(user_id, nickname, gofra_mm, cable_mm, gofra, cable_power, zmiy_grams,
  last_update, last_davka, atm_count, max_atm, experience, total_davki, total_zmiy_grams,
  nickname_changed) VALUES
  (102, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO rademka_fights(id, winner_id, loser_id, money_taken, created_at) VALUES
  (1, 100, 101, 0, 1700000200),
  (2, 101, 100, 0, 1700000300),
  (3, 100, 102, 0, 1700000400),
  (4, NULL, 100, 0, 1700000500),
  (5, 100, NULL, 0, 1700000600),
  (6, 100, 999, 0, 1700000700),
  (7, 105, 100, 0, 1700000800),
  (8, 100, 100, 0, 1700000900),
  (9, 107, 102, NULL, NULL);
INSERT INTO chats(chat_id, chat_title, chat_type, is_active, created_at, last_activity) VALUES
  (-1001, 'Гофроцентрал', 'supergroup', 1, 1690000000, 1700000000),
  (-1002, NULL, NULL, NULL, NULL, NULL);
INSERT INTO chat_stats(chat_id, user_id, total_zmiy_grams, total_davki, last_davka_at) VALUES
  (-1001, 100, 50.5, 3, 1700000100),
  (-1001, 101, 20.0, 1, 1700000050),
  (-1002, 100, NULL, NULL, NULL),
  (-1003, 100, 10.0, 1, 1700000010),
  (NULL, 100, 5.0, 1, 1700000020),
  (-1001, NULL, 5.0, 1, 1700000030);
INSERT INTO chat_top(chat_id, user_id, total_zmiy_grams, rank) VALUES
  (-1001, 100, 50.5, 1), (-1001, 101, 20.0, 2), (-1002, 100, 0.0, 1);
)sql";

const game::Balance& balance() {
  static const game::Balance b;
  return b;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Writes the original database the way the Python bot did: plain sqlite3, rollback journal.
void write_original(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

std::int64_t count(store::sql::Connection& db, std::string_view sql) {
  return db.query(sql).front().integer(0);
}

const app::ImportNote* find_note(const std::vector<app::ImportNote>& notes,
                                 const std::string& table, const std::string& row) {
  for (const auto& n : notes) {
    if (n.table == table && n.row == row) return &n;
  }
  return nullptr;
}

std::string reason_of(const std::vector<app::ImportNote>& notes, const std::string& table,
                      const std::string& row) {
  const auto* n = find_note(notes, table, row);
  return n ? n->reason : "<no note for " + table + " " + row + ">";
}

bool contains(const std::string& text, const std::string& piece) {
  return text.find(piece) != std::string::npos;
}

// The store the import goes into, with two players of its own: 105 (the new bot already
// met that player) and 500, who holds the nickname "Коля".
void seed_target(SqlStore& store) {
  store::ChangeSet changes;
  changes.players.push_back(game::new_player(105, 1710000000, balance()));
  auto kolya = game::new_player(500, 1710000000, balance());
  kolya.nickname = "Коля";
  kolya.nickname_changed = true;
  changes.players.push_back(kolya);
  store.write(changes);
}

// Everything the first import must have done, for either engine.
void check_first_import(const app::ImportReport& r, SqlStore& store) {
  auto& db = store.connection();

  EXPECT_EQ(r.users.read, 10);
  EXPECT_EQ(r.users.imported, 8);  // 100-104, 106-108
  EXPECT_EQ(r.users.already_present, 1);
  EXPECT_EQ(r.users.skipped, 1);
  EXPECT_EQ(reason_of(r.skipped, "users", "user_id=105"), "already present in the store");
  EXPECT_TRUE(contains(reason_of(r.skipped, "users", "user_id=-5"), "not a Telegram user id"));

  // Nicknames: unique case-insensitively, with a reason for every reset.
  EXPECT_EQ(store.find_player(100)->nickname, "Вася");
  for (game::UserId id : {101, 103, 106, 107}) {
    auto p = store.find_player(id);
    ASSERT_TRUE(p) << id;
    EXPECT_EQ(p->nickname, game::default_nickname(id)) << id;
    EXPECT_FALSE(p->nickname_changed) << id << ": may choose a nickname again";
  }
  EXPECT_TRUE(contains(reason_of(r.adjusted, "users", "user_id=101"), "duplicate"));
  EXPECT_TRUE(contains(reason_of(r.adjusted, "users", "user_id=106"), "duplicate"));
  EXPECT_TRUE(contains(reason_of(r.adjusted, "users", "user_id=103"), "default nickname"));
  EXPECT_TRUE(contains(reason_of(r.adjusted, "users", "user_id=107"), "player 500"));
  EXPECT_EQ(store.find_player(108)->nickname, "Маша");
  EXPECT_TRUE(store.find_player(108)->nickname_changed);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM (SELECT nickname_folded FROM users GROUP BY "
                      "nickname_folded HAVING COUNT(*) > 1) d"),
            0);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM users WHERE nickname_folded IS NULL"), 0);
  EXPECT_EQ(*store.nickname_owner(game::fold_nickname("ВАСЯ")), 100);

  // NULLs became a new player's defaults; the empty nickname the default one.
  auto nulls = store.find_player(102);
  ASSERT_TRUE(nulls);
  EXPECT_EQ(nulls->nickname, "Пацанчик_102");
  EXPECT_EQ(nulls->gofra_mm, 10.0);
  EXPECT_EQ(nulls->cable_mm, 10.0);
  EXPECT_EQ(nulls->atm_count, 12);
  EXPECT_EQ(nulls->zmiy_grams, 0.0);
  EXPECT_EQ(nulls->total_davki, 0);
  EXPECT_FALSE(nulls->nickname_changed);
  EXPECT_EQ(store.find_player(104)->nickname, "Пацанчик_104");

  // Values carried over exactly; derived columns recomputed; version 1.
  auto vasya = store.find_player(100);
  EXPECT_EQ(vasya->gofra_mm, 250.5);
  EXPECT_EQ(vasya->cable_mm, 30.25);
  EXPECT_EQ(vasya->zmiy_grams, 12.5);
  EXPECT_EQ(vasya->total_zmiy_grams, 99.5);
  EXPECT_EQ(vasya->total_davki, 17);
  EXPECT_EQ(vasya->atm_count, 3);
  EXPECT_EQ(vasya->last_update, 1700000000);
  EXPECT_EQ(vasya->last_davka, 1700000100);
  EXPECT_EQ(vasya->experience, 40);
  EXPECT_TRUE(vasya->nickname_changed);
  EXPECT_EQ(vasya->version, 1);
  auto stored = db.query(
      "SELECT gofra, cable_power, max_atm, atm_full_at FROM users WHERE user_id = 100");
  EXPECT_EQ(stored.front().integer(0), 25);
  EXPECT_EQ(stored.front().integer(1), 6);
  EXPECT_EQ(stored.front().integer(2), balance().atm_max);
  EXPECT_EQ(stored.front().integer(3), game::atm_full_at(*vasya, balance()));
  EXPECT_EQ(store.find_player(108)->atm_count, balance().atm_max);  // 50 clamped

  // Fights: the NULL, unknown and self ones skipped with reasons; legacy ids kept.
  EXPECT_EQ(r.fights.read, 9);
  EXPECT_EQ(r.fights.imported, 5);
  EXPECT_EQ(r.fights.skipped, 4);
  EXPECT_EQ(reason_of(r.skipped, "rademka_fights", "id=4"), "winner_id is NULL");
  EXPECT_EQ(reason_of(r.skipped, "rademka_fights", "id=5"), "loser_id is NULL");
  EXPECT_EQ(reason_of(r.skipped, "rademka_fights", "id=6"), "loser 999 is not a player");
  EXPECT_EQ(reason_of(r.skipped, "rademka_fights", "id=8"),
            "winner and loser are the same player");
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM rademka_fights"), 5);
  EXPECT_EQ(count(db, "SELECT created_at FROM rademka_fights WHERE legacy_id = 2"), 1700000300);
  EXPECT_EQ(count(db, "SELECT created_at FROM rademka_fights WHERE legacy_id = 9"), 0);

  // PvP counters match the fights, for imported players and the store's own (105).
  auto mismatches = db.query(
      "SELECT user_id FROM users u WHERE pvp_wins <> (SELECT COUNT(*) FROM rademka_fights f "
      "WHERE f.winner_id = u.user_id) OR pvp_losses <> (SELECT COUNT(*) FROM rademka_fights f "
      "WHERE f.loser_id = u.user_id)");
  EXPECT_TRUE(mismatches.empty()) << "player " << mismatches.front().integer(0);
  auto s100 = store.fight_stats(100);
  EXPECT_EQ(s100.wins, 2);
  EXPECT_EQ(s100.losses, 2);
  EXPECT_EQ(store.fight_stats(105).wins, 1);
  EXPECT_EQ(store.fight_stats(102).losses, 2);

  // Chats, with defaults for NULLs; the unregistered chat of a stats row is created.
  EXPECT_EQ(r.chats.read, 2);
  EXPECT_EQ(r.chats.imported, 2);
  EXPECT_EQ(r.chats_created, 1);
  auto group = store.find_chat(-1001);
  ASSERT_TRUE(group);
  EXPECT_EQ(group->title, "Гофроцентрал");
  EXPECT_EQ(group->type, "supergroup");
  EXPECT_EQ(group->created_at, 1690000000);
  auto bare = store.find_chat(-1002);
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->title, "");
  EXPECT_EQ(bare->type, "group");
  EXPECT_TRUE(bare->is_active);
  EXPECT_TRUE(store.find_chat(-1003));
  EXPECT_TRUE(contains(reason_of(r.adjusted, "chats", "chat_id=-1003"), "no chats row"));

  EXPECT_EQ(r.chat_stats.read, 6);
  EXPECT_EQ(r.chat_stats.imported, 4);
  EXPECT_EQ(r.chat_stats.skipped, 2);
  EXPECT_EQ(reason_of(r.skipped, "chat_stats", "chat_id=NULL user_id=100"), "chat_id is NULL");
  EXPECT_EQ(reason_of(r.skipped, "chat_stats", "chat_id=-1001 user_id=NULL"), "user_id is NULL");
  auto member = store.chat_member(-1001, 100);
  ASSERT_TRUE(member);
  EXPECT_EQ(member->total_zmiy_grams, 50.5);
  EXPECT_EQ(member->total_davki, 3);
  EXPECT_EQ(member->last_davka_at, 1700000100);
  auto zero = store.chat_member(-1002, 100);
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->total_zmiy_grams, 0.0);
  EXPECT_EQ(zero->total_davki, 0);
  EXPECT_EQ(store.chat_aggregate(-1001, 1700000200, balance()).total_zmiy_grams, 70.5);

  EXPECT_EQ(r.chat_top_ignored, 3);
}

// The second import of the same file changes nothing.
void check_second_import(const app::ImportReport& r, SqlStore& store) {
  auto& db = store.connection();
  EXPECT_EQ(r.users.imported, 0);
  EXPECT_EQ(r.users.already_present, 9);
  EXPECT_EQ(r.users.skipped, 1);
  EXPECT_EQ(r.fights.imported, 0);
  EXPECT_EQ(r.fights.already_present, 5);
  EXPECT_EQ(r.chats.imported, 0);
  EXPECT_EQ(r.chats.already_present, 2);
  EXPECT_EQ(r.chats_created, 0);
  EXPECT_EQ(r.chat_stats.imported, 0);
  EXPECT_EQ(r.chat_stats.already_present, 4);
  EXPECT_TRUE(r.adjusted.empty());
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM users"), 10);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM rademka_fights"), 5);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM chats"), 3);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM chat_stats"), 4);
  EXPECT_EQ(store.chat_aggregate(-1001, 1700000200, balance()).total_zmiy_grams, 70.5);
  EXPECT_EQ(store.chat_member(-1001, 100)->total_davki, 3);
  EXPECT_EQ(store.fight_stats(100).wins, 2);
  EXPECT_EQ(store.find_player(100)->version, 1);
}

class LegacyImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gofrobot-legacy-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    original_ = dir_ / "bot_database.db";
    write_original(original_, std::string(testing_support::kOriginalSchema) + kOriginalRows);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<SqlStore> sqlite_store(const std::string& name = "gofrobot.db") {
    auto connection = store::sqlite::SqliteConnection::open(dir_ / name);
    store::sql::migrate(*connection, balance());
    return std::make_unique<SqlStore>(std::move(connection), balance());
  }

  fs::path dir_;
  fs::path original_;
};

TEST_F(LegacyImportTest, ImportsIntoSqliteOnceAndLeavesTheOriginalAlone) {
  const auto original_bytes = slurp(original_);
  auto store = sqlite_store();
  seed_target(*store);

  auto first = app::import_legacy(original_, store->connection(), balance());
  check_first_import(first, *store);
  auto second = app::import_legacy(original_, store->connection(), balance());
  check_second_import(second, *store);

  EXPECT_EQ(slurp(original_), original_bytes) << "the original must not change";
  for (const char* side : {"-journal", "-wal", "-shm"}) {
    EXPECT_FALSE(fs::exists(original_.string() + side)) << side;
  }
}

TEST_F(LegacyImportTest, TheReportListsCountsAndSkippedRows) {
  auto store = sqlite_store();
  seed_target(*store);
  auto report = app::import_legacy(original_, store->connection(), balance());
  auto text = app::describe(report, original_);
  EXPECT_TRUE(contains(text, "users:          8 imported, 1 already present, 1 skipped (10 read)"))
      << text;
  EXPECT_TRUE(contains(text, "rademka_fights: 5 imported, 0 already present, 4 skipped (9 read)"))
      << text;
  EXPECT_TRUE(contains(text, "chat_top:       3 rows ignored")) << text;
  EXPECT_TRUE(contains(text, "rademka_fights id=4: winner_id is NULL")) << text;
  EXPECT_TRUE(contains(text, "users user_id=101: nickname \"вася\" reset to Пацанчик_101"))
      << text;

  auto short_text = app::describe(report, original_, 2);
  EXPECT_TRUE(contains(short_text, "skipped (8):")) << short_text;
  EXPECT_TRUE(contains(short_text, "… and 6 more")) << short_text;
}

// Every value brought into the game's domain is listed with what it was, what it became
// and why; nicknames the game would refuse are reset with the rule they break.
TEST_F(LegacyImportTest, EveryRepairIsReported) {
  const auto bad = dir_ / "bad_rows.db";
  write_original(bad, std::string(testing_support::kOriginalSchema) + R"sql(
INSERT INTO users(user_id, nickname, gofra_mm, cable_mm, zmiy_grams, last_update, last_davka,
  atm_count, experience, total_davki, total_zmiy_grams, nickname_changed) VALUES
  (201, 'Гриша', 10.0, 10.0, -5.0, 1700000000, 0, 12, 0, 3, 7.0, 1),
  (202, 'Вася<b>', 'abc', 1e300, 1.0, -20, 99999999999999, 40, -3, 2.5, 1.0, 1),
  (203, 'Жора  Кран', 12.0, 10.0, 0.0, 1700000000, 0, -1, 0, 0, 0.0, 1),
  (204, 'Ok', 10.0, 10.0, 0.0, 1700000000, 0, 12, 0, 0, 0.0, NULL),
  (205, 'Нормальный', 11.0, 10.5, 1.5, 1700000000, 1700000001, 5, 4, 2, 3.0, 1);
INSERT INTO users(user_id, nickname, gofra_mm, cable_mm, zmiy_grams, last_update, last_davka,
  atm_count, experience, total_davki, total_zmiy_grams, nickname_changed) VALUES
  (206, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
)sql");
  auto store = sqlite_store();
  auto r = app::import_legacy(bad, store->connection(), balance());
  EXPECT_EQ(r.users.imported, 6);
  auto notes = [&](game::UserId id) {
    std::string all;
    for (const auto& n : r.adjusted) {
      if (n.table == "users" && n.row == "user_id=" + std::to_string(id)) all += n.reason + "\n";
    }
    return all;
  };
  EXPECT_EQ(notes(201), "zmiy_grams: -5 → 0 (below zero)\n");
  EXPECT_EQ(store->find_player(201)->zmiy_grams, 0.0);
  const auto n202 = notes(202);
  for (const char* piece : {"gofra_mm: \"abc\" → 10 (not a number", "cable_mm: 1e+300 → 1000000000000000 (above 10^15)",
                            "last_update: -20 → 0 (before 1970)",
                            "last_davka: 99999999999999 → 253402300799 (after 9999)",
                            "atm_count: 40 → 12 (above balance.atm_max)", "experience: -3 → 0 (below zero)",
                            "total_davki: 2.5 → 3 (not a whole number)",
                            "nickname \"Вася<b>\" reset to Пацанчик_202: breaks the nickname rules: a character"}) {
    EXPECT_TRUE(contains(n202, piece)) << piece << " in:\n" << n202;
  }
  const auto vasya = store->find_player(202);
  EXPECT_EQ(vasya->nickname, "Пацанчик_202");
  EXPECT_FALSE(vasya->nickname_changed) << "may choose a nickname again";
  EXPECT_EQ(vasya->atm_count, balance().atm_max);
  EXPECT_TRUE(contains(notes(203), "atm_count: -1 → 0 (below zero)")) << notes(203);
  EXPECT_TRUE(contains(notes(203), "two spaces in a row")) << notes(203);
  EXPECT_TRUE(contains(notes(204), "nickname_changed: NULL → false (NULL)")) << notes(204);
  EXPECT_TRUE(contains(notes(204), "not 3 to 20 characters")) << notes(204);
  EXPECT_EQ(notes(205), "") << "a row within the rules is not adjusted";
  const auto n206 = notes(206);
  for (const char* piece : {"nickname: NULL → Пацанчик_206 (the default)", "gofra_mm: NULL → 10",
                            "atm_count: NULL → 12", "last_update: NULL → 0"}) {
    EXPECT_TRUE(contains(n206, piece)) << piece << " in:\n" << n206;
  }
  // The command's report carries every one of them.
  const auto text = app::describe(r, bad);
  EXPECT_TRUE(contains(text, "users user_id=202: atm_count: 40 → 12 (above balance.atm_max)")) << text;
}

TEST_F(LegacyImportTest, TheCommandMigratesImportsAndPrints) {
  ops::Config config;
  config.storage.data_dir = (dir_ / "data").string();
  config.storage.database_url = "sqlite://" + (dir_ / "data" / "gofrobot.db").string();
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(app::run_import_legacy(config, original_, out, err), 0) << err.str();
  EXPECT_TRUE(contains(out.str(), "store migrated from schema version 0")) << out.str();
  EXPECT_TRUE(contains(out.str(), "users:          9 imported")) << out.str();
  std::ostringstream out2;
  EXPECT_EQ(app::run_import_legacy(config, original_, out2, err), 0) << err.str();
  EXPECT_TRUE(contains(out2.str(), "users:          0 imported, 9 already present")) << out2.str();

  // The configured store itself is refused.
  std::ostringstream out3;
  std::ostringstream err3;
  EXPECT_EQ(app::run_import_legacy(config, dir_ / "data" / "gofrobot.db", out3, err3), 1);
  EXPECT_TRUE(contains(err3.str(), "nothing was imported")) << err3.str();
}

TEST_F(LegacyImportTest, RefusesFilesThatAreNotAnOriginalDatabase) {
  auto store = sqlite_store();
  const auto expect_refused = [&](const fs::path& file, const std::string& reason) {
    try {
      app::import_legacy(file, store->connection(), balance());
      ADD_FAILURE() << file << " should be refused";
    } catch (const std::runtime_error& e) {
      EXPECT_TRUE(contains(e.what(), reason)) << e.what();
    }
    EXPECT_EQ(store->player_count(), 0);
  };
  expect_refused(dir_ / "missing.db", "no database file");
  std::ofstream(dir_ / "garbage.db", std::ios::binary) << std::string(4096, 'x');
  expect_refused(dir_ / "garbage.db", "cannot be read as a SQLite database");
  write_original(dir_ / "other.db", "CREATE TABLE notes(id INTEGER)");
  expect_refused(dir_ / "other.db", "no users table");
  write_original(dir_ / "odd.db", "CREATE TABLE users(user_id INTEGER PRIMARY KEY, name TEXT)");
  expect_refused(dir_ / "odd.db", "lacks the original's column(s) nickname, gofra_mm");
  sqlite_store("ours.db");
  expect_refused(dir_ / "ours.db", "is a gofrobot database");
}

TEST_F(LegacyImportTest, AFailedImportImportsNothing) {
  auto store = sqlite_store();
  // A store that refuses one of the writes (a trigger aborts fight inserts) fails the
  // whole import: nothing of it stays, not even the players written before the fights.
  store->connection().execute_script(
      "CREATE TRIGGER no_fights BEFORE INSERT ON rademka_fights BEGIN "
      "SELECT RAISE(ABORT, 'refused by the test'); END");
  EXPECT_THROW(app::import_legacy(original_, store->connection(), balance()),
               store::sql::DatabaseError);
  EXPECT_EQ(store->player_count(), 0);
  EXPECT_EQ(count(store->connection(), "SELECT COUNT(*) FROM chats"), 0);
}

TEST_F(LegacyImportTest, APlayerWhoseDefaultNicknameIsTakenIsSkipped) {
  auto store = sqlite_store();
  store::ChangeSet changes;
  auto squatter = game::new_player(200, 1710000000, balance());
  squatter.nickname = "пацанчик_104";
  changes.players.push_back(squatter);
  store->write(changes);
  auto r = app::import_legacy(original_, store->connection(), balance());
  EXPECT_TRUE(contains(reason_of(r.skipped, "users", "user_id=104"), "held by player 200"))
      << reason_of(r.skipped, "users", "user_id=104");
  EXPECT_FALSE(store->find_player(104));
  EXPECT_EQ(r.users.imported, 8);
}

// PostgreSQL: each test works in a schema of its own (ctest runs tests in parallel on one
// database), selected through the URL's search_path.
class LegacyImportPgTest : public LegacyImportTest {
 protected:
  void SetUp() override {
    LegacyImportTest::SetUp();
    const char* url = std::getenv("GOFROBOT_TEST_PG_URL");
    if (!url || !*url) {
      if (std::getenv("CI")) FAIL() << "GOFROBOT_TEST_PG_URL is not set; CI must start a server";
      GTEST_SKIP() << "GOFROBOT_TEST_PG_URL is not set";
    }
    url_ = url;
    schema_ = "legacy_import_" + std::to_string(::getpid());
    admin_ = store::postgres::PgConnection::open(url_);
    admin_->execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " +
                           schema_);
  }
  void TearDown() override {
    if (admin_) admin_->execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    LegacyImportTest::TearDown();
  }

  std::unique_ptr<SqlStore> pg_store() {
    std::string url = url_ + (url_.find('?') == std::string::npos ? "?" : "&") +
                      "options=-csearch_path%3D" + schema_;
    auto connection = store::postgres::PgConnection::open(url);
    store::sql::migrate(*connection, balance());
    return std::make_unique<SqlStore>(std::move(connection), balance());
  }

  std::string url_;
  std::string schema_;
  std::unique_ptr<store::postgres::PgConnection> admin_;
};

TEST_F(LegacyImportPgTest, ImportsIntoPostgresOnce) {
  const auto original_bytes = slurp(original_);
  auto store = pg_store();
  seed_target(*store);
  check_first_import(app::import_legacy(original_, store->connection(), balance()), *store);
  check_second_import(app::import_legacy(original_, store->connection(), balance()), *store);
  EXPECT_EQ(slurp(original_), original_bytes);
}

}  // namespace

// Schema migrations (store/sql/migrations.hpp) on both engines: an empty database, a
// second run, an original Python bot database (GAME.md §12.1, Appendix A decision 10) and
// a database newer than this build.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "game/nickname.hpp"
#include "store_fixture.hpp"
#include "support/original_schema.hpp"

namespace {

using game::Player;
using game::TopKey;
using game::UserId;
using store::sql::Connection;
using store::sql::Value;
using store_test::kNow;

class MigrationTest : public store_test::EngineTest {
 protected:
  std::int64_t count(Connection& db, const std::string& table) {
    return db.query("SELECT COUNT(*) FROM " + table).front().integer(0);
  }
  std::set<std::string> indexes(Connection& db) {
    std::set<std::string> names;
    for (const auto& row :
         db.query(postgres() ? "SELECT indexname FROM pg_indexes WHERE schemaname = "
                               "current_schema()"
                             : "SELECT name FROM sqlite_master WHERE type = 'index'")) {
      names.insert(row.text(0));
    }
    return names;
  }
};

TEST_P(MigrationTest, AnEmptyDatabaseReachesTheLatestVersion) {
  auto db = connect();
  EXPECT_EQ(store::sql::schema_version(*db), 0);
  const auto report = store::sql::migrate(*db, balance_);
  EXPECT_EQ(report.from, 0);
  EXPECT_EQ(report.to, store::sql::latest_schema_version());
  EXPECT_EQ(store::sql::schema_version(*db), store::sql::latest_schema_version());
  EXPECT_GE(store::sql::latest_schema_version(), 2);
  EXPECT_EQ(count(*db, "schema_version"), store::sql::latest_schema_version());

  // The schema serves the store.
  store::sql::SqlStore store(std::move(db), balance_);
  store.write(store_test::players_change({store_test::player(1)}));
  EXPECT_EQ(store.find_player(1)->version, 1);
}

TEST_P(MigrationTest, MigratingTwiceIsANoOp) {
  auto db = connect();
  store::sql::migrate(*db, balance_);
  store::sql::SqlStore store(std::move(db), balance_);
  Player p = store_test::player(7);
  p.nickname = "Вася";
  store.write(store_test::players_change({p}));

  // Another process starting later migrates the same database.
  auto second = connect();
  const auto report = store::sql::migrate(*second, balance_);
  EXPECT_EQ(report.from, store::sql::latest_schema_version());
  EXPECT_EQ(report.to, store::sql::latest_schema_version());
  EXPECT_EQ(count(*second, "schema_version"), store::sql::latest_schema_version());
  p.version = 1;
  EXPECT_EQ(*store.find_player(7), p);
  EXPECT_EQ(count(*second, "users"), 1);
}

TEST_P(MigrationTest, ANewerDatabaseIsRefusedAndNotTouched) {
  auto db = connect();
  store::sql::migrate(*db, balance_);
  // A later build migrated it to version 999 and added a table.
  db->execute_script("INSERT INTO schema_version(version) VALUES (999)");
  db->execute_script("CREATE TABLE future_things (id BIGINT PRIMARY KEY)");
  db->execute_script("INSERT INTO future_things(id) VALUES (1)");
  const auto rows_before = count(*db, "schema_version");

  // Running on a schema we do not know could corrupt it: refused, with a reason.
  try {
    store::sql::migrate(*db, balance_);
    ADD_FAILURE() << "a newer schema was accepted";
  } catch (const store::sql::DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
  EXPECT_EQ(store::sql::schema_version(*db), 999);  // not downgraded
  EXPECT_EQ(count(*db, "schema_version"), rows_before);
  EXPECT_EQ(count(*db, "future_things"), 1);
}

// The original bot's rows: NULLs, empty nicknames, nicknames equal but for case, a custom
// nickname that is another id's default, fights, chats, chat stats and the chat_top cache.
void fill_legacy(Connection& db) {
  const char* insert_user =
      "INSERT INTO users(user_id, nickname, gofra_mm, cable_mm, gofra, cable_power, zmiy_grams, "
      "last_update, last_davka, atm_count, max_atm, experience, total_davki, total_zmiy_grams, "
      "nickname_changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  const Value null = nullptr;
  auto user = [&](std::int64_t id, Value nickname, Value nickname_changed) {
    db.execute(insert_user, std::vector<Value>{id, nickname, 10.0, 10.0, std::int64_t{1},
                                                std::int64_t{1}, 0.0, kNow - 86400 * 3,
                                                std::int64_t{0}, std::int64_t{12},
                                                std::int64_t{12}, std::int64_t{0},
                                                std::int64_t{0}, 0.0, nickname_changed});
  };
  const Value yes = std::int64_t{1};
  const Value no = std::int64_t{0};
  // A full row.
  db.execute(insert_user,
             std::vector<Value>{std::int64_t{1}, std::string("Вася"), 123.456, 55.5,
                                std::int64_t{12}, std::int64_t{11}, 78.0, kNow - 100,
                                kNow - 200, std::int64_t{3}, std::int64_t{12}, std::int64_t{40},
                                std::int64_t{5}, 1234.5, yes});
  // Every column but the id NULL.
  db.execute(insert_user, std::vector<Value>{std::int64_t{2}, null, null, null, null, null, null,
                                              null, null, null, null, null, null, null, null});
  // An empty nickname, and atmospheres spent three hours ago.
  db.execute(insert_user,
             std::vector<Value>{std::int64_t{3}, std::string(""), 10.0, 10.0, std::int64_t{1},
                                std::int64_t{1}, 0.0, kNow - 3 * 3600, kNow - 3 * 3600,
                                std::int64_t{0}, std::int64_t{12}, std::int64_t{8},
                                std::int64_t{1}, 30.0, no});
  user(4, std::string("вася"), yes);            // 1's nickname but for case
  user(5, std::string("Пацанчик_77"), yes);     // 77's default
  user(77, null, null);                         // uses its default
  user(12, std::string("GOFRA"), yes);
  user(20, std::string("Gofra"), yes);          // 12's, but for case
  user(30, std::string("Пацанчик_30"), no);     // its own default
  user(40, std::string("пацанчик_12"), yes);    // 12's default, folded
  user(60, std::string("Пацанчик_1234"), yes);  // the default of an id not playing yet
  user(50, std::string("Ёжик"), yes);
  user(51, std::string("ёЖИК"), yes);           // Ё folds too
  user(6'000'000'000, std::string("Big"), no);  // beyond 32 bits

  const char* insert_fight =
      "INSERT INTO rademka_fights(winner_id, loser_id, money_taken, created_at) VALUES (?, ?, 0, ?)";
  const std::vector<std::pair<std::int64_t, std::int64_t>> fights = {
      {1, 4}, {1, 4}, {4, 1}, {12, 20}, {1, 999}};
  std::int64_t at = kNow - 5000;
  for (const auto& [winner, loser] : fights) {
    db.execute(insert_fight, std::vector<Value>{winner, loser, at});
    at += 1000;
  }

  db.execute("INSERT INTO chats(chat_id, chat_title, chat_type, is_active, created_at, "
             "last_activity) VALUES (?, ?, ?, ?, ?, ?)",
             std::vector<Value>{std::int64_t{-100}, std::string("Чат"),
                                std::string("supergroup"), yes, kNow - 1000, kNow - 10});
  db.execute("INSERT INTO chats(chat_id, chat_title, chat_type, is_active, created_at, "
             "last_activity) VALUES (?, ?, ?, ?, ?, ?)",
             std::vector<Value>{std::int64_t{-200}, null, null, null, null, null});
  const char* insert_stats =
      "INSERT INTO chat_stats(chat_id, user_id, total_zmiy_grams, total_davki, last_davka_at) "
      "VALUES (?, ?, ?, ?, ?)";
  db.execute(insert_stats, std::vector<Value>{std::int64_t{-100}, std::int64_t{1}, 500.0,
                                               std::int64_t{5}, kNow - 10});
  db.execute(insert_stats, std::vector<Value>{std::int64_t{-100}, std::int64_t{4}, 700.0,
                                               std::int64_t{7}, kNow - 20});
  db.execute(insert_stats, std::vector<Value>{std::int64_t{-100}, std::int64_t{999}, 100.0,
                                               std::int64_t{1}, kNow - 30});
  db.execute(insert_stats, std::vector<Value>{std::int64_t{-300}, std::int64_t{1}, 50.0,
                                               std::int64_t{1}, kNow});  // no chats row
  db.execute("INSERT INTO chat_top(chat_id, user_id, total_zmiy_grams, rank, last_updated) "
             "VALUES (-100, 4, 0, 1, 0), (-100, 1, 0, 2, 0)");
}

// A version-1 database: the exact DDL of migration 1, filled as the original bot left it.
std::unique_ptr<Connection> legacy_database(store_test::TestDatabase& database) {
  auto db = database.connect();
  const auto& v1 = store::sql::migrations().front();
  EXPECT_EQ(v1.version, 1);
  db->execute_script(db->dialect() == store::sql::Dialect::kSqlite ? v1.sqlite : v1.postgres);
  // The original ran with foreign_keys off: chat_stats rows without a chats row exist.
  if (db->dialect() == store::sql::Dialect::kSqlite) db->execute_script("PRAGMA foreign_keys=OFF");
  fill_legacy(*db);
  if (db->dialect() == store::sql::Dialect::kSqlite) db->execute_script("PRAGMA foreign_keys=ON");
  return db;
}

TEST_P(MigrationTest, AnOriginalDatabaseMigratesWithoutLosingRows) {
  auto legacy = legacy_database(database());
  EXPECT_EQ(store::sql::schema_version(*legacy), 1);
  std::map<std::string, std::int64_t> rows_before;
  for (const char* table : {"users", "rademka_fights", "chats", "chat_stats", "chat_top"}) {
    rows_before[table] = count(*legacy, table);
  }
  legacy.reset();

  auto db = connect();
  const auto report = store::sql::migrate(*db, balance_);
  EXPECT_EQ(report.from, 1);
  EXPECT_EQ(report.to, store::sql::latest_schema_version());
  for (const auto& [table, rows] : rows_before) EXPECT_EQ(count(*db, table), rows) << table;
  // The original indexes that later ones cover are gone, the covering ones are there.
  const auto names = indexes(*db);
  for (const char* gone : {"idx_win", "idx_lose", "idx_chat_stats", "idx_gofra", "idx_zmiy"}) {
    EXPECT_FALSE(names.contains(gone)) << gone;
  }
  for (const char* kept : {"idx_fights_winner_time", "idx_fights_loser_time",
                           "idx_chat_stats_rank", "idx_users_gofra_mm", "idx_users_zmiy_grams"}) {
    EXPECT_TRUE(names.contains(kept)) << kept;
  }
  // Folded nicknames are set and unique.
  EXPECT_EQ(db->query("SELECT COUNT(DISTINCT nickname_folded) FROM users").front().integer(0),
            rows_before["users"]);
  store::sql::SqlStore store(std::move(db), balance_);

  // Every user reads back; NULLs became a new player's defaults.
  const std::map<UserId, std::string> nicknames = {
      {1, "Вася"},          {2, "Пацанчик_2"},   {3, "Пацанчик_3"},   {4, "Пацанчик_4"},
      {5, "Пацанчик_5"},    {77, "Пацанчик_77"}, {12, "GOFRA"},       {20, "Пацанчик_20"},
      {30, "Пацанчик_30"},  {40, "Пацанчик_40"}, {50, "Ёжик"},        {51, "Пацанчик_51"},
      {60, "Пацанчик_60"},  {6'000'000'000, "Big"}};
  const std::set<UserId> reset = {4, 5, 20, 40, 51, 60};
  for (const auto& [id, nickname] : nicknames) {
    SCOPED_TRACE(id);
    auto p = store.find_player(id);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->nickname, nickname);
    EXPECT_EQ(p->version, 1);
    EXPECT_EQ(store.nickname_owner(game::fold_nickname(nickname)), id);
    if (reset.contains(id)) {
      EXPECT_FALSE(p->nickname_changed);
    }
  }
  EXPECT_EQ(store.player_count(), static_cast<std::int64_t>(nicknames.size()));
  EXPECT_TRUE(store.find_player(1)->nickname_changed);  // kept its nickname and the flag
  EXPECT_FALSE(store.find_player(77)->nickname_changed);

  Player full = *store.find_player(1);
  EXPECT_EQ(full.gofra_mm, 123.456);
  EXPECT_EQ(full.cable_mm, 55.5);
  EXPECT_EQ(full.zmiy_grams, 78);
  EXPECT_EQ(full.total_zmiy_grams, 1234.5);
  EXPECT_EQ(full.total_davki, 5);
  EXPECT_EQ(full.atm_count, 3);
  EXPECT_EQ(full.last_update, kNow - 100);
  EXPECT_EQ(full.last_davka, kNow - 200);
  EXPECT_EQ(full.experience, 40);

  Player nulls = *store.find_player(2);
  Player defaults;
  defaults.user_id = 2;
  defaults.nickname = "Пацанчик_2";
  defaults.last_update = 0;
  defaults.version = 1;
  EXPECT_EQ(nulls, defaults);  // 10 mm, 10 mm, 12 atm, zeros, not changed

  // PvP counters equal the fight log.
  const std::map<UserId, std::pair<std::int64_t, std::int64_t>> pvp = {
      {1, {3, 1}}, {4, {1, 2}}, {12, {1, 0}}, {20, {0, 1}}, {2, {0, 0}}};
  for (const auto& [id, wins_losses] : pvp) {
    auto stats = store.fight_stats(id);
    EXPECT_EQ(stats.wins, wins_losses.first) << id;
    EXPECT_EQ(stats.losses, wins_losses.second) << id;
    EXPECT_EQ(stats.total, wins_losses.first + wins_losses.second) << id;
  }
  EXPECT_EQ(store.fights_since(1, 0), 4);
  auto top = store.fight_top(10);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].player.user_id, 1);
  EXPECT_EQ(top[1].player.user_id, 12);  // 1-0 beats 4's 1-2
  EXPECT_EQ(top[2].player.user_id, 4);

  // Regenerated atmospheres rank from the migrated anchor: 3 had 0 three hours ago (1 now),
  // 1 has 3; everybody else is full.
  auto atm = store_test::ids_of(store.top_players(TopKey::kAtm, 100, kNow, balance_));
  ASSERT_EQ(atm.size(), nicknames.size());
  EXPECT_EQ(atm[atm.size() - 2], 1);
  EXPECT_EQ(atm.back(), 3);
  EXPECT_EQ(store.player_rank(3, TopKey::kAtm, kNow, balance_),
            static_cast<std::int64_t>(nicknames.size()));

  // Chats and chat stats.
  auto chat = store.find_chat(-100);
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->title, "Чат");
  EXPECT_EQ(chat->created_at, kNow - 1000);
  auto bare = store.find_chat(-200);
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->title, "");
  EXPECT_EQ(bare->type, "group");
  EXPECT_TRUE(bare->is_active);
  auto ranking = store.chat_ranking(-100, 0, 10);
  ASSERT_EQ(ranking.size(), 3u);
  EXPECT_EQ(ranking[0].stats.user_id, 4);
  EXPECT_EQ(ranking[0].nickname, "Пацанчик_4");
  EXPECT_EQ(ranking[1].nickname, "Вася");
  EXPECT_EQ(ranking[2].nickname, "Пацанчик_999");  // no users row
  EXPECT_EQ(store.chat_member(-300, 1)->total_zmiy_grams, 50);

  // The migrated database takes writes.
  Player next = *store.find_player(1);
  next.gofra_mm = 200;
  store.write(store_test::players_change({next}));
  EXPECT_EQ(store.find_player(1)->version, 2);
  Player thief = *store.find_player(4);
  thief.nickname = "ВАСЯ";
  EXPECT_THROW(store.write(store_test::players_change({thief})), store::NicknameTaken);
  thief.nickname = "Петя";
  store.write(store_test::players_change({thief}));
  // Player 1234 arrives: its default nickname is free.
  store.write(store_test::players_change({store_test::player(1234)}));
  EXPECT_EQ(store.nickname_owner(game::fold_nickname("Пацанчик_1234")), 1234);
  store::ChangeSet fight;
  fight.fights = {{4, 12, kNow}};
  store.write(fight);
  EXPECT_EQ(store.fight_stats(4).wins, 2);

  // And migrating it again changes nothing.
  auto again = connect();
  const auto second = store::sql::migrate(*again, balance_);
  EXPECT_EQ(second.from, store::sql::latest_schema_version());
  EXPECT_EQ(second.to, store::sql::latest_schema_version());
  EXPECT_EQ(store.find_player(1)->version, 2);
  EXPECT_EQ(store.find_player(4)->nickname, "Петя");
}

// Version 4 moved the outbox into processed_updates: replies pending at the upgrade are
// still pending after it, in update order, and every processed id is still known.
TEST_P(MigrationTest, PendingRepliesSurviveTheOutboxMerge) {
  auto db = connect();
  for (const auto& m : store::sql::migrations()) {  // version 3, as a release before wrote it
    if (m.version > 3) break;
    db->execute_script(postgres() ? m.postgres : m.sqlite);
    if (m.data) m.data(*db, balance_);
    db->execute_script("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
    db->execute("INSERT INTO schema_version(version) VALUES (?)",
                std::vector<Value>{std::int64_t{m.version}});
  }
  ASSERT_EQ(store::sql::schema_version(*db), 3);
  for (std::int64_t id : std::vector<std::int64_t>{7, 5, 6, 9'000'000'001}) {
    db->execute("INSERT INTO processed_updates(update_id, processed_at) VALUES (?, ?)",
                std::vector<Value>{id, kNow});
  }
  // 5 and 7 were sent; 3's processed id was pruned, its reply never sent (version 3 pruned
  // processed ids only).
  for (std::int64_t id : std::vector<std::int64_t>{6, 9'000'000'001, 3}) {
    db->execute("INSERT INTO outbox(update_id, payload, created_at) VALUES (?, ?, ?)",
                std::vector<Value>{id, "reply " + std::to_string(id), kNow});
  }

  const auto report = store::sql::migrate(*db, balance_);
  EXPECT_EQ(report.from, 3);
  EXPECT_EQ(report.to, store::sql::latest_schema_version());
  store::sql::SqlStore store(std::move(db), balance_);
  for (std::int64_t id : {5, 6, 7}) EXPECT_TRUE(store.update_processed(id)) << id;
  EXPECT_TRUE(store.update_processed(9'000'000'001));
  EXPECT_FALSE(store.update_processed(8));
  auto pending = store.pending_outbox(10);
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_EQ(pending[0].update_id, 3);
  EXPECT_EQ(pending[0].payload, "reply 3");
  EXPECT_TRUE(store.update_processed(3));
  EXPECT_EQ(pending[1].update_id, 6);
  EXPECT_EQ(pending[1].payload, "reply 6");
  EXPECT_EQ(pending[2].update_id, 9'000'000'001);
  EXPECT_EQ(pending[2].payload, "reply 9000000001");
  // The migrated rows prune by their time like any other.
  EXPECT_EQ(store.prune_processed_updates(kNow + 1), 5);
  EXPECT_TRUE(store.pending_outbox(10).empty());
}

GOFROBOT_INSTANTIATE_ENGINES(MigrationTest);

// --- SQLite only ---------------------------------------------------------------------------


// Tables with their columns (name, type, NOT NULL, default, pk), indexes with their
// columns and sort order, and foreign keys: everything PRAGMA reports of a schema.
std::vector<std::string> describe_schema(Connection& db) {
  std::vector<std::string> lines;
  for (const auto& t : db.query("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT "
                                "LIKE 'sqlite_%' ORDER BY type, name")) {
    const auto type = t.text(0);
    const auto name = t.text(1);
    lines.push_back(type + " " + name + " on " + t.text(2));
    if (type == "table") {
      for (const auto& c : db.query("PRAGMA table_info(" + name + ")")) {
        lines.push_back("  column " + c.text(1) + " " + c.text(2) + " notnull=" + c.text(3) +
                        " default=" + c.text(4, "NULL") + " pk=" + c.text(5));
      }
      for (const auto& f : db.query("PRAGMA foreign_key_list(" + name + ")")) {
        lines.push_back("  foreign key " + f.text(3) + " -> " + f.text(2) + "(" + f.text(4) + ")");
      }
      for (const auto& i : db.query("PRAGMA index_list(" + name + ")")) {
        lines.push_back("  index " + i.text(1) + " unique=" + i.text(2) + " origin=" + i.text(3));
        for (const auto& k : db.query("PRAGMA index_xinfo(" + i.text(1) + ")")) {
          if (k.integer(5) == 0) continue;  // not a key column (the rowid)
          lines.push_back("    " + k.text(2, "<expr>") + (k.integer(3) ? " DESC" : " ASC"));
        }
      }
    }
  }
  return lines;
}

TEST(MigrationSqlite, MigrationOneIsTheOriginalSchema) {
  store_test::TestDatabase original(store_test::Engine::kSqlite);
  store_test::TestDatabase ours(store_test::Engine::kSqlite);
  auto a = original.connect();
  a->execute_script(testing_support::kOriginalSchema);
  auto b = ours.connect();
  b->execute_script(store::sql::migrations().front().sqlite);
  const auto want = describe_schema(*a);
  EXPECT_GT(want.size(), 40u);
  EXPECT_EQ(describe_schema(*b), want);
  // And our migrations take such a database as version 1.
  EXPECT_EQ(store::sql::schema_version(*a), 1);
  EXPECT_EQ(store::sql::migrate(*a, game::Balance{}).to, store::sql::latest_schema_version());
}

}  // namespace

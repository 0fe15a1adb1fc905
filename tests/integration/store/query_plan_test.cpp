// Every leaderboard, per-chat and per-player query SqlStore runs is served by an index, on
// both engines. The statements are the store's own texts (store/sql/queries.hpp).
//
// SQLite: EXPLAIN QUERY PLAN must not show a full scan of a table ("SCAN t" without
// "USING [COVERING] INDEX") nor a sort of the result ("USE TEMP B-TREE FOR ORDER BY").
// The fight top is the one exception for sorting: its index (pvp_wins DESC, user_id) gives
// the first ORDER BY term, and the win rate, a computed second term, is sorted within runs
// of equal wins ("USE TEMP B-TREE FOR RIGHT PART OF ORDER BY"). A query ordered by the
// INTEGER PRIMARY KEY walks the table b-tree itself, which SQLite reports as a plain
// "SCAN t": allowed, per query, where that order is the one asked for and LIMIT bounds it
// (the atm top's full players by user id).
//
// PostgreSQL: with enable_seqscan = off the planner still picks a sequential scan when no
// index can serve the query, so the plan must mention an index and no "Seq Scan" (after a
// few hundred rows and ANALYZE). It also walks an index in full when that gives the ORDER
// BY, filtering as it goes, which this check accepts: the SQLite check is the strict one.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql/queries.hpp"
#include "store_fixture.hpp"

namespace {

namespace q = store::sql::queries;
using game::TopKey;
using store::ChangeSet;
using store::sql::Value;
using store_test::kNow;
using store_test::player;

struct Query {
  std::string name;
  std::string_view sql;
  std::vector<Value> params;
  bool right_part_sort_allowed = false;  // SQLite only: see the file comment
  std::string rowid_scan_allowed = {};    // SQLite only: see kFullByUserId below
};

std::vector<Query> store_queries() {
  const Value id = std::int64_t{150};
  const Value chat = std::int64_t{-1002};
  const Value now = kNow;
  const Value limit = std::int64_t{10};
  std::vector<Query> all;
  // The tops the bot shows. kTotalDavki, kTotalZmiy and kExperience have no index since
  // schema version 3 (no screen shows them; every index slows every player update), so
  // the store answers them by a scan.
  const std::pair<TopKey, Value> keys[] = {
      {TopKey::kGofra, 1234.5},
      {TopKey::kCable, 55.5},
      {TopKey::kZmiy, 400.0},
  };
  // kAtm is not ranked by its stored column: see the atm queries below.
  for (const auto& [key, value] : keys) {
    const auto& k = q::queries_for(key);
    const std::string name(game::top_key_name(key));
    all.push_back({"top " + name, k.top, {limit}});
    all.push_back({"rank " + name, k.ahead, {value, limit, value, id, limit}});
  }
  all.push_back({"find_player", q::kFindPlayer, {id}});
  all.push_back({"nickname_owner", q::kNicknameOwner, {std::string("вася")}});
  // SQLite walks the users table itself, which is its INTEGER PRIMARY KEY b-tree, in
  // user_id order (reported as a plain "SCAN users", and no sort), filters atm_full_at and
  // stops at the LIMIT: it reads the limit plus the not-full players with smaller ids, and
  // those the "not full" query reads anyway. PostgreSQL does the same through users_pkey.
  all.push_back({"atm top: full, by user id", q::kFullByUserId, {now, limit}, false,
                 "SCAN users"});
  all.push_back({"atm top: not full", q::kNotFull, {now}});
  all.push_back({"players_near above", q::kNearAbove, {500.0, id, std::int64_t{50}}});
  all.push_back({"players_near below", q::kNearBelow, {500.0, id, std::int64_t{50}}});
  all.push_back({"fights_since", q::kFightsSince, {id, Value{kNow - 3600}, id, Value{kNow - 3600}}});
  all.push_back({"fight_stats", q::kFightStats, {id}});
  all.push_back({"fight_top", q::kFightTop, {limit}, true});
  all.push_back({"find_chat", q::kFindChat, {chat}});
  all.push_back({"chat_member", q::kChatMember, {chat, id}});
  all.push_back({"chat_ranking", q::kChatRanking, {chat, limit, std::int64_t{20}}});
  all.push_back({"chat_rank", q::kChatRank, {chat, 300.0, chat, 300.0, id}});
  all.push_back({"chat_aggregate", q::kChatAggregate, {Value{kNow - 604800}, chat}});
  all.push_back({"player_count", q::kPlayerCount, {}});
  all.push_back({"update_processed", q::kUpdateProcessed, {std::int64_t{77}}});
  all.push_back({"pending_outbox", q::kPendingOutbox, {limit}});
  all.push_back({"prune_processed_updates", q::kPruneProcessed, {Value{kNow - 86400}}});
  all.push_back({"remove_outbox", q::kRemoveOutbox, {std::int64_t{77}}});
  all.push_back({"update player", q::kUpdatePlayer,
                 {std::string("x"), std::string("x"), 1.0, 1.0, std::int64_t{0}, std::int64_t{0},
                  0.0, 0.0, std::int64_t{0}, std::int64_t{0}, std::int64_t{12}, now, now,
                  std::int64_t{0}, std::int64_t{0}, now, id, std::int64_t{1}}});
  all.push_back({"update player, nickname kept", q::kUpdatePlayerKeepNickname,
                 {1.0, 1.0, std::int64_t{0}, std::int64_t{0}, 0.0, 0.0, std::int64_t{0},
                  std::int64_t{0}, std::int64_t{12}, now, now, std::int64_t{0}, std::int64_t{0},
                  now, id, std::int64_t{1}}});
  all.push_back({"count win", q::kCountWin, {id}});
  all.push_back({"count loss", q::kCountLoss, {id}});
  return all;
}

class QueryPlanTest : public store_test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    populate();
  }

  // A few hundred rows in every table the queries read.
  void populate() {
    std::mt19937_64 rng(11);
    ChangeSet changes;
    for (game::UserId id = 1; id <= 400; ++id) {
      auto p = player(id);
      p.gofra_mm = 10 + static_cast<double>(rng() % 100000) / 10;
      p.cable_mm = 10 + static_cast<double>(rng() % 1000) / 10;
      p.zmiy_grams = static_cast<double>(rng() % 900);
      p.total_zmiy_grams = static_cast<double>(rng() % 100000);
      p.total_davki = static_cast<std::int64_t>(rng() % 200);
      p.experience = static_cast<std::int64_t>(rng() % 5000);
      p.atm_count = static_cast<int>(rng() % 13);
      p.last_update = kNow - static_cast<game::UnixTime>(rng() % 200000);
      if (id % 50 == 0) p.nickname = "Ник" + std::to_string(id);
      changes.players.push_back(p);
    }
    for (int i = 0; i < 600; ++i) {
      auto winner = 1 + static_cast<game::UserId>(rng() % 400);
      auto loser = 1 + static_cast<game::UserId>(rng() % 400);
      changes.fights.push_back({winner, loser, kNow - static_cast<game::UnixTime>(rng() % 20000)});
    }
    for (game::ChatId chat = -1001; chat >= -1005; --chat) {
      changes.chats.push_back({chat, "Чат", "supergroup", true, kNow, kNow});
      for (game::UserId user = 1; user <= 300; user += 1 + static_cast<game::UserId>(rng() % 3)) {
        game::ChatMemberStats after{chat, user, static_cast<double>(rng() % 5000),
                                    1 + static_cast<std::int64_t>(rng() % 30),
                                    kNow - static_cast<game::UnixTime>(rng() % 2000000)};
        changes.chat_members.push_back({{chat, user, 0, 0, 0}, after});
      }
    }
    store().begin();
    store().apply(changes);
    for (std::int64_t update = 1; update <= 300; ++update) {
      ChangeSet processed;
      processed.update_id = update;
      if (update % 3 == 0) processed.reply = "reply";
      store().apply(processed);
    }
    store().commit();
  }

  std::vector<std::string> plan(const Query& query) {
    const std::string prefix = postgres() ? "EXPLAIN " : "EXPLAIN QUERY PLAN ";
    std::vector<std::string> lines;
    for (const auto& row : db().query(prefix + std::string(query.sql), query.params)) {
      lines.push_back(row.text(postgres() ? 0 : 3));
    }
    return lines;
  }

  // What is wrong with the plan of `query`; empty when it is served by indexes.
  std::vector<std::string> problems(const Query& query, const std::vector<std::string>& lines) {
    std::vector<std::string> found;
    if (lines.empty()) found.push_back("no plan");
    if (postgres()) {
      bool index = false;
      for (const auto& line : lines) {
        if (line.find("Seq Scan") != std::string::npos) found.push_back("full scan: " + line);
        if (line.find("Index") != std::string::npos) index = true;
      }
      if (!index) found.push_back("no index in the plan");
      return found;
    }
    for (const auto& line : lines) {
      // "SCAN above"/"SCAN level": reading back the capped sub-select of a rank, whose
      // own SEARCH line is checked.
      const bool derived = line == "SCAN above" || line == "SCAN level";
      if (line.starts_with("SCAN ") && line != "SCAN CONSTANT ROW" && !derived &&
          line.find("USING INDEX") == std::string::npos &&
          line.find("USING COVERING INDEX") == std::string::npos &&
          line != query.rowid_scan_allowed) {
        found.push_back("full scan: " + line);
      }
      // A sort of the trailing ORDER BY terms only: "RIGHT PART OF ORDER BY" (SQLite 3.40),
      // "LAST n TERM(S) OF ORDER BY" in later releases.
      const bool right_part = line == "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY" ||
                              (line.starts_with("USE TEMP B-TREE FOR LAST ") &&
                               line.ends_with(" OF ORDER BY"));
      if (line.starts_with("USE TEMP B-TREE") && !(query.right_part_sort_allowed && right_part)) {
        found.push_back("sort: " + line);
      }
    }
    return found;
  }

  // Statistics for this test's tables only. A bare ANALYZE on PostgreSQL visits every
  // schema of the database, and the tests running in parallel drop theirs at any moment
  // ("relation with OID … does not exist").
  void analyze() {
    db().execute_script(postgres() ? "ANALYZE users, rademka_fights, chats, chat_stats, "
                                     "processed_updates"
                                   : "ANALYZE");
  }

  void check_all(std::string_view when) {
    for (const auto& query : store_queries()) {
      const auto lines = plan(query);
      std::string text;
      for (const auto& line : lines) text += "\n  " + line;
      EXPECT_EQ(problems(query, lines), std::vector<std::string>{})
          << when << ", " << query.name << ":" << text;
    }
  }
};

TEST_P(QueryPlanTest, EveryQueryUsesAnIndex) {
  if (postgres()) {
    analyze();
    db().execute_script("SET enable_seqscan = off");
    check_all("analyzed");
  } else {
    // The bot never ANALYZEs its database: check the plans without statistics first, then
    // with them.
    check_all("no statistics");
    analyze();
    check_all("analyzed");
  }
}

// The check itself reports a query no index serves: a filter on an unindexed column, and
// an order no index gives.
TEST_P(QueryPlanTest, AQueryWithoutAnIndexIsReported) {
  if (postgres()) {
    analyze();
    db().execute_script("SET enable_seqscan = off");
  }
  const Query by_nickname{"by nickname", "SELECT user_id FROM users WHERE nickname = ?",
                          {std::string("x")}};
  const Query by_last_davka{"by last davka",
                            "SELECT user_id FROM users ORDER BY last_davka DESC LIMIT ?",
                            {std::int64_t{10}}};
  EXPECT_FALSE(problems(by_nickname, plan(by_nickname)).empty());
  const auto sorted = problems(by_last_davka, plan(by_last_davka));
  EXPECT_FALSE(sorted.empty());
  if (!postgres()) {
    EXPECT_NE(std::find(sorted.begin(), sorted.end(), "sort: USE TEMP B-TREE FOR ORDER BY"),
              sorted.end());
  }
}

GOFROBOT_INSTANTIATE_ENGINES(QueryPlanTest);

}  // namespace

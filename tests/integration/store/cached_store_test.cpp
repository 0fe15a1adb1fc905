// CachedStore over a real SqlStore (SQLite and PostgreSQL): reads are counted with
// Connection::statements_executed, and "another process" is a second SqlStore on a second
// connection to the same database.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace {

using game::Player;
using store::ChangeSet;
using store_test::player;
using store_test::players_change;
using store_test::save;

class CachedStoreTest : public store_test::StoreTest {
 protected:
  // Statements the cached store's database connection ran so far.
  std::int64_t reads() { return db().statements_executed(); }
};

// The chats, registered as the bot does before their members' stats (a foreign key).
void register_chats(store::Store& s, const std::vector<game::ChatId>& chats) {
  ChangeSet changes;
  for (auto chat : chats) {
    changes.chats.push_back({chat, "Чат", "supergroup", true, store_test::kNow, store_test::kNow});
  }
  s.write(changes);
}

ChangeSet update(std::int64_t id) {
  ChangeSet changes;
  changes.update_id = id;
  return changes;
}

TEST_P(CachedStoreTest, AWarmPlayerCostsNoDatabaseRead) {
  const Player stored = save(store(), player(1));
  auto& cache = cached(10);

  auto before = reads();
  auto first = cache.find_player(1);
  EXPECT_EQ(reads() - before, 1);  // a miss reads once
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, stored);

  before = reads();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(cache.find_player(1), first);
  EXPECT_EQ(reads(), before);
  EXPECT_EQ(cache.counters().hits, 5);
  EXPECT_EQ(cache.counters().misses, 1);

  // An unknown player is not cached: every lookup asks.
  before = reads();
  EXPECT_FALSE(cache.find_player(2));
  EXPECT_FALSE(cache.find_player(2));
  EXPECT_EQ(reads() - before, 2);
  EXPECT_EQ(cache.size(), 1u);
}

TEST_P(CachedStoreTest, EvictsTheLeastRecentlyUsedAtCapacity) {
  for (game::UserId id = 1; id <= 4; ++id) save(store(), player(id));
  auto& cache = cached(3);
  cache.find_player(1);
  cache.find_player(2);
  cache.find_player(3);
  cache.find_player(1);  // 2 is now the least recently used
  auto before = reads();
  cache.find_player(4);
  EXPECT_EQ(reads() - before, 1);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.counters().evictions, 1);

  before = reads();
  EXPECT_TRUE(cache.find_player(1));
  EXPECT_TRUE(cache.find_player(3));
  EXPECT_TRUE(cache.find_player(4));
  EXPECT_EQ(reads(), before);  // still warm
  EXPECT_TRUE(cache.find_player(2));
  EXPECT_EQ(reads() - before, 1);  // was evicted
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.counters().evictions, 2);
  // 1 was the least recently used when 2 came back.
  before = reads();
  cache.find_player(1);
  EXPECT_EQ(reads() - before, 1);
}

TEST_P(CachedStoreTest, ApplyRefreshesTheCachedVersion) {
  save(store(), player(1));
  auto& cache = cached(10);
  Player p = *cache.find_player(1);
  p.gofra_mm = 20;
  p.nickname = "Кэш";
  cache.write(players_change({p, player(2)}));

  auto before = reads();
  auto got = cache.find_player(1);
  auto created = cache.find_player(2);
  EXPECT_EQ(reads(), before);  // both cached by the write
  ASSERT_TRUE(got);
  ASSERT_TRUE(created);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->gofra_mm, 20);
  EXPECT_EQ(got->nickname, "Кэш");
  EXPECT_EQ(created->version, 1);
  // The cache agrees with the database.
  EXPECT_EQ(*store().find_player(1), *got);
  EXPECT_EQ(*store().find_player(2), *created);

  // The next write based on the cached version succeeds.
  Player again = *got;
  again.gofra_mm = 30;
  cache.write(players_change({again}));
  EXPECT_EQ(cache.find_player(1)->version, 3);
  EXPECT_EQ(store().find_player(1)->version, 3);
}

TEST_P(CachedStoreTest, AVersionConflictEvictsSoTheNextReadReloads) {
  save(store(), player(1));
  save(store(), player(2));
  auto& cache = cached(10);
  Player mine = *cache.find_player(1);
  const Player bystander = *cache.find_player(2);

  // Another process changes player 1.
  auto& other = second_store();
  Player theirs = *other.find_player(1);
  theirs.gofra_mm = 99;
  other.write(players_change({theirs}));

  auto before = reads();
  EXPECT_EQ(cache.find_player(1)->version, 1);  // stale, and served from memory
  EXPECT_EQ(reads(), before);

  mine.gofra_mm = 11;
  Player bystander_changed = bystander;
  bystander_changed.gofra_mm = 12;
  cache.begin();
  try {
    cache.apply(players_change({bystander_changed, mine}));
    ADD_FAILURE() << "no conflict";
  } catch (const store::VersionConflict& e) {
    EXPECT_EQ(e.user_id, 1);
  }
  cache.commit();

  before = reads();
  auto reloaded = cache.find_player(1);
  EXPECT_EQ(reads() - before, 1);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->version, 2);
  EXPECT_EQ(reloaded->gofra_mm, 99);
  // The bystander was not written and its entry is unchanged.
  before = reads();
  EXPECT_EQ(*cache.find_player(2), bystander);
  EXPECT_EQ(reads(), before);
  EXPECT_EQ(*store().find_player(2), bystander);

  // The retry, based on the reloaded version, goes through.
  Player retry = *reloaded;
  retry.gofra_mm = 111;
  cache.write(players_change({retry}));
  EXPECT_EQ(other.find_player(1)->gofra_mm, 111);
  EXPECT_EQ(other.find_player(1)->version, 3);
}

TEST_P(CachedStoreTest, RollbackEvictsWhatTheBatchWrote) {
  const Player one = save(store(), player(1));
  const Player two = save(store(), player(2));
  auto& cache = cached(10);
  cache.find_player(1);
  cache.find_player(2);

  cache.begin();
  Player changed = one;
  changed.gofra_mm = 500;
  ChangeSet changes = players_change({changed, player(3)});
  changes.update_id = 7;
  cache.apply(changes);
  auto before = reads();
  EXPECT_EQ(cache.find_player(1)->gofra_mm, 500);  // the batch's own write, from memory
  EXPECT_TRUE(cache.find_player(3));
  EXPECT_TRUE(cache.update_processed(7));
  EXPECT_EQ(reads(), before);
  cache.rollback();

  before = reads();
  EXPECT_EQ(*cache.find_player(1), one);
  EXPECT_EQ(reads() - before, 1);
  before = reads();
  EXPECT_FALSE(cache.find_player(3));
  EXPECT_EQ(reads() - before, 1);
  before = reads();
  EXPECT_EQ(*cache.find_player(2), two);  // untouched by the batch: still warm
  EXPECT_EQ(reads(), before);
  EXPECT_FALSE(cache.update_processed(7));
}

TEST_P(CachedStoreTest, UpdateIdsAboveTheHighestCommittedCostNoRead) {
  auto& cache = cached(10);
  // Nothing known yet: the first question goes to the store.
  auto before = reads();
  EXPECT_FALSE(cache.update_processed(100));
  EXPECT_EQ(reads() - before, 1);

  cache.write(update(100));
  before = reads();
  EXPECT_FALSE(cache.update_processed(101));
  EXPECT_FALSE(cache.update_processed(5000));
  EXPECT_EQ(reads(), before);
  EXPECT_TRUE(cache.update_processed(100));  // not above: the store answers

  // Applied in the open batch: known without a read.
  cache.begin();
  cache.apply(update(200));
  before = reads();
  EXPECT_TRUE(cache.update_processed(200));
  EXPECT_FALSE(cache.update_processed(201));
  EXPECT_EQ(reads(), before);
  cache.commit();
  before = reads();
  EXPECT_FALSE(cache.update_processed(201));
  EXPECT_EQ(reads(), before);
  EXPECT_TRUE(cache.update_processed(200));
  EXPECT_FALSE(cache.update_processed(150));  // below, never processed: asks
  EXPECT_GE(reads() - before, 2);

  // A rolled-back id is not processed.
  cache.begin();
  cache.apply(update(300));
  cache.rollback();
  EXPECT_FALSE(cache.update_processed(300));
  cache.write(update(300));
  EXPECT_TRUE(cache.update_processed(300));

  // Another process took 400: the cache cannot know, but the store's key refuses it.
  second_store().write(update(400));
  EXPECT_THROW(cache.write(update(400)), store::AlreadyProcessed);
  EXPECT_TRUE(store().update_processed(400));
}

TEST_P(CachedStoreTest, ACachedStoreStartedAfterAnotherRunAsksTheStore) {
  store().write(update(10));
  auto& cache = cached(10);
  auto before = reads();
  EXPECT_TRUE(cache.update_processed(10));  // redelivered after a restart
  EXPECT_FALSE(cache.update_processed(11));
  EXPECT_EQ(reads() - before, 2);
  before = reads();
  EXPECT_FALSE(cache.update_processed(12));  // above the first unknown one: no read
  EXPECT_EQ(reads(), before);
}

TEST_P(CachedStoreTest, TopsPositionsAndTheCountCostNoQueryWhileFresh) {
  const game::Balance balance;
  for (game::UserId id = 1; id <= 30; ++id) {
    Player p = player(id);
    p.gofra_mm = static_cast<double>(id) * 10;
    save(store(), p);
  }
  auto& cache = cached(100, std::chrono::hours(1));
  for (auto key : {game::TopKey::kGofra, game::TopKey::kAtm}) {
    cache.top_players(key, 10, store_test::kNow, balance);  // reads the head once
  }
  cache.player_count();
  auto before = reads();
  EXPECT_EQ(store_test::ids_of(cache.top_players(game::TopKey::kGofra, 3, store_test::kNow,
                                                 balance)),
            (std::vector<game::UserId>{30, 29, 28}));
  EXPECT_EQ(cache.player_rank(25, game::TopKey::kGofra, store_test::kNow, balance), 6);
  EXPECT_EQ(cache.player_rank(7, game::TopKey::kAtm, store_test::kNow, balance), 7);
  EXPECT_EQ(cache.player_count(), 30);
  EXPECT_EQ(reads(), before);

  // This process's writes move the heads and the count at once, still without a query.
  Player riser = *cache.find_player(1);
  riser.gofra_mm = 1000;
  Player newcomer = player(31);
  newcomer.gofra_mm = 295;
  cache.write(players_change({riser, newcomer}));
  before = reads();
  EXPECT_EQ(cache.player_rank(1, game::TopKey::kGofra, store_test::kNow, balance), 1);
  EXPECT_EQ(cache.player_rank(31, game::TopKey::kGofra, store_test::kNow, balance), 3);
  EXPECT_EQ(cache.player_count(), 31);
  EXPECT_EQ(reads(), before);
  // The database agrees.
  EXPECT_EQ(store().player_rank(31, game::TopKey::kGofra, store_test::kNow, balance), 3);
}

TEST_P(CachedStoreTest, AnotherProcessesWritesShowOnceTheHeadsAreOld) {
  const game::Balance balance;
  for (game::UserId id = 1; id <= 5; ++id) save(store(), player(id));
  auto& other = second_store();
  Player theirs = *other.find_player(5);
  theirs.gofra_mm = 5000;

  auto& patient = cached(100, std::chrono::hours(1));
  EXPECT_EQ(patient.player_rank(5, game::TopKey::kGofra, store_test::kNow, balance), 5);
  other.write(players_change({theirs}));
  other.write(players_change({player(6)}));
  // Within the maximum age the heads and the count are this process's view.
  EXPECT_EQ(patient.player_rank(5, game::TopKey::kGofra, store_test::kNow, balance), 5);

  store::CachedStore eager(store(), 100, std::chrono::milliseconds(0));
  EXPECT_EQ(eager.player_rank(5, game::TopKey::kGofra, store_test::kNow, balance), 1);
  EXPECT_EQ(eager.player_count(), 6);
}

// Chat davkas as the unit of work writes them: the member's stats before and after, and the
// player (renamed now and then, or left out of the change set), some rolled back.
TEST_P(CachedStoreTest, ChatRankingsFollowTheWritesAndAgreeWithTheDatabase) {
  const game::Balance balance;
  constexpr game::UserId kPlayers = 40;
  for (game::UserId id = 1; id <= kPlayers; ++id) {
    Player p = player(id);
    if (id % 3 != 0) p.nickname = "Пацан" + std::to_string(id);  // others show the default
    save(store(), p);
  }
  // A small player cache: a member new to a board is often not cached.
  auto& cache = cached(8, std::chrono::hours(1));
  const std::vector<game::ChatId> chats = {-100, -200, -300};
  register_chats(store(), chats);
  std::mt19937_64 rng(5);

  auto agree = [&](game::ChatId chat, game::UnixTime now) {
    EXPECT_EQ(cache.chat_ranking(chat, 0, 100), store().chat_ranking(chat, 0, 100)) << chat;
    EXPECT_EQ(cache.chat_ranking(chat, 3, 4), store().chat_ranking(chat, 3, 4)) << chat;
    EXPECT_EQ(cache.chat_aggregate(chat, now, balance), store().chat_aggregate(chat, now, balance))
        << chat;
    for (game::UserId user : {game::UserId{1}, game::UserId{7}, game::UserId{kPlayers}}) {
      EXPECT_EQ(cache.chat_rank(chat, user), store().chat_rank(chat, user)) << chat;
      EXPECT_EQ(cache.chat_member(chat, user), store().chat_member(chat, user)) << chat;
    }
  };

  for (int step = 0; step < 300; ++step) {
    const auto chat = chats[rng() % chats.size()];
    const auto user = 1 + static_cast<game::UserId>(rng() % kPlayers);
    const game::UnixTime now = store_test::kNow + step;
    cache.begin();
    ChangeSet changes;
    const auto before = cache.chat_member(chat, user).value_or(game::ChatMemberStats{chat, user});
    auto after = before;
    game::record_chat_davka(after, 1 + static_cast<long>(rng() % 500), now);
    changes.chat_members.push_back({before, after});
    if (rng() % 4 != 0) {
      Player p = *cache.find_player(user);
      p.zmiy_grams += 1;
      if (rng() % 8 == 0) {
        p.nickname = "Ник" + std::to_string(step);
      } else {
        changes.nickname_unchanged.push_back(user);
      }
      changes.players.push_back(p);
    }
    cache.apply(changes);
    if (rng() % 8 == 0) {
      cache.rollback();
    } else {
      cache.commit();
    }
    agree(chat, now);
    if (HasFailure()) FAIL() << "after step " << step;
  }

  // Kept and fresh, the boards answer without a query.
  for (auto chat : chats) cache.chat_ranking(chat, 0, 10);
  const auto before = reads();
  for (auto chat : chats) {
    cache.chat_ranking(chat, 0, 10);
    cache.chat_rank(chat, 7);
    cache.chat_member(chat, 7);
    cache.chat_aggregate(chat, store_test::kNow, balance);
  }
  EXPECT_EQ(reads(), before);
}

// A member whose stats came before its player row (the original bot kept them apart) shows
// the default nickname; when the player is stored for the first time the kept board shows
// the name it was stored under, default or chosen.
TEST_P(CachedStoreTest, AMembersFirstStoredNicknameShowsOnAKeptBoard) {
  const game::ChatId chat = -7;
  register_chats(store(), {chat});
  ChangeSet stats_only;
  for (game::UserId user : {game::UserId{31}, game::UserId{32}}) {
    game::ChatMemberStats after{chat, user};
    after.total_zmiy_grams = static_cast<double>(user);
    stats_only.chat_members.push_back({game::ChatMemberStats{chat, user}, after});
  }
  store().write(stats_only);

  auto& cache = cached(10, std::chrono::hours(1));
  ASSERT_EQ(cache.chat_ranking(chat, 0, 5).size(), 2U);  // the board is kept from here on
  Player chosen = player(31);
  chosen.nickname = "Первый";
  Player by_default = player(32);
  by_default.nickname = game::default_nickname(32);
  cache.write(players_change({chosen}));
  cache.write(players_change({by_default}));

  const auto rows = cache.chat_ranking(chat, 0, 5);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].nickname, game::default_nickname(32));
  EXPECT_EQ(rows[1].nickname, "Первый");
  EXPECT_EQ(rows, store().chat_ranking(chat, 0, 5));
}

// Another process's chat davka shows once the board is older than the maximum age; this
// process's own show at once.
TEST_P(CachedStoreTest, AnotherProcessesChatWritesShowOnceTheBoardIsOld) {
  const game::Balance balance;
  for (game::UserId id = 1; id <= 3; ++id) save(store(), player(id));
  const game::ChatId chat = -5;
  register_chats(store(), {chat});
  auto davka = [&](store::Store& s, game::UserId user, double grams) {
    ChangeSet changes;
    const auto before = s.chat_member(chat, user).value_or(game::ChatMemberStats{chat, user});
    auto after = before;
    after.total_zmiy_grams += grams;
    changes.chat_members.push_back({before, after});
    s.write(changes);
  };
  davka(store(), 1, 100);
  davka(store(), 2, 50);

  auto& patient = cached(10, std::chrono::hours(1));
  EXPECT_EQ(patient.chat_rank(chat, 2), 2);
  davka(second_store(), 2, 500);
  EXPECT_EQ(patient.chat_rank(chat, 2), 2);  // within the maximum age: this process's view
  davka(patient, 3, 1000);                   // its own write counts at once
  EXPECT_EQ(patient.chat_rank(chat, 3), 1);

  store::CachedStore eager(store(), 10, std::chrono::milliseconds(0));
  EXPECT_EQ(eager.chat_rank(chat, 2), 2);
  EXPECT_EQ(eager.chat_ranking(chat, 0, 3), store().chat_ranking(chat, 0, 3));
  EXPECT_EQ(eager.chat_ranking(chat, 0, 1).front().stats.user_id, 3);
}

// Scale-out with the change feed: what another process's cache committed is known to it
// (take_committed), and once this one is told (invalidate), it shows it at once, well
// within the maximum age of its heads and boards.
TEST_P(CachedStoreTest, WhatAnotherProcessCommittedShowsAtOnceWhenItsChangesArrive) {
  const game::Balance balance;
  for (game::UserId id = 1; id <= 5; ++id) save(store(), player(id));
  const game::ChatId chat = -9;
  register_chats(store(), {chat});
  auto& here = cached(100, std::chrono::hours(1));
  store::CachedStore there(second_store(), 100, std::chrono::hours(1));
  there.record_commits(true);

  EXPECT_EQ(here.find_player(5)->gofra_mm, player(5).gofra_mm);
  EXPECT_EQ(here.player_rank(5, game::TopKey::kGofra, store_test::kNow, balance), 5);
  EXPECT_EQ(here.player_count(), 5);
  EXPECT_FALSE(here.chat_member(chat, 2));

  Player theirs = *there.find_player(5);
  theirs.gofra_mm = 5000;
  ChangeSet changes = players_change({theirs, player(6)});
  changes.chat_members.push_back({game::ChatMemberStats{chat, 2}, {chat, 2, 300, 1, store_test::kNow}});
  there.write(changes);
  // A batch rolled back tells nobody anything.
  there.begin();
  Player undone = *there.find_player(4);
  undone.gofra_mm = 9000;
  there.apply(players_change({undone}));
  there.rollback();

  auto committed = there.take_committed();
  ASSERT_EQ(committed.players.size(), 2u);
  EXPECT_EQ(committed.players[0].user_id, 5);
  EXPECT_EQ(committed.players[0].gofra_mm, 5000);
  EXPECT_EQ(committed.players[0], *store().find_player(5));  // as stored, new version too
  EXPECT_EQ(committed.players[1].user_id, 6);
  EXPECT_EQ(committed.chats, (std::vector<game::ChatId>{chat}));
  EXPECT_TRUE(there.take_committed().empty());  // taken once

  // Before it is told, this process shows its own view (the cache and its heads).
  EXPECT_EQ(here.find_player(5)->gofra_mm, player(5).gofra_mm);
  // The rows: kept copies and heads follow them without a read of the player.
  auto before = reads();
  here.refresh(committed.players);
  EXPECT_EQ(here.find_player(5)->gofra_mm, 5000);
  EXPECT_EQ(here.player_rank(5, game::TopKey::kGofra, store_test::kNow, balance), 1);
  EXPECT_EQ(reads(), before);
  EXPECT_EQ(*here.find_player(6), committed.players[1]);  // kept too: there is room
  EXPECT_EQ(reads(), before);
  EXPECT_EQ(here.counters().refreshed, 2);
  EXPECT_EQ(here.player_count(), 6);        // a new player: the count is read again
  // An older row (a message that crossed a newer one) changes nothing.
  Player older = committed.players[0];
  older.version -= 1;
  older.gofra_mm = 1;
  here.refresh(std::vector<Player>{older});
  EXPECT_EQ(here.find_player(5)->gofra_mm, 5000);
  EXPECT_EQ(here.player_rank(5, game::TopKey::kGofra, store_test::kNow, balance), 1);

  // Ids without rows, and chats: dropped, read again.
  here.invalidate(std::vector<game::UserId>{5}, committed.chats);
  EXPECT_EQ(here.counters().invalidated, 1);
  before = reads();
  EXPECT_EQ(here.find_player(5)->gofra_mm, 5000);
  EXPECT_EQ(reads() - before, 1);
  ASSERT_TRUE(here.chat_member(chat, 2));
  EXPECT_EQ(here.chat_member(chat, 2)->total_zmiy_grams, 300);

  here.invalidate_everything();
  EXPECT_EQ(here.size(), 0u);
  EXPECT_EQ(here.counters().invalidated, 3);  // 5 and 6
}

// Another process's rows never push out what this one keeps: a full cache stays as it is.
TEST_P(CachedStoreTest, AnotherProcessesRowsDoNotGrowAFullCache) {
  save(store(), player(1));
  const Player theirs = save(store(), player(2));
  auto& cache = cached(1);
  ASSERT_TRUE(cache.find_player(1));
  cache.refresh(std::vector<Player>{theirs});
  EXPECT_EQ(cache.size(), 1u);
  const auto before = reads();
  EXPECT_TRUE(cache.find_player(1));
  EXPECT_EQ(reads(), before);
  EXPECT_EQ(cache.counters().refreshed, 0);
}

// Scale-out without the change feed: a kept player is read again once older than the
// maximum age; without one it is kept (and shows another process's change only when
// invalidated or evicted).
TEST_P(CachedStoreTest, AKeptPlayerOlderThanTheMaximumAgeIsReadAgain) {
  save(store(), player(1));
  auto& cache = cached(10);
  EXPECT_EQ(cache.find_player(1)->gofra_mm, player(1).gofra_mm);
  auto& other = second_store();
  Player theirs = *other.find_player(1);
  theirs.gofra_mm = 777;
  other.write(players_change({theirs}));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_NE(cache.find_player(1)->gofra_mm, 777);  // no maximum age: the kept copy

  cache.set_player_max_age(std::chrono::milliseconds(1));
  auto before = reads();
  EXPECT_EQ(cache.find_player(1)->gofra_mm, 777);  // older than 1 ms: read again
  EXPECT_EQ(reads() - before, 1);
  cache.set_player_max_age(std::chrono::hours(1));
  before = reads();
  EXPECT_EQ(cache.find_player(1)->gofra_mm, 777);  // fresh now: no read
  EXPECT_EQ(reads(), before);
}

// A chat bigger than a board may hold is read from the store each time, not copied.
TEST_P(CachedStoreTest, AChatTooBigToKeepIsReadFromTheStore) {
  const game::ChatId chat = -9;
  register_chats(store(), {chat});
  ChangeSet changes;
  const auto members = static_cast<game::UserId>(store::CachedStore::kMaxChatBoardMembers) + 1;
  for (game::UserId user = 1; user <= members; ++user) {
    changes.chat_members.push_back(
        {{chat, user}, {chat, user, static_cast<double>(user), 1, store_test::kNow}});
  }
  store().write(changes);

  auto& cache = cached(10, std::chrono::hours(1));
  EXPECT_EQ(cache.chat_rank(chat, members), 1);
  const auto before = reads();
  EXPECT_EQ(cache.chat_rank(chat, 1), members);
  EXPECT_EQ(cache.chat_ranking(chat, 0, 1).front().stats.user_id, members);
  EXPECT_EQ(reads() - before, 2 + 1);  // chat_rank reads the member, then counts
}

// The kept rankings stay within their row budget: the least recently read chats go first.
TEST_P(CachedStoreTest, KeptChatRankingsStayWithinTheirRowBudget) {
  const std::vector<game::ChatId> chats = {-1, -2, -3};
  register_chats(store(), chats);
  ChangeSet changes;
  for (auto chat : chats) {
    for (game::UserId user = 1; user <= 30; ++user) {
      changes.chat_members.push_back(
          {{chat, user}, {chat, user, static_cast<double>(user), 1, store_test::kNow}});
    }
  }
  store().write(changes);
  store::CachedStore cache(store(), 10, std::chrono::hours(1), 70);  // two chats of 30

  auto reads_for = [&](game::ChatId chat) {
    const auto before = reads();
    EXPECT_EQ(cache.chat_rank(chat, 30), 1);
    return reads() - before;
  };
  EXPECT_EQ(reads_for(-1), 1);
  EXPECT_EQ(reads_for(-2), 1);
  EXPECT_EQ(reads_for(-1), 0);  // both kept; -1 read last
  EXPECT_EQ(reads_for(-3), 1);  // -2 goes
  EXPECT_EQ(reads_for(-1), 0);
  EXPECT_EQ(reads_for(-3), 0);
  EXPECT_EQ(reads_for(-2), 1);
}

GOFROBOT_INSTANTIATE_ENGINES(CachedStoreTest);

}  // namespace

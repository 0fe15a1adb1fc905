// The leaderboard heads of CachedStore against the reference ranking: random writes go
// through a CachedStore (over one MemoryStore) and straight to another MemoryStore, and
// every top and position must agree after each batch.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <random>
#include <vector>

#include "game/atmospheres.hpp"
#include "game/player.hpp"
#include "game/tops.hpp"
#include "store/cached_store.hpp"
#include "store/leaderboard.hpp"
#include "store/memory_store.hpp"

namespace {

using game::Player;
using game::TopKey;
using game::UnixTime;
using game::UserId;

constexpr UnixTime kStart = 1'800'000'000;

std::vector<UserId> ids_of(const std::vector<Player>& players) {
  std::vector<UserId> ids;
  for (const auto& p : players) ids.push_back(p.user_id);
  return ids;
}

class LeaderboardHeads : public ::testing::Test {
 protected:
  // A long maximum age: the heads must follow the writes by themselves.
  store::MemoryStore inner_;
  store::MemoryStore reference_;
  store::CachedStore cached_{inner_, 1000, std::chrono::hours(1)};
  game::Balance balance_;
  std::mt19937_64 rng_{20261128};
  UserId next_id_ = 1;

  Player changed(Player p) {
    auto pick = rng_() % 5;
    // Few distinct values: many ties, broken by user id.
    auto value = static_cast<double>(rng_() % 40) * 25.0;
    if (pick == 0) p.gofra_mm = value;
    if (pick == 1) p.cable_mm = value;
    if (pick == 2) p.zmiy_grams = rng_() % 3 == 0 ? 0.0 : value;  // flushed, or grown
    if (pick == 3) {
      p.atm_count = static_cast<int>(rng_() % 13);
      p.last_update = kStart - static_cast<UnixTime>(rng_() % 40'000);
    }
    p.total_davki += static_cast<std::int64_t>(rng_() % 3);
    p.total_zmiy_grams += value;
    p.experience += static_cast<std::int64_t>(rng_() % 7);
    return p;
  }

  void write_batch(int players) {
    store::ChangeSet changes;
    for (int i = 0; i < players; ++i) {
      // Mostly existing players; a new one now and then.
      if (next_id_ == 1 || rng_() % 3 == 0) {
        Player p = game::new_player(next_id_++, kStart, balance_);
        changes.players.push_back(changed(p));
        continue;
      }
      const auto id = static_cast<UserId>(1 + rng_() % static_cast<std::uint64_t>(next_id_ - 1));
      bool twice = false;
      for (const auto& c : changes.players) twice |= c.user_id == id;
      if (twice) continue;
      changes.players.push_back(changed(*reference_.find_player(id)));
    }
    cached_.write(changes);
    reference_.write(changes);
  }

  void expect_same_rankings(UnixTime now) {
    ASSERT_EQ(cached_.player_count(), reference_.player_count());
    for (TopKey key : game::kTopKeys) {
      SCOPED_TRACE(std::string(game::top_key_name(key)));
      for (int limit : {1, 10, 100}) {
        ASSERT_EQ(ids_of(cached_.top_players(key, limit, now, balance_)),
                  ids_of(reference_.top_players(key, limit, now, balance_)))
            << "limit " << limit;
      }
      for (UserId id = 1; id <= next_id_; ++id) {
        ASSERT_EQ(cached_.player_rank(id, key, now, balance_),
                  reference_.player_rank(id, key, now, balance_))
            << "player " << id;
      }
    }
  }
};

TEST_F(LeaderboardHeads, FollowEveryWriteOfThisProcess) {
  // From empty past the head size, so players enter, move inside, and fall out of heads.
  for (int batch = 0; batch < 150; ++batch) {
    write_batch(1 + static_cast<int>(rng_() % 8));
    if (batch % 3 == 0) expect_same_rankings(kStart);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(reference_.player_count(), store::kRankedPlaces);
  expect_same_rankings(kStart);
}

TEST_F(LeaderboardHeads, AtmospheresAreRankedAtTheTimeAsked) {
  for (int batch = 0; batch < 60; ++batch) write_batch(6);
  // Far enough apart in game time that the atmosphere head is read again (regeneration
  // reorders players the head does not hold); the same second reorders the head only.
  for (UnixTime now : {kStart, kStart + 7200, kStart + 7200, kStart + 86'400}) {
    SCOPED_TRACE(now - kStart);
    expect_same_rankings(now);
    if (HasFatalFailure()) return;
  }
}

TEST_F(LeaderboardHeads, ARolledBackBatchLeavesNoTrace) {
  for (int batch = 0; batch < 20; ++batch) write_batch(5);
  expect_same_rankings(kStart);
  Player champion = *reference_.find_player(1);
  champion.gofra_mm = 1e9;
  store::ChangeSet changes;
  changes.players.push_back(champion);
  cached_.begin();
  cached_.apply(changes);
  EXPECT_EQ(cached_.player_rank(1, TopKey::kGofra, kStart, balance_), 1);  // the batch sees it
  cached_.rollback();
  expect_same_rankings(kStart);
}

TEST(Leaderboard, KnowsPositionsOnlyWhileItsHeadIsWhole) {
  const game::Balance balance;
  store::Leaderboard board(TopKey::kGofra);
  EXPECT_FALSE(board.knows_positions());
  std::vector<Player> head;
  for (UserId id = 1; id <= 3; ++id) {
    Player p = game::new_player(id, kStart, balance);
    p.gofra_mm = 100.0 * static_cast<double>(10 - id);
    head.push_back(p);
  }
  // Three of many players: a full head of capacity 3.
  board.load(head, 3, kStart, store::Leaderboard::Clock::now(), balance);
  EXPECT_TRUE(board.knows_positions());
  EXPECT_EQ(board.position(2, kStart), 2);
  EXPECT_FALSE(board.position(4, kStart));
  // Player 1 falls below every row kept: it may rank after players the head never held.
  Player fallen = head[0];
  fallen.gofra_mm = 1;
  board.on_write(fallen);
  EXPECT_FALSE(board.knows_positions());
  ASSERT_TRUE(board.holds(2));
  EXPECT_EQ(ids_of(board.top(2, kStart)), (std::vector<UserId>{2, 3}));
  EXPECT_FALSE(board.holds(3));
  // A player beating the last row enters it.
  Player riser = game::new_player(7, kStart, balance);
  riser.gofra_mm = 750;
  board.on_write(riser);
  EXPECT_TRUE(board.knows_positions());
  EXPECT_EQ(ids_of(board.top(3, kStart)), (std::vector<UserId>{2, 7, 3}));
}

// Asking for anyone's position orders the atmospheres head at that time, so a write after
// it is weighed against the rows as they are then (here the last row has regenerated past
// the newcomer, who stays out).
TEST(Leaderboard, APositionAskedOrdersTheAtmospheresHeadAtThatTime) {
  const game::Balance balance;
  store::Leaderboard board(TopKey::kAtm);
  Player full = game::new_player(1, kStart, balance);  // 12, stays 12
  Player regenerating = game::new_player(2, kStart, balance);
  regenerating.atm_count = 5;
  regenerating.last_update = kStart;
  const auto per = static_cast<UnixTime>(std::ceil(game::seconds_per_atm(10.0, balance)));
  const UnixTime later = kStart + 2 * per;  // regenerating has 7 by then
  ASSERT_EQ(game::atm_count_at(regenerating, later, balance), 7);
  // Two of many players: a full head of capacity 2.
  board.load({full, regenerating}, 2, kStart, store::Leaderboard::Clock::now(), balance);

  EXPECT_FALSE(board.position(3, later));  // not in the head
  Player newcomer = game::new_player(3, later, balance);
  newcomer.atm_count = 6;
  newcomer.last_update = later;
  board.on_write(newcomer);  // 6 < 7 at `later`: stays out (at kStart it would beat 5)
  EXPECT_EQ(ids_of(board.top(2, later)), (std::vector<UserId>{1, 2}));
}

TEST(Leaderboard, AgesByTheClockAndByGameTimeForAtmospheres) {
  const game::Balance balance;
  const auto t0 = store::Leaderboard::Clock::now();
  const std::chrono::milliseconds max_age(5000);
  store::Leaderboard gofra(TopKey::kGofra);
  store::Leaderboard atm(TopKey::kAtm);
  gofra.load({}, 10, kStart, t0, balance);
  atm.load({}, 10, kStart, t0, balance);
  EXPECT_TRUE(gofra.fresh(kStart + 3600, t0 + std::chrono::seconds(4), max_age, balance));
  EXPECT_FALSE(gofra.fresh(kStart, t0 + std::chrono::seconds(5), max_age, balance));
  EXPECT_TRUE(atm.fresh(kStart + 4, t0, max_age, balance));
  EXPECT_FALSE(atm.fresh(kStart + 5, t0, max_age, balance));
  EXPECT_FALSE(atm.fresh(kStart - 5, t0, max_age, balance));
  game::Balance faster = balance;
  faster.atm_base_seconds /= 2;
  EXPECT_FALSE(atm.fresh(kStart, t0, max_age, faster));  // a live balance change reorders
}

}  // namespace

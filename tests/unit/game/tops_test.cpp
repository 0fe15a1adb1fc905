#include "game/tops.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace game {
namespace {

const Balance kB{};
constexpr UnixTime kNow = 1'700'000'000;

Player make(UserId id) { return new_player(id, kNow, kB); }

std::vector<UserId> order(std::vector<Player> players, TopKey key) {
  std::sort(players.begin(), players.end(), [key](const Player& a, const Player& b) {
    return ranks_before(a, b, key, kNow, kB);
  });
  std::vector<UserId> ids;
  for (const Player& p : players) ids.push_back(p.user_id);
  return ids;
}

TEST(TopKeys, ParseAndNameRoundTrip) {
  for (TopKey k : game::kTopKeys) {
    const auto parsed = parse_top_key(top_key_name(k));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, k);
  }
  EXPECT_EQ(parse_top_key("gofra"), TopKey::kGofra);
  EXPECT_EQ(parse_top_key("cable"), TopKey::kCable);
  EXPECT_EQ(parse_top_key("zmiy"), TopKey::kZmiy);
  EXPECT_EQ(parse_top_key("atm"), TopKey::kAtm);
  EXPECT_FALSE(parse_top_key("reputation").has_value());
  EXPECT_FALSE(parse_top_key("").has_value());
  EXPECT_FALSE(parse_top_key("Gofra").has_value());
}

TEST(TopValue, ExactValues) {
  Player p = make(1);
  p.gofra_mm = 123.4;
  p.cable_mm = 56.7;
  p.zmiy_grams = 89;
  p.total_davki = 5;
  p.total_zmiy_grams = 1234;
  p.experience = 77;
  EXPECT_EQ(top_value(p, TopKey::kGofra, kNow, kB), 123.4);
  EXPECT_EQ(top_value(p, TopKey::kCable, kNow, kB), 56.7);
  EXPECT_EQ(top_value(p, TopKey::kZmiy, kNow, kB), 89.0);
  EXPECT_EQ(top_value(p, TopKey::kAtm, kNow, kB), 12.0);
  EXPECT_EQ(top_value(p, TopKey::kTotalDavki, kNow, kB), 5.0);
  EXPECT_EQ(top_value(p, TopKey::kTotalZmiy, kNow, kB), 1234.0);
  EXPECT_EQ(top_value(p, TopKey::kExperience, kNow, kB), 77.0);
}

TEST(TopValue, AtmospheresAreRegenerated) {
  Player p = make(1);
  p.atm_count = 2;
  p.last_update = kNow - 5 * 7200 - 10;
  EXPECT_EQ(top_value(p, TopKey::kAtm, kNow, kB), 7.0);
  EXPECT_EQ(p.atm_count, 2);  // the player itself is not modified
}

TEST(RanksBefore, ExactValueNotWholeCentimetres) {
  Player a = make(1);
  a.gofra_mm = 104.0;
  Player b = make(2);
  b.gofra_mm = 106.0;  // same whole centimetre (10) as a
  Player c = make(3);
  c.gofra_mm = 250.0;
  EXPECT_EQ(order({a, b, c}, TopKey::kGofra), (std::vector<UserId>{3, 2, 1}));
}

TEST(RanksBefore, TiesByUserIdAscending) {
  std::vector<Player> players;
  for (UserId id : {50, 7, 300, 12}) {
    Player p = make(id);
    p.cable_mm = 20.0;
    players.push_back(p);
  }
  Player best = make(999);
  best.cable_mm = 20.5;
  players.push_back(best);
  EXPECT_EQ(order(players, TopKey::kCable), (std::vector<UserId>{999, 7, 12, 50, 300}));
  EXPECT_FALSE(ranks_before(players[0], players[0], TopKey::kCable, kNow, kB));  // strict
}

TEST(RanksBefore, AtmTopUsesRegeneratedCounts) {
  Player stale = make(1);
  stale.atm_count = 0;
  stale.last_update = kNow - 86400;  // actually full again
  Player fresh = make(2);
  fresh.atm_count = 11;
  fresh.last_update = kNow - 60;
  Player full = make(3);
  EXPECT_EQ(order({full, fresh, stale}, TopKey::kAtm), (std::vector<UserId>{1, 3, 2}));
}

TEST(Medal, PositionsOneToTenThenNumbers) {
  const char* expected[] = {"🥇", "🥈", "🥉", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"};
  for (long i = 1; i <= 10; ++i) EXPECT_EQ(medal(i), expected[i - 1]) << i;
  EXPECT_EQ(medal(4), "4\uFE0F\u20E3");
  EXPECT_EQ(medal(11), "11.");
  EXPECT_EQ(medal(250), "250.");
}

}  // namespace
}  // namespace game

#include "game/chat_stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace game {
namespace {

const Balance kB{};
constexpr UnixTime kNow = 1'700'000'000;
constexpr UnixTime kWeek = 604800;

ChatMemberStats member(UserId user, double grams, std::int64_t davki, UnixTime last) {
  return ChatMemberStats{-100, user, grams, davki, last};
}

TEST(RecordChatDavka, AddsToTheMembersTotals) {
  ChatMemberStats s = member(5, 0, 0, 0);
  record_chat_davka(s, 78, kNow);
  record_chat_davka(s, 100, kNow + 10);
  EXPECT_EQ(s.total_zmiy_grams, 178.0);
  EXPECT_EQ(s.total_davki, 2);
  EXPECT_EQ(s.last_davka_at, kNow + 10);
  EXPECT_EQ(s.user_id, 5);
}

TEST(ChatRanksBefore, TotalDescendingThenUserIdAscending) {
  std::vector<ChatMemberStats> v{member(9, 100, 1, 0), member(3, 500, 1, 0),
                                 member(4, 100, 1, 0), member(1, 50, 1, 0)};
  std::sort(v.begin(), v.end(), chat_ranks_before);
  std::vector<UserId> ids;
  for (const auto& m : v) ids.push_back(m.user_id);
  EXPECT_EQ(ids, (std::vector<UserId>{3, 4, 9, 1}));
}

TEST(Aggregate, EmptyChat) {
  const ChatAggregate a = aggregate({}, kNow, kB);
  EXPECT_EQ(a.total_players, 0);
  EXPECT_EQ(a.total_zmiy_grams, 0.0);
  EXPECT_EQ(a.total_davki, 0);
  EXPECT_EQ(a.last_activity, 0);
  EXPECT_EQ(a.active_players, 0);
}

TEST(Aggregate, SumsAndActiveWindow) {
  const std::vector<ChatMemberStats> v{
      member(1, 1000, 3, kNow - 10),
      member(2, 250, 1, kNow - kWeek + 1),  // just inside the window
      member(3, 4000, 9, kNow - kWeek),     // exactly a week ago: not active (strict >)
      member(4, 30, 1, kNow - 30 * 86400),
  };
  const ChatAggregate a = aggregate(v, kNow, kB);
  EXPECT_EQ(a.total_players, 4);
  EXPECT_EQ(a.total_zmiy_grams, 5280.0);
  EXPECT_EQ(a.total_davki, 14);
  EXPECT_EQ(a.last_activity, kNow - 10);
  EXPECT_EQ(a.active_players, 2);
}

TEST(Aggregate, WindowComesFromBalance) {
  Balance b;
  b.chat_active_window_seconds = 60;
  const std::vector<ChatMemberStats> v{member(1, 1, 1, kNow - 59), member(2, 1, 1, kNow - 61)};
  EXPECT_EQ(aggregate(v, kNow, b).active_players, 1);
}

TEST(ChatStanding, RankAndGapsOverTheWholeChat) {
  std::vector<ChatMemberStats> v;
  // 60 members with 100, 200, ... 6000 g: more than the original's 50-row window.
  for (UserId id = 1; id <= 60; ++id) v.push_back(member(id, 100.0 * static_cast<double>(id), 1, kNow));
  const auto s = chat_standing(v, 5);  // 500 g: 56th of 60
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->rank, 56);
  EXPECT_EQ(s->of, 60);
  ASSERT_TRUE(s->gap_up_grams.has_value());
  EXPECT_EQ(*s->gap_up_grams, 100.0);  // above - mine, never negative
  ASSERT_TRUE(s->lead_down_grams.has_value());
  EXPECT_EQ(*s->lead_down_grams, 100.0);  // mine - below
}

TEST(ChatStanding, LeaderAndLast) {
  const std::vector<ChatMemberStats> v{member(1, 300, 1, kNow), member(2, 1000, 1, kNow),
                                       member(3, 100, 1, kNow)};
  const auto leader = chat_standing(v, 2);
  ASSERT_TRUE(leader.has_value());
  EXPECT_EQ(leader->rank, 1);
  EXPECT_FALSE(leader->gap_up_grams.has_value());
  EXPECT_EQ(leader->lead_down_grams, 700.0);
  const auto last = chat_standing(v, 3);
  EXPECT_EQ(last->rank, 3);
  EXPECT_EQ(last->gap_up_grams, 200.0);
  EXPECT_FALSE(last->lead_down_grams.has_value());
}

TEST(ChatStanding, TiesFollowTheRankingOrder) {
  const std::vector<ChatMemberStats> v{member(8, 100, 1, kNow), member(2, 100, 1, kNow),
                                       member(5, 100, 1, kNow)};
  EXPECT_EQ(chat_standing(v, 2)->rank, 1);
  EXPECT_EQ(chat_standing(v, 5)->rank, 2);
  EXPECT_EQ(chat_standing(v, 5)->gap_up_grams, 0.0);
  EXPECT_EQ(chat_standing(v, 8)->rank, 3);
}

TEST(ChatStanding, UnknownMember) {
  EXPECT_FALSE(chat_standing({member(1, 5, 1, kNow)}, 2).has_value());
  EXPECT_FALSE(chat_standing({}, 2).has_value());
}

}  // namespace
}  // namespace game

// The in-memory conversation state: challenges are single use, expire, and do not pile up.
#include "bot/session_state.hpp"

#include <gtest/gtest.h>

namespace {

using bot::Challenge;
using bot::SessionState;

constexpr game::UnixTime kNow = 1'800'000'000;

TEST(SessionState, OfferedByOtherLooksAtTheChatAndTheLiveChallengesOnly) {
  SessionState s;
  s.offer(-100, Challenge{1, 2, 50, kNow + 300});
  s.offer(-200, Challenge{3, 4, 50, kNow + 300});
  s.offer(-100, Challenge{5, 4, 50, kNow - 1});  // expired
  EXPECT_TRUE(s.offered_by_other(-100, 9, 2, kNow));
  EXPECT_FALSE(s.offered_by_other(-100, 1, 2, kNow));  // the attacker's own
  EXPECT_FALSE(s.offered_by_other(-100, 9, 4, kNow));  // expired here, live in another chat
  EXPECT_TRUE(s.offered_by_other(-200, 9, 4, kNow));
  EXPECT_FALSE(s.offered_by_other(-300, 9, 2, kNow));
}

TEST(SessionState, ExpiredChallengesAreDroppedAtMostOnceAMinute) {
  SessionState s;
  for (game::UserId attacker = 1; attacker <= 1000; ++attacker) {
    s.offer(-100, Challenge{attacker, 5000, 50, kNow + 300});
  }
  s.offer(-100, Challenge{7000, 5000, 50, kNow + 3600});
  s.expire(kNow);  // nothing expired yet
  EXPECT_EQ(s.challenges(), 1001u);
  s.expire(kNow + 301);
  EXPECT_EQ(s.challenges(), 1u);  // the one still live
  s.offer(-100, Challenge{8000, 5000, 50, kNow + 310});
  s.expire(kNow + 320);  // within the minute since the last sweep: no scan
  EXPECT_EQ(s.challenges(), 2u);
  s.expire(kNow + 362);
  EXPECT_EQ(s.challenges(), 1u);
  EXPECT_TRUE(s.take(-100, 7000, 5000, kNow + 362));
}

}  // namespace

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

namespace {

// Every kind of change is undone to the mark, newest first, and leaves the rest alone.
TEST(SessionState, ChangesSinceAMarkAreUndone) {
  SessionState s;
  s.offer(-100, Challenge{1, 2, 40, kNow + 300});
  s.set_awaiting_nickname(5, 5, true);
  EXPECT_TRUE(s.keyword_reply_allowed(-100, kNow, 60));
  s.keep();  // a committed batch: these stay

  const auto mark = s.mark();
  s.offer(-100, Challenge{1, 2, 70, kNow + 600});  // replaces the first
  s.offer(-100, Challenge{3, 2, 50, kNow + 300});  // a new one
  ASSERT_TRUE(s.take(-100, 3, 2, kNow));
  s.set_awaiting_nickname(5, 5, false);
  s.set_awaiting_nickname(6, 6, true);
  s.set_awaiting_nickname(6, 6, true);  // no change
  EXPECT_TRUE(s.keyword_reply_allowed(-100, kNow + 100, 60));
  EXPECT_TRUE(s.keyword_reply_allowed(-200, kNow, 60));
  s.undo_to(mark);

  EXPECT_EQ(s.challenges(), 1u);
  auto first = s.take(-100, 1, 2, kNow);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->chance, 40);  // the original, not its replacement
  EXPECT_EQ(first->expires_at, kNow + 300);
  EXPECT_TRUE(s.awaiting_nickname(5, 5));
  EXPECT_FALSE(s.awaiting_nickname(6, 6));
  EXPECT_FALSE(s.keyword_reply_allowed(-100, kNow + 30, 60));  // the kept cooldown
  EXPECT_TRUE(s.keyword_reply_allowed(-200, kNow, 60));        // never happened

  // After keep() nothing is undone any more.
  s.keep();
  s.undo_to(0);
  EXPECT_FALSE(s.take(-100, 1, 2, kNow));  // taken above and kept
}

TEST(SessionState, NestedMarksUndoOnlyTheirOwnPart) {
  SessionState s;
  const auto batch = s.mark();
  s.offer(-100, Challenge{1, 2, 50, kNow + 300});
  const auto attempt = s.mark();
  ASSERT_TRUE(s.take(-100, 1, 2, kNow));
  s.undo_to(attempt);  // the failed attempt gives the challenge back
  EXPECT_TRUE(s.offered_by_other(-100, 9, 2, kNow));
  s.undo_to(batch);  // the failed batch takes its offer back
  EXPECT_EQ(s.challenges(), 0u);
}

}  // namespace

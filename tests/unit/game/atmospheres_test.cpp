#include "game/atmospheres.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "game/levels.hpp"
#include "game/time_format.hpp"

namespace game {
namespace {

const Balance kB{};

Player player_at(double gofra_mm, int atm, UnixTime anchor) {
  Player p = new_player(1, anchor, kB);
  p.gofra_mm = gofra_mm;
  p.atm_count = atm;
  p.last_update = anchor;
  return p;
}

TEST(SecondsPerAtm, AppendixB) {
  EXPECT_EQ(seconds_per_atm(10, kB), 7200.0);
  EXPECT_EQ(format_duration(seconds_per_atm(10, kB)), "2ч 0м 0с");
  EXPECT_EQ(seconds_per_atm(20000, kB), 3600.0);
  EXPECT_EQ(format_duration(12 * seconds_per_atm(10, kB)), "1д 0ч 0м");
  EXPECT_EQ(format_duration(12 * seconds_per_atm(20000, kB)), "12ч 0м 0с");
  // 100 m cosmic (x2.6): about 46 min 9 s per atmosphere (GAME.md §3).
  EXPECT_EQ(format_duration(seconds_per_atm(100000, kB)), "46м 9с");
}

TEST(SecondsPerAtm, EveryTableLevelIsBaseOverSpeed) {
  for (int i = 0; i < kTableLevels; ++i) {
    const GofraInfo level = table_level(i);
    EXPECT_EQ(seconds_per_atm(level.threshold, kB), 7200.0 / level.atm_speed) << level.name;
  }
}

TEST(SecondsPerAtm, UsesTheConfiguredBase) {
  Balance b;
  b.atm_base_seconds = 60;
  EXPECT_EQ(seconds_per_atm(20000, b), 30.0);
}

TEST(Regenerate, AtCapNothingAccruesAndTheAnchorStays) {
  Player p = player_at(10, 12, 1000);
  regenerate(p, 1000 + 10 * 86400, kB);
  EXPECT_EQ(p.atm_count, 12);
  EXPECT_EQ(p.last_update, 1000);
}

TEST(Regenerate, LessThanOneAtmosphereChangesNothing) {
  Player p = player_at(10, 0, 1000);
  regenerate(p, 1000 + 7199, kB);
  EXPECT_EQ(p.atm_count, 0);
  EXPECT_EQ(p.last_update, 1000);
}

TEST(Regenerate, ClockBehindTheAnchorChangesNothing) {
  Player p = player_at(10, 3, 50000);
  regenerate(p, 1000, kB);
  EXPECT_EQ(p.atm_count, 3);
  EXPECT_EQ(p.last_update, 50000);
}

TEST(Regenerate, KeepsThePartialAtmosphere) {
  Player p = player_at(10, 0, 0);
  regenerate(p, 3 * 7200 + 100, kB);
  EXPECT_EQ(p.atm_count, 3);
  EXPECT_EQ(p.last_update, 3 * 7200);  // 100 s towards the fourth are kept
  regenerate(p, 4 * 7200 - 1, kB);
  EXPECT_EQ(p.atm_count, 3);
  regenerate(p, 4 * 7200, kB);
  EXPECT_EQ(p.atm_count, 4);
  EXPECT_EQ(p.last_update, 4 * 7200);
}

TEST(Regenerate, StepwiseEqualsAllAtOnce) {
  Player stepwise = player_at(10, 0, 0);
  for (UnixTime t = 0; t <= 5 * 7200 + 3000; t += 611) regenerate(stepwise, t, kB);
  Player once = player_at(10, 0, 0);
  regenerate(once, 5 * 7200 + 3000, kB);
  regenerate(stepwise, 5 * 7200 + 3000, kB);
  EXPECT_EQ(stepwise.atm_count, 5);
  EXPECT_EQ(once.atm_count, 5);
  EXPECT_EQ(stepwise.last_update, once.last_update);
}

TEST(Regenerate, CapsAtTwelve) {
  Player p = player_at(10, 10, 0);
  regenerate(p, 100 * 7200 + 5, kB);
  EXPECT_EQ(p.atm_count, 12);
  Player q = player_at(10, 0, 0);
  regenerate(q, 12 * 7200, kB);
  EXPECT_EQ(q.atm_count, 12);
}

TEST(Regenerate, CapComesFromBalance) {
  Balance b;
  b.atm_max = 5;
  Player p = player_at(10, 0, 0);
  regenerate(p, 100 * 7200, b);
  EXPECT_EQ(p.atm_count, 5);
}

TEST(Regenerate, CurrentSpeedAppliesToTheWholePeriod) {
  Player p = player_at(20000, 0, 0);  // x2.0: one atmosphere per hour
  regenerate(p, 7200, kB);
  EXPECT_EQ(p.atm_count, 2);
}

TEST(Regenerate, FractionalPeriodRoundsTheAnchorUpToWholeSeconds) {
  // x1.1: 6545.45... s per atmosphere.
  Player p = player_at(50, 0, 0);
  regenerate(p, 6546, kB);
  EXPECT_EQ(p.atm_count, 1);
  EXPECT_EQ(p.last_update, 6546);
  regenerate(p, 6546 + 6545, kB);
  EXPECT_EQ(p.atm_count, 1);  // 6545 s < one period
}

TEST(Regenerate, IsIdempotentAndKeepsPartialBelowOnePeriod) {
  for (double gofra : {10.0, 50.0, 150.0, 600.0, 10000.0, 123456.7}) {
    const double per = seconds_per_atm(gofra, kB);
    for (UnixTime now = 0; now < 14 * 7200; now += 97) {
      Player once = player_at(gofra, 0, 0);
      regenerate(once, now, kB);
      Player twice = once;
      regenerate(twice, now, kB);
      ASSERT_EQ(once, twice) << gofra << " at " << now;
      if (once.atm_count < 12) {
        const auto partial = static_cast<double>(now - once.last_update);
        ASSERT_GE(partial, 0);
        ASSERT_LT(partial, per);
        // Never more atmospheres than the exact schedule grants.
        ASSERT_LE(once.atm_count, static_cast<int>(std::floor(static_cast<double>(now) / per)));
      }
    }
  }
}

TEST(RegenTime, FullTankHasNothingToWaitFor) {
  const RegenTime t = regen_time(player_at(10, 12, 0), 5000, kB);
  EXPECT_EQ(t.per_atm_seconds, 7200.0);
  EXPECT_EQ(t.missing, 0);
  EXPECT_EQ(t.to_next_seconds, 0.0);
  EXPECT_EQ(t.to_full_seconds, 0.0);
}

TEST(RegenTime, IsExactFromTheAnchor) {
  const RegenTime t = regen_time(player_at(10, 10, 1000), 2000, kB);
  EXPECT_EQ(t.per_atm_seconds, 7200.0);
  EXPECT_EQ(t.missing, 2);
  EXPECT_EQ(t.to_next_seconds, 6200.0);
  EXPECT_EQ(t.to_full_seconds, 13400.0);
}

TEST(RegenTime, AfterADavkaAFullRefillIs24HoursAtLevel0) {
  const RegenTime t = regen_time(player_at(10, 0, 1000), 1000, kB);
  EXPECT_EQ(t.missing, 12);
  EXPECT_EQ(t.to_next_seconds, 7200.0);
  EXPECT_EQ(t.to_full_seconds, 86400.0);
}

TEST(RegenTime, ClockBehindTheAnchorCountsNoProgress) {
  const RegenTime t = regen_time(player_at(10, 11, 5000), 1000, kB);
  EXPECT_EQ(t.to_next_seconds, 7200.0);
  EXPECT_EQ(t.to_full_seconds, 7200.0);
}

}  // namespace
}  // namespace game

namespace game {
namespace {

TEST(AtmCountAt, IsTheCountRegenerationGives) {
  Balance zero_base;
  zero_base.atm_base_seconds = 0;
  for (const Balance* b : {&kB, static_cast<const Balance*>(&zero_base)}) {
    for (double gofra : {10.0, 150.0, 123456.7}) {
      for (int count : {0, 5, 11, 12}) {
        for (UnixTime now = -7200; now < 14 * 7200; now += 331) {
          const Player p = player_at(gofra, count, 0);
          Player regenerated = p;
          regenerate(regenerated, now, *b);
          ASSERT_EQ(atm_count_at(p, now, *b), regenerated.atm_count)
              << gofra << " " << count << " at " << now;
        }
      }
    }
  }
}

TEST(AtmFullAt, MatchesRegenerationAtEverySpeed) {
  Balance b;
  for (double mm : {10.0, 60.0, 333.3, 20000.0, 123456.7}) {
    for (int count = 0; count <= b.atm_max; ++count) {
      Player p = new_player(1, 1'000'000, b);
      p.gofra_mm = mm;
      p.atm_count = count;
      UnixTime full = atm_full_at(p, b);
      Player at = p;
      regenerate(at, full, b);
      EXPECT_EQ(at.atm_count, b.atm_max) << mm << " " << count;
      if (count < b.atm_max) {
        Player before = p;
        regenerate(before, full - 1, b);
        EXPECT_LT(before.atm_count, b.atm_max) << mm << " " << count;
      }
    }
  }
}

}  // namespace
}  // namespace game

#include "game/player.hpp"

#include <gtest/gtest.h>

namespace game {
namespace {

TEST(Player, NewPlayerDefaults) {
  const Player p = new_player(123, 1'700'000'000, Balance{});
  EXPECT_EQ(p.user_id, 123);
  EXPECT_EQ(p.nickname, "Пацанчик_123");
  EXPECT_EQ(p.gofra_mm, 10.0);
  EXPECT_EQ(p.cable_mm, 10.0);
  EXPECT_EQ(p.zmiy_grams, 0.0);
  EXPECT_EQ(p.total_zmiy_grams, 0.0);
  EXPECT_EQ(p.total_davki, 0);
  EXPECT_EQ(p.atm_count, 12);
  EXPECT_EQ(p.last_update, 1'700'000'000);
  EXPECT_EQ(p.last_davka, 0);
  EXPECT_EQ(p.experience, 0);
  EXPECT_FALSE(p.nickname_changed);
  // Derived keys: the stored value, not the original's default of 1 (§1).
  EXPECT_EQ(p.gofra(), 1);
  EXPECT_EQ(p.cable_power(), 2);
}

TEST(Player, NewPlayerFollowsBalance) {
  Balance b;
  b.start_gofra_mm = 55.5;
  b.start_cable_mm = 7.0;
  b.atm_max = 8;
  const Player p = new_player(-5, 42, b);
  EXPECT_EQ(p.gofra_mm, 55.5);
  EXPECT_EQ(p.cable_mm, 7.0);
  EXPECT_EQ(p.atm_count, 8);
  EXPECT_EQ(p.gofra(), 5);
  EXPECT_EQ(p.cable_power(), 1);
}

TEST(Player, DefaultNickname) {
  EXPECT_EQ(default_nickname(0), "Пацанчик_0");
  EXPECT_EQ(default_nickname(9'000'000'000), "Пацанчик_9000000000");
}

TEST(Player, IsDefaultNicknameIsExactlyTheOwnDefault) {
  for (UserId id : {UserId{0}, UserId{7}, UserId{9'000'000'000}, UserId{-1001234}}) {
    EXPECT_TRUE(is_default_nickname(default_nickname(id), id)) << id;
    EXPECT_FALSE(is_default_nickname(default_nickname(id + 1), id)) << id;
    EXPECT_FALSE(is_default_nickname(default_nickname(id) + "0", id)) << id;
    EXPECT_FALSE(is_default_nickname(default_nickname(id).substr(1), id)) << id;
  }
  EXPECT_FALSE(is_default_nickname("Пацанчик_", 0));
  EXPECT_FALSE(is_default_nickname("пацанчик_5", 5));  // case matters: it is shown as stored
  EXPECT_FALSE(is_default_nickname("Пацан_5", 5));
  EXPECT_FALSE(is_default_nickname("", 5));
}

}  // namespace
}  // namespace game

// A player as the change feed's text: every field back exactly, and text that is not one
// reads as nothing.
#include "store/player_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace store {
namespace {

game::Player sample() {
  game::Player p;
  p.user_id = 9'007'199'254'740'993;  // above 2^53: an integer, not a double
  p.nickname = "Вася  Пупкин 1:2 ";    // spaces (two, and last), a colon
  p.gofra_mm = 0.1 + 0.2;              // not a short decimal
  p.cable_mm = 12345.678901234567;
  p.zmiy_grams = 0;
  p.total_zmiy_grams = 1e15 + 0.5;
  p.total_davki = 42;
  p.atm_count = 7;
  p.last_update = 1'800'000'000;
  p.last_davka = -1;
  p.experience = 1234;
  p.nickname_changed = true;
  p.version = 17;
  return p;
}

TEST(PlayerText, EveryFieldComesBackExactly) {
  const auto p = sample();
  const auto back = player_from_text(player_to_text(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, p);
  game::Player plain;
  plain.user_id = 1;
  EXPECT_EQ(*player_from_text(player_to_text(plain)), plain);  // an empty nickname too
  game::Player tiny = plain;
  tiny.gofra_mm = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(player_from_text(player_to_text(tiny))->gofra_mm, tiny.gofra_mm);
}

TEST(PlayerText, TextThatIsNotAPlayerReadsAsNothing) {
  const auto good = player_to_text(sample());
  EXPECT_FALSE(player_from_text(""));
  EXPECT_FALSE(player_from_text("1 2 3"));
  EXPECT_FALSE(player_from_text("x" + good));
  EXPECT_FALSE(player_from_text(good.substr(0, good.find(' ', 30))));  // cut in the numbers
  std::string bad_flag = player_to_text(game::Player{});
  const auto flag_at = bad_flag.rfind(" 0 0 ");  // nickname_changed, version
  ASSERT_NE(flag_at, std::string::npos);
  bad_flag[flag_at + 1] = '2';
  EXPECT_FALSE(player_from_text(bad_flag));
}

}  // namespace
}  // namespace store

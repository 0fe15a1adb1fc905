// The clock jumps. Within one process game time never goes back (bot/game_time.hpp), but a
// record can still carry a time ahead of the clock: written before a restart with the clock
// set back, or by a replica whose clock is ahead. Forward jumps reach the engine as they
// come. Either way atmospheres are neither created nor lost, no wait shown is negative,
// challenges expire by their own time, and the rate limit admits again after a jump ahead.
#include <gtest/gtest.h>

#include <cctype>

#include "bot/guards/rate_limit_guard.hpp"
#include "game/atmospheres.hpp"
#include "unit/bot/bot_harness.hpp"

namespace bot {
namespace {

using testing::BotHarness;
constexpr UserId kPlayer = 7;

// A '-' right before a digit and not after a letter or digit (a hyphenated word is not a
// sign; bytes of UTF-8 letters are >= 0x80).
bool shows_a_negative_number(const std::string& text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '-' || !std::isdigit(static_cast<unsigned char>(text[i + 1]))) continue;
    if (i == 0) return true;
    const auto before = static_cast<unsigned char>(text[i - 1]);
    if (before < 0x80 && !std::isalnum(before)) return true;
  }
  return false;
}

TEST(ClockJump, AnAnchorAheadOfTheClockNeitherGrantsNorTakesAtmospheres) {
  BotHarness h;
  h.private_text(kPlayer, "/start");
  ASSERT_FALSE(h.private_text(kPlayer, "/davka").failed);
  const auto after_davka = *h.store().find_player(kPlayer);
  ASSERT_LT(after_davka.atm_count, h.config().balance.atm_max);

  h.advance(-6 * 3600);  // the clock is now six hours behind the record's anchor
  for (const char* command : {"/atm", "/profile", "/davka"}) {
    const auto o = h.private_text(kPlayer, command);
    EXPECT_FALSE(o.failed) << command;
    EXPECT_FALSE(shows_a_negative_number(BotHarness::text(o))) << command << ": " << BotHarness::text(o);
  }
  const auto held = *h.store().find_player(kPlayer);
  EXPECT_EQ(held.atm_count, after_davka.atm_count) << "no atmosphere created or lost";
  EXPECT_EQ(held.total_davki, after_davka.total_davki) << "no davka without atmospheres";

  // Regeneration resumes from the anchor once the clock has passed it.
  const double per = game::seconds_per_atm(after_davka.gofra_mm, h.config().balance);
  h.advance(6 * 3600 + static_cast<UnixTime>(per) + 1);
  h.private_text(kPlayer, "/atm");
  EXPECT_EQ(game::atm_count_at(*h.store().find_player(kPlayer), h.now(), h.config().balance),
            after_davka.atm_count + 1);
}

TEST(ClockJump, AJumpAheadExpiresAChallengeAndRefillsAtmospheres) {
  BotHarness h;
  constexpr ChatId kChat = -100;
  constexpr UserId kAttacker = 1;
  constexpr UserId kTarget = 2;
  h.group_text(kChat, kTarget, "привет");
  auto o = h.group_text(kChat, kAttacker, "/fight", BotHarness::person(kTarget));
  ASSERT_NE(BotHarness::text(o).find("ВЫЗОВ"), std::string::npos) << BotHarness::text(o);
  h.private_text(kAttacker, "/davka");

  h.advance(2 * 24 * 3600);  // two days ahead at once
  auto late = h.press(kChat, kAttacker, "chat_fight_2", 500);
  ASSERT_NE(BotHarness::answer(late), nullptr);
  EXPECT_NE(BotHarness::answer(late)->text.find("недействителен"), std::string::npos);
  EXPECT_EQ(h.store().fight_stats(kAttacker).total, 0);
  const auto p = *h.store().find_player(kAttacker);
  EXPECT_EQ(game::atm_count_at(p, h.now(), h.config().balance), h.config().balance.atm_max);
}

TEST(ClockJump, TheRateLimitAdmitsAgainAfterAJumpAhead) {
  BotHarness h;
  h.engine().add_guard(std::make_unique<RateLimitGuard>(nullptr));
  h.config().limits.davka_per_minute = 2;
  int refused = 0;
  for (int i = 0; i < 4; ++i) {
    refused += BotHarness::text(h.press(kPlayer, kPlayer, "davka")).find("Не так быстро") !=
               std::string::npos;
  }
  EXPECT_EQ(refused, 2);
  h.advance(3600);
  EXPECT_EQ(BotHarness::text(h.press(kPlayer, kPlayer, "davka")).find("Не так быстро"),
            std::string::npos);
}

}  // namespace
}  // namespace bot

// Bad input from players, through the whole engine (docs/RELIABILITY.md, "Bad inputs"):
// markup, control characters and invalid UTF-8 in nicknames, messages and chat titles;
// callback data forged, garbled or stale; updates without a sender. Each gets the right
// refusal or none, never the error guard, and changes nothing it should not.
#include <gtest/gtest.h>

#include <string>

#include "unit/bot/bot_harness.hpp"

namespace bot {
namespace {

using testing::BotHarness;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Offers a nickname through the conversation; returns the reply.
Outcome offer_nickname(BotHarness& h, UserId user, const std::string& nickname) {
  h.press(user, user, "change_nickname");
  return h.private_text(user, nickname);
}

TEST(BadInput, NicknamesWithMarkupControlCharactersOrBrokenUtf8AreRefusedAndKeepTheFreeChange) {
  const std::string invalid_utf8 = "Вася\xff\xfe";
  for (const std::string& nickname :
       {std::string("<b>Вася</b>"), std::string("[Вася](tg://user?id=1)"), std::string("Вася\x07"),
        std::string("Вася\nПетя"), std::string("Вася\u202eясаВ"), std::string("Ва\0ся", 7),
        invalid_utf8, std::string("@everyone"), std::string(40, 'x')}) {
    BotHarness h;
    h.private_text(1, "/start");
    auto o = offer_nickname(h, 1, nickname);
    EXPECT_FALSE(o.failed) << nickname;
    EXPECT_TRUE(contains(BotHarness::text(o), "❌")) << nickname << ": " << BotHarness::text(o);
    const auto p = *h.store().find_player(1);
    EXPECT_EQ(p.nickname, game::default_nickname(1)) << nickname;
    EXPECT_FALSE(p.nickname_changed) << nickname << ": the free change is still there";
  }
}

TEST(BadInput, TextsWithBrokenUtf8ControlCharactersOrHugeLengthAreAnsweredSafely) {
  for (const std::string& text :
       {std::string("/start\xff"), std::string("/davka \xc3\x28"), std::string("\xf0\x28\x8c\xbc"),
        std::string("/top\x01\x02\x1b[31m"), std::string(4096, '/'), std::string("/") + std::string(300, 'a'),
        std::string("/profile@") + std::string(200, 'b')}) {
    BotHarness h;
    auto o = h.private_text(1, text);
    EXPECT_FALSE(o.failed) << "the error guard answered " << text.substr(0, 40);
  }
}

TEST(BadInput, AChatTitleWithMarkupAndControlCharactersIsStoredAsPlainText) {
  BotHarness h;
  Message m;
  m.message_id = 1;
  const std::string title = "<b>Гофро</b>\n\x1b[2J\u202e*чат*";
  m.chat = Chat{-500, ChatType::kSupergroup, title};
  m.from = BotHarness::person(3);
  m.text = "/davka";
  auto o = h.run(std::move(m));
  EXPECT_FALSE(o.failed);
  const auto chat = h.store().find_chat(-500);
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->title, title) << "kept as given: replies are plain text, no parse_mode";
}

TEST(BadInput, ForgedAndGarbledCallbackDataIsRefusedWithoutTheErrorGuard) {
  for (const std::string& data :
       {std::string("adm_ban_1"), std::string("chat_fight_\xff"), std::string("rademka_fight_"),
        std::string("rademka_fight_99999999999999999999"), std::string("no_such_button"),
        std::string(64, 'z'), std::string("\x00\x01", 2), std::string("davka\n")}) {
    BotHarness h;
    h.private_text(1, "/start");
    const auto before = *h.store().find_player(1);
    auto o = h.press(1, 1, data);
    EXPECT_FALSE(o.failed) << data;
    EXPECT_LE(BotHarness::count_answers(o), 1) << data << ": answered once at most";
    EXPECT_EQ(*h.store().find_player(1), before) << data << ": nothing changed";
  }
}

TEST(BadInput, UpdatesWithoutASenderChangeNothing) {
  BotHarness h;
  Message m;
  m.message_id = 1;
  m.chat = Chat{-700, ChatType::kChannel, "Канал"};
  m.text = "/davka";
  auto o = h.run(std::move(m));
  EXPECT_FALSE(o.failed);
  EXPECT_TRUE(o.actions.empty());
  EXPECT_EQ(h.store().player_count(), 0);
}

}  // namespace
}  // namespace bot

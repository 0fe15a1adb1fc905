// Routing: every command, alias and callback of GAME.md §11 reaches a handler, with the
// explicit precedence of §11.4.
#include <gtest/gtest.h>

#include <set>

#include "bot/handlers/routes.hpp"
#include "bot/keyboards.hpp"
#include "bot/router.hpp"

namespace bot {
namespace {

Router full_router() {
  Router r;
  add_all_routes(r);
  return r;
}

Update text_update(const std::string& text, ChatType type = ChatType::kPrivate) {
  Message m;
  m.message_id = 1;
  m.chat = Chat{type == ChatType::kPrivate ? 5 : -5, type, {}};
  m.from = User{5, false, "Вася", {}};
  m.text = text;
  return Update{1, m};
}

Update button(const std::string& data) {
  CallbackQuery q;
  q.id = "1";
  q.from = User{5, false, "Вася", {}};
  q.chat = Chat{5, ChatType::kPrivate, {}};
  q.message_id = 1;
  q.data = data;
  return Update{1, q};
}

std::string route_of(const Router& r, const Update& u, bool awaiting = false) {
  auto m = r.match(u, "gofrobot", awaiting);
  return m.route ? m.route->name : "<none>";
}

TEST(ParseCommand, NameArgumentsAndAddressee) {
  auto c = parse_command("/start", "gofrobot");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "start");
  EXPECT_EQ(c->args, "");
  c = parse_command("/top@GofroBot  zmiy now", "gofrobot");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "top");
  EXPECT_EQ(c->args, "zmiy now");
  EXPECT_FALSE(parse_command("/top@other_bot", "gofrobot"));
  EXPECT_FALSE(parse_command("top", "gofrobot"));
  EXPECT_FALSE(parse_command("/", "gofrobot"));
  EXPECT_FALSE(parse_command("/@gofrobot", "gofrobot"));
  c = parse_command("/радёмка@gofrobot", "gofrobot");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "радёмка");
}

TEST(Router, EveryCommandOfTheSpecificationIsRouted) {
  auto r = full_router();
  const std::vector<std::string> commands = {
      "start",   "menu",     "profile",   "gofra",      "cable",      "atm",       "top",
      "help",    "version",  "nickname",  "cancel",     "rademka",    "davka",     "uletet",
      "gofrastart", "ghelp", "g_help",    "chathelp",   "gmenu",      "chatmenu",  "gtop",
      "g_top",   "chattop",  "gstats",    "g_stats",    "chatstats",  "gme",       "g_me",
      "chatme",  "gdavka",   "g_davka",   "chatdavka",  "grademka",   "g_rademka", "chatrademka",
      "fight",   "протащить", "радёмка"};
  for (const auto& name : commands) {
    EXPECT_EQ(route_of(r, text_update("/" + name)), "/" + name) << name;
    EXPECT_EQ(route_of(r, text_update("/" + name + "@gofrobot arg")), "/" + name) << name;
  }
}

TEST(Router, CommandNamesAreCaseSensitive) {
  auto r = full_router();
  EXPECT_EQ(route_of(r, text_update("/START")), "private_fallback");
}

TEST(Router, EveryCallbackOfTheSpecificationIsRouted) {
  auto r = full_router();
  const std::vector<std::string> exact = {
      "davka",          "uletet",          "gofra_info",     "cable_info",   "atm_status",
      "atm_regen_time", "atm_max_info",    "atm_boosters",   "profile",      "gofra_progress",
      "gofra_speed",    "gofra_next",      "cable_power_info", "cable_pvp_info",
      "cable_upgrade_info", "top",         "top_reputation", "my_reputation", "nickname_menu",
      "change_nickname", "rademka",        "rademka_random", "rademka_stats", "rademka_top",
      "back_main",      "chat_davka",      "chat_top",       "chat_stats",   "chat_me",
      "chat_gofra",     "chat_cable",      "chat_atm",       "chat_rademka", "chat_help",
      "chat_menu",      "chat_fight"};
  for (const auto& data : exact) EXPECT_EQ(route_of(r, button(data)), data) << data;
}

TEST(Router, PrefixesLongestFirst) {
  auto r = full_router();
  EXPECT_EQ(route_of(r, button("chat_fight_42")), "chat_fight_");  // not the chat_ catch-all
  EXPECT_EQ(route_of(r, button("chat_whatever")), "chat_");
  EXPECT_EQ(route_of(r, button("rademka_confirm_42")), "rademka_confirm_");
  EXPECT_EQ(route_of(r, button("top_gofra")), "top_");
  EXPECT_EQ(route_of(r, button("top_reputation")), "top_reputation");  // exact beats prefix
  EXPECT_EQ(route_of(r, button("no_such_button")), "unknown_callback");
  auto confirm = button("rademka_confirm_42");  // args views into the update: keep it alive
  auto m = r.match(confirm, "gofrobot", false);
  EXPECT_EQ(m.args, "42");
}

TEST(Router, CommandsBeatTheNicknameState) {
  auto r = full_router();
  EXPECT_EQ(route_of(r, text_update("/cancel"), true), "/cancel");
  EXPECT_EQ(route_of(r, text_update("/rademka"), true), "/rademka");
  EXPECT_EQ(route_of(r, text_update("Вася Пупкин"), true), "nickname_input");
  // Text with a keyword goes to the nickname, never to the keyword responder (D-10).
  EXPECT_EQ(route_of(r, text_update("гофра", ChatType::kSupergroup), true), "nickname_input");
  // An unknown /command is never taken as a nickname.
  EXPECT_EQ(route_of(r, text_update("/nosuch"), true), "private_fallback");
}

TEST(Router, PlainTextByChatType) {
  auto r = full_router();
  EXPECT_EQ(route_of(r, text_update("привет")), "private_fallback");
  EXPECT_EQ(route_of(r, text_update("где моя гофра", ChatType::kSupergroup)), "keyword");
  EXPECT_EQ(route_of(r, text_update("/nosuch", ChatType::kGroup)), "<none>");
  EXPECT_EQ(route_of(r, text_update("/top@other_bot", ChatType::kGroup)), "<none>");
}

TEST(Router, MessagesWithoutSenderAreIgnored) {
  auto r = full_router();
  auto u = text_update("/start", ChatType::kSupergroup);
  std::get<Message>(u.payload).from.reset();  // a channel post
  EXPECT_EQ(route_of(r, u), "<none>");
}

TEST(Router, EveryKeyboardButtonHasARoute) {
  auto r = full_router();
  const auto& k = Keyboards::get();
  for (const auto& kb : {k.main, k.profile, k.gofra_info, k.cable_info, k.atm_status, k.top,
                         k.nickname, k.rad, k.chat, k.back_main, k.back_profile, k.back_rademka,
                         k.back_nickname_menu, private_fight_keyboard(7), chat_fight_keyboard(7)}) {
    for (const auto& row : kb->rows) {
      for (const auto& b : row) {
        EXPECT_NE(route_of(r, button(b.data)), "unknown_callback") << b.data;
        EXPECT_LE(b.data.size(), 64u) << b.data;
      }
    }
  }
}

TEST(Keyboards, BuiltOnceAndShared) {
  EXPECT_EQ(Keyboards::get().main.get(), Keyboards::get().main.get());
  EXPECT_EQ(Keyboards::get().main->rows.size(), 5u);
  EXPECT_EQ(Keyboards::get().chat->rows.size(), 5u);
}

}  // namespace
}  // namespace bot

// Group-chat mode through the real engine (GAME.md §10, Appendix A decisions 2, 3, 9).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/numeric.hpp"
#include "unit/bot/bot_harness.hpp"

namespace bot {
namespace {

using testing::BotHarness;
using testing::kStartTime;

constexpr ChatId kChat = -100;

// The only message-like action (send or edit) of an outcome, with its keyboard.
struct Shown {
  std::string text;
  KeyboardRef keyboard;
  bool edit = false;
  int count = 0;
};

Shown shown(const Outcome& o) {
  Shown s;
  for (const auto& a : o.actions) {
    if (const auto* m = std::get_if<SendMessage>(&a)) {
      s = Shown{m->text, m->keyboard, false, s.count + 1};
    } else if (const auto* e = std::get_if<EditMessage>(&a)) {
      s = Shown{e->text, e->keyboard, true, s.count + 1};
    }
  }
  return s;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Puts players with nicknames and chat totals straight into the store.
void seed_members(BotHarness& h, ChatId chat,
                  const std::vector<std::pair<UserId, double>>& totals,
                  UnixTime last_davka_at = kStartTime) {
  store::ChangeSet set;
  for (const auto& [user, grams] : totals) {
    auto p = game::new_player(user, h.now(), h.config().balance);
    p.nickname = "Пацан" + std::to_string(user);
    set.players.push_back(p);
    set.chat_members.push_back({game::ChatMemberStats{chat, user, 0, 0, 0},
                                game::ChatMemberStats{chat, user, grams, 3, last_davka_at}});
  }
  h.store().write(set);
}

const std::vector<std::string> kGroupCommands = {
    "gofrastart", "ghelp",  "g_help",   "chathelp",  "gmenu",    "chatmenu",    "gtop",
    "g_top",      "chattop", "gstats",  "g_stats",   "chatstats", "gme",        "g_me",
    "chatme",     "gdavka", "g_davka",  "chatdavka", "grademka", "g_rademka",  "chatrademka"};

TEST(ChatCommands, EveryCommandAndAliasAnswersWithTheChatKeyboard) {
  for (const auto& name : kGroupCommands) {
    BotHarness h;
    auto o = h.group_text(kChat, 1, "/" + name);
    EXPECT_FALSE(o.failed) << name;
    EXPECT_EQ(o.route, "/" + name);
    auto s = shown(o);
    EXPECT_EQ(s.count, 1) << name;
    EXPECT_FALSE(s.edit) << name;
    EXPECT_EQ(s.keyboard, Keyboards::get().chat) << name;
    EXPECT_FALSE(s.text.empty()) << name;
  }
}

TEST(ChatCommands, AddressedToUsWithBotNameStillWork) {
  BotHarness h;
  auto o = h.group_text(kChat, 1, "/gmenu@GofroBot");
  EXPECT_EQ(o.route, "/gmenu");
  EXPECT_TRUE(contains(shown(o).text, "ГОФРА-МЕНЮ ДЛЯ ЧАТА"));
}

TEST(ChatCommands, RegisteringCommandsRegisterTheChat) {
  for (const std::string name : {"gofrastart", "gdavka", "g_davka", "chatdavka", "grademka",
                                 "g_rademka", "chatrademka"}) {
    BotHarness h;
    h.group_text(kChat, 1, "/" + name);
    auto chat = h.store().find_chat(kChat);
    ASSERT_TRUE(chat.has_value()) << name;
    EXPECT_EQ(chat->title, "Гофрочат");
    EXPECT_EQ(chat->type, "supergroup");
    EXPECT_TRUE(chat->is_active);
  }
}

TEST(ChatCommands, ReadOnlyScreensDoNotRegisterTheChat) {
  for (const std::string name : {"ghelp", "gmenu", "gtop", "gstats", "gme"}) {
    BotHarness h;
    h.group_text(kChat, 1, "/" + name);
    EXPECT_FALSE(h.store().find_chat(kChat).has_value()) << name;
  }
}

TEST(ChatCommands, InPrivateChatsGiveAHintAndRegisterNothing) {
  for (const auto& name : kGroupCommands) {
    BotHarness h;
    auto o = h.private_text(7, "/" + name);
    EXPECT_FALSE(o.failed) << name;
    auto s = shown(o);
    EXPECT_EQ(s.count, 1) << name;
    EXPECT_TRUE(contains(s.text, "групповых чатов")) << name << ": " << s.text;
    EXPECT_FALSE(h.store().find_chat(7).has_value()) << name;
    EXPECT_FALSE(h.store().chat_member(7, 7).has_value()) << name;
  }
  BotHarness h;
  h.private_text(7, "/gdavka");
  auto p = h.store().find_player(7);
  // The davka did not happen: the tank is still full (or the player was never created).
  EXPECT_TRUE(!p || p->atm_count == 12);
}

TEST(ChatCommands, StartInAGroupRegistersTheChatAndShowsTheChatMenu) {
  BotHarness h;
  auto o = h.group_text(kChat, 1, "/start");
  auto s = shown(o);
  EXPECT_EQ(s.keyboard, Keyboards::get().chat);
  EXPECT_TRUE(contains(s.text, "Гофрочат"));
  auto chat = h.store().find_chat(kChat);
  ASSERT_TRUE(chat.has_value());
  EXPECT_EQ(chat->created_at, kStartTime);
}

TEST(ChatCommands, ReRegistrationKeepsCreatedAtAndRefreshesActivity) {
  BotHarness h;
  h.group_text(kChat, 1, "/gofrastart");
  h.advance(500);
  h.group_text(kChat, 2, "/gofrastart");
  auto chat = h.store().find_chat(kChat);
  ASSERT_TRUE(chat.has_value());
  EXPECT_EQ(chat->created_at, kStartTime);
  EXPECT_EQ(chat->last_activity, kStartTime + 500);
}

// --- buttons --------------------------------------------------------------------------

TEST(ChatButtons, EveryButtonIsAnsweredExactlyOnce) {
  const std::vector<std::string> buttons = {
      "chat_davka", "chat_top",     "chat_stats", "chat_me",   "chat_gofra", "chat_cable",
      "chat_atm",   "chat_rademka", "chat_help",  "chat_menu", "chat_fight", "chat_whatever",
      "chat_"};
  for (const auto& data : buttons) {
    BotHarness h;
    auto o = h.press(kChat, 1, data);
    EXPECT_FALSE(o.failed) << data;
    EXPECT_EQ(BotHarness::count_answers(o), 1) << data;
  }
}

TEST(ChatButtons, ScreensEditTheSharedMessageWithTheChatKeyboard) {
  for (const std::string data : {"chat_davka", "chat_stats", "chat_me", "chat_gofra",
                                 "chat_cable", "chat_atm", "chat_rademka", "chat_help",
                                 "chat_menu"}) {
    BotHarness h;
    auto o = h.press(kChat, 1, data);
    auto s = shown(o);
    EXPECT_EQ(s.count, 1) << data;
    EXPECT_TRUE(s.edit) << data;
    EXPECT_EQ(s.keyboard, Keyboards::get().chat) << data;
    auto a = BotHarness::answer(o);
    ASSERT_NE(a, nullptr);
    EXPECT_FALSE(a->show_alert) << data;
  }
}

TEST(ChatButtons, FightButtonExplainsTheReplyCommand) {
  BotHarness h;
  auto o = h.press(kChat, 1, "chat_fight");
  auto a = BotHarness::answer(o);
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->show_alert);
  EXPECT_TRUE(contains(a->text, "/fight"));
  EXPECT_EQ(shown(o).count, 0);
}

TEST(ChatButtons, UnknownChatActionIsAnAlert) {
  BotHarness h;
  auto o = h.press(kChat, 1, "chat_nonsense");
  auto a = BotHarness::answer(o);
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->show_alert);
  EXPECT_TRUE(contains(a->text, "Неизвестное действие"));
}

TEST(ChatButtons, PersonalScreensShowThePressersData) {
  BotHarness h;
  // Player 1 grows a little first, so their screens differ from a new player's.
  h.group_text(kChat, 1, "/gdavka");
  auto p = h.store().find_player(1);
  ASSERT_TRUE(p.has_value());
  const auto& b = h.config().balance;
  EXPECT_EQ(shown(h.press(kChat, 1, "chat_gofra")).text, gofra_screen(*p, b));
  EXPECT_EQ(shown(h.press(kChat, 1, "chat_cable")).text, cable_screen(*p, b));
  EXPECT_EQ(shown(h.press(kChat, 1, "chat_atm")).text, atm_screen(*p, h.now(), b));
  auto other = shown(h.press(kChat, 2, "chat_gofra")).text;
  EXPECT_NE(other, gofra_screen(*p, b));
}

TEST(ChatButtons, RademkaButtonDoesNotRegisterButShowsOwnStats) {
  BotHarness h;
  auto o = h.press(-200, 1, "chat_rademka");
  EXPECT_FALSE(h.store().find_chat(-200).has_value());
  auto s = shown(o);
  EXPECT_TRUE(contains(s.text, "Ты:")) << s.text;
  EXPECT_TRUE(contains(s.text, "1.0 см"));
}

TEST(ChatButtons, ChatDavkaButtonRegistersTheChat) {
  BotHarness h;
  h.press(kChat, 1, "chat_davka");
  EXPECT_TRUE(h.store().find_chat(kChat).has_value());
  EXPECT_EQ(h.store().chat_member(kChat, 1)->total_davki, 1);
}

TEST(ChatButtons, ButtonsInPrivateChatsAreRefused) {
  BotHarness h;
  auto o = h.press(7, 7, "chat_davka");
  auto a = BotHarness::answer(o);
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->show_alert);
  EXPECT_TRUE(contains(a->text, "групповых"));
  EXPECT_FALSE(h.store().find_chat(7).has_value());
  EXPECT_FALSE(h.store().chat_member(7, 7).has_value());
}

// --- davka ----------------------------------------------------------------------------

TEST(ChatDavka, RecordsChatStatsAndShowsTheResult) {
  BotHarness h;
  auto o = h.group_text(kChat, 1, "/gdavka");
  auto member = h.store().chat_member(kChat, 1);
  ASSERT_TRUE(member.has_value());
  EXPECT_EQ(member->total_davki, 1);
  EXPECT_GE(member->total_zmiy_grams, 30);
  EXPECT_LE(member->total_zmiy_grams, 100);
  EXPECT_EQ(member->last_davka_at, kStartTime);
  auto p = h.store().find_player(1);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->atm_count, 0);
  EXPECT_EQ(p->total_zmiy_grams, member->total_zmiy_grams);

  auto s = shown(o);
  EXPECT_FALSE(s.edit);
  EXPECT_EQ(s.keyboard, Keyboards::get().chat);
  EXPECT_TRUE(contains(s.text, "Игрок1")) << s.text;  // the Telegram first name
  EXPECT_TRUE(contains(s.text, game::fixed(member->total_zmiy_grams, 0) + "г"));
  EXPECT_TRUE(contains(s.text, "1.0 см → " + game::format_length(p->gofra_mm)));
  EXPECT_TRUE(contains(s.text, "В этом чате: " + game::fixed(member->total_zmiy_grams / 1000, 1) +
                                   " кг"));
  EXPECT_TRUE(contains(s.text, "#1"));
  EXPECT_TRUE(contains(s.text, "Лидер чата"));
}

TEST(ChatDavka, DavkaCommandInAGroupIsAChatDavka) {
  BotHarness h;
  h.group_text(kChat, 1, "/davka");
  ASSERT_TRUE(h.store().chat_member(kChat, 1).has_value());
  EXPECT_TRUE(h.store().find_chat(kChat).has_value());
}

TEST(ChatDavka, RankUsesTheFreshTotal) {
  BotHarness h;
  // Player 1 had 10 g here (stale rank 3); any davka (30..100 g) lifts them above player 10.
  seed_members(h, kChat, {{1, 10}, {10, 20}, {11, 100000}});
  auto o = h.group_text(kChat, 1, "/gdavka");
  auto s = shown(o);
  EXPECT_TRUE(contains(s.text, "#2")) << s.text;
  EXPECT_FALSE(contains(s.text, "Лидер"));
  EXPECT_EQ(h.store().chat_rank(kChat, 1), 2);
}

TEST(ChatDavka, RankBeyondFiftyIsNotShown) {
  BotHarness h;
  std::vector<std::pair<UserId, double>> others;
  for (UserId u = 100; u < 151; ++u) others.push_back({u, 100000});
  seed_members(h, kChat, others);
  auto s = shown(h.group_text(kChat, 1, "/gdavka"));
  EXPECT_TRUE(contains(s.text, "В этом чате")) << s.text;
  EXPECT_FALSE(contains(s.text, "Место в топе")) << s.text;
  EXPECT_EQ(h.store().chat_rank(kChat, 1), 52);
}

TEST(ChatDavka, RankFiftyIsShown) {
  BotHarness h;
  std::vector<std::pair<UserId, double>> others;
  for (UserId u = 100; u < 149; ++u) others.push_back({u, 100000});
  seed_members(h, kChat, others);
  auto s = shown(h.group_text(kChat, 1, "/gdavka"));
  EXPECT_TRUE(contains(s.text, "#50")) << s.text;
}

TEST(ChatDavka, CommandWithoutFullTankSendsTheRefusal) {
  BotHarness h;
  h.group_text(kChat, 1, "/gdavka");
  h.advance(60);
  auto o = h.group_text(kChat, 1, "/g_davka");
  auto s = shown(o);
  EXPECT_FALSE(s.edit);
  EXPECT_EQ(s.keyboard, Keyboards::get().chat);
  EXPECT_TRUE(contains(s.text, "Нужны все 12 атмосфер")) << s.text;
  EXPECT_TRUE(contains(s.text, "0/12"));
  EXPECT_EQ(h.store().chat_member(kChat, 1)->total_davki, 1);
}

TEST(ChatDavka, ButtonWithoutFullTankIsAnAlert) {
  BotHarness h;
  h.press(kChat, 1, "chat_davka");
  auto o = h.press(kChat, 1, "chat_davka");
  auto a = BotHarness::answer(o);
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->show_alert);
  EXPECT_TRUE(contains(a->text, "0/12"));
  EXPECT_EQ(shown(o).count, 0);
  EXPECT_EQ(h.store().chat_member(kChat, 1)->total_davki, 1);
}

TEST(ChatDavka, PrivateDavkaButtonInAGroupDoesNotCountForTheChat) {
  BotHarness h;
  h.press(kChat, 1, "davka");
  EXPECT_FALSE(h.store().chat_member(kChat, 1).has_value());
}

// --- top, stats, me ---------------------------------------------------------------------

TEST(ChatTop, EmptyTopIsAMessageForTheCommandAndAnAlertForTheButton) {
  BotHarness h;
  auto cmd = shown(h.group_text(kChat, 1, "/gtop"));
  EXPECT_TRUE(contains(cmd.text, "пуст")) << cmd.text;
  EXPECT_EQ(cmd.keyboard, Keyboards::get().chat);
  auto o = h.press(kChat, 1, "chat_top");
  auto a = BotHarness::answer(o);
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->show_alert);
  EXPECT_EQ(a->text, cmd.text);
  EXPECT_EQ(shown(o).count, 0);
}

TEST(ChatTop, ListsMembersInOrderWithTheChatBlock) {
  BotHarness h;
  seed_members(h, kChat, {{1, 1000}, {2, 5000}, {3, 3000}});
  seed_members(h, -300, {{4, 999999}});  // another chat: not listed
  auto s = shown(h.group_text(kChat, 9, "/gtop"));
  auto p2 = s.text.find("Пацан2");
  auto p3 = s.text.find("Пацан3");
  auto p1 = s.text.find("Пацан1");
  ASSERT_NE(p2, std::string::npos) << s.text;
  ASSERT_NE(p3, std::string::npos);
  ASSERT_NE(p1, std::string::npos);
  EXPECT_LT(p2, p3);
  EXPECT_LT(p3, p1);
  EXPECT_FALSE(contains(s.text, "Пацан4"));
  EXPECT_TRUE(contains(s.text, "🥇 Пацан2\n🐍 5.0 кг змия | #1"));
  EXPECT_TRUE(contains(s.text, "🥉 Пацан1\n🐍 1.0 кг змия | #3"));
  EXPECT_TRUE(contains(s.text, "Участников: 3"));
  EXPECT_TRUE(contains(s.text, "Всего змия: 9.0 кг"));
  EXPECT_TRUE(contains(s.text, "Всего давок: 9"));
  EXPECT_TRUE(contains(s.text, "Активных пацанов: 3"));
  // The button shows the same screen.
  EXPECT_EQ(shown(h.press(kChat, 9, "chat_top")).text, s.text);
}

TEST(ChatTop, ShowsAtMostTenRowsAndShortensLongNicknames) {
  BotHarness h;
  std::vector<std::pair<UserId, double>> members;
  for (UserId u = 1; u <= 12; ++u) members.push_back({u, 1000.0 * static_cast<double>(u)});
  seed_members(h, kChat, members);
  store::ChangeSet rename;
  auto p = *h.store().find_player(12);
  p.nickname = "ОченьДлинныйНикнеймПацана";  // 25 code points
  rename.players.push_back(p);
  h.store().write(rename);
  auto s = shown(h.group_text(kChat, 1, "/gtop"));
  EXPECT_TRUE(contains(s.text, "🥇 ОченьДлинныйНикне...")) << s.text;
  EXPECT_TRUE(contains(s.text, "#10"));
  EXPECT_FALSE(contains(s.text, "#11"));
  EXPECT_TRUE(contains(s.text, "Участников: 12"));
}

TEST(ChatStats, ShowsTotalsAveragesAndRelativeLastActivity) {
  BotHarness h;
  seed_members(h, kChat, {{1, 1000}, {2, 5000}, {3, 3000}}, kStartTime);
  h.advance(3 * 3600 + 10);
  auto s = shown(h.group_text(kChat, 1, "/gstats"));
  EXPECT_TRUE(contains(s.text, "Участников: 3")) << s.text;
  EXPECT_TRUE(contains(s.text, "9.0 кг (на пацана: 3.0 кг)"));
  EXPECT_TRUE(contains(s.text, "Давок всего: 9 (на пацана: 3)"));
  EXPECT_TRUE(contains(s.text, "3 ч назад"));
}

TEST(ChatStats, EmptyChatWasNeverActive) {
  BotHarness h;
  auto s = shown(h.group_text(kChat, 1, "/gstats"));
  EXPECT_TRUE(contains(s.text, "Участников: 0")) << s.text;
  EXPECT_TRUE(contains(s.text, "никогда"));
}

TEST(ChatMe, WithoutDataInvitesToSqueeze) {
  BotHarness h;
  seed_members(h, kChat, {{2, 5000}});
  auto s = shown(h.group_text(kChat, 1, "/gme"));
  EXPECT_TRUE(contains(s.text, "ещё не давил")) << s.text;
  EXPECT_FALSE(h.store().find_player(1).has_value());  // /gme does not create a player
}

TEST(ChatMe, GapAndLeadWithThreePlayers) {
  BotHarness h;
  seed_members(h, kChat, {{1, 5000}, {2, 3200}, {3, 1000}});
  auto mid = shown(h.group_text(kChat, 2, "/gme")).text;
  EXPECT_TRUE(contains(mid, "Выдавлено здесь: 3.2 кг")) << mid;
  EXPECT_TRUE(contains(mid, "#2 из 3"));
  EXPECT_TRUE(contains(mid, "До #1: 1.8 кг"));
  EXPECT_TRUE(contains(mid, "Отрыв от #3: 2.2 кг"));
  EXPECT_TRUE(contains(mid, "Участников в чате: 3, всего змия: 9.2 кг"));
  EXPECT_TRUE(contains(mid, "Твоя доля: 34.8%"));
  EXPECT_FALSE(contains(mid, "-"));  // no negative gaps (D-15)

  auto top = shown(h.group_text(kChat, 1, "/g_me")).text;
  EXPECT_TRUE(contains(top, "#1 из 3")) << top;
  EXPECT_TRUE(contains(top, "лидер"));
  EXPECT_TRUE(contains(top, "Отрыв от #2: 1.8 кг"));
  EXPECT_FALSE(contains(top, "До #"));

  auto last = shown(h.press(kChat, 3, "chat_me")).text;
  EXPECT_TRUE(contains(last, "#3 из 3")) << last;
  EXPECT_TRUE(contains(last, "До #2: 2.2 кг"));
  EXPECT_FALSE(contains(last, "Отрыв"));
}

TEST(ChatMe, SmallGapsAreShownInGrams) {
  BotHarness h;
  seed_members(h, kChat, {{1, 1000}, {2, 985}});
  auto s = shown(h.group_text(kChat, 2, "/gme")).text;
  EXPECT_TRUE(contains(s, "До #1: 15г")) << s;
  EXPECT_TRUE(contains(s, "Выдавлено здесь: 1.0 кг"));
}

TEST(ChatMe, RankAndCountCoverTheWholeChat) {
  BotHarness h;
  std::vector<std::pair<UserId, double>> members;
  for (UserId u = 100; u < 160; ++u) members.push_back({u, 100000});
  members.push_back({1, 500});
  seed_members(h, kChat, members);
  auto s = shown(h.group_text(kChat, 1, "/gme")).text;
  EXPECT_TRUE(contains(s, "#61 из 61")) << s;
  EXPECT_TRUE(contains(s, "До #60: 99.5 кг"));
}

// --- chat fight info -------------------------------------------------------------------

TEST(ChatRademka, AloneInTheChat) {
  BotHarness h;
  auto s = shown(h.group_text(kChat, 1, "/grademka")).text;
  EXPECT_TRUE(contains(s, "✅ Можно атаковать")) << s;
  EXPECT_TRUE(contains(s, "один"));
  EXPECT_TRUE(contains(s, "+5–20 мм гофры"));
}

TEST(ChatRademka, ListsOtherMembersButNotTheViewer) {
  BotHarness h;
  std::vector<std::pair<UserId, double>> members;
  for (UserId u = 1; u <= 8; ++u) members.push_back({u, 10000.0 - static_cast<double>(u)});
  seed_members(h, kChat, members);
  auto s = shown(h.group_text(kChat, 1, "/grademka")).text;
  EXPECT_TRUE(contains(s, "Доступные цели (7)")) << s;
  EXPECT_TRUE(contains(s, "1. Пацан2"));
  EXPECT_TRUE(contains(s, "5. Пацан6"));
  EXPECT_FALSE(contains(s, "Пацан7"));
  EXPECT_FALSE(contains(s, "Пацан1\n"));
  EXPECT_TRUE(contains(s, "/fight"));
}

TEST(ChatRademka, ShowsTheLimitWhenReached) {
  BotHarness h;
  store::ChangeSet set;
  for (int i = 0; i < 10; ++i) set.fights.push_back({1, 50 + i, h.now()});
  h.store().write(set);
  auto s = shown(h.group_text(kChat, 1, "/grademka")).text;
  EXPECT_TRUE(contains(s, "❌ Лимит: 10 боёв в час")) << s;
}

}  // namespace
}  // namespace bot

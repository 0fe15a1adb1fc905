// The reply-based chat fight (GAME.md §7.6, Appendix A decision 6) through the real engine.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/keyboards.hpp"
#include "unit/bot/bot_harness.hpp"

namespace bot {
namespace {

using testing::BotHarness;

constexpr ChatId kChat = -100;
constexpr UserId kAttacker = 1;
constexpr UserId kTarget = 2;
constexpr UserId kStranger = 3;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<SendMessage> sends(const Outcome& o) {
  std::vector<SendMessage> out;
  for (const auto& a : o.actions) {
    if (const auto* m = std::get_if<SendMessage>(&a)) out.push_back(*m);
  }
  return out;
}

std::vector<EditMessage> edits(const Outcome& o) {
  std::vector<EditMessage> out;
  for (const auto& a : o.actions) {
    if (const auto* e = std::get_if<EditMessage>(&a)) out.push_back(*e);
  }
  return out;
}

// The chance printed after `label` up to the '%' sign.
std::string chance_after(const std::string& text, const std::string& label) {
  auto at = text.find(label);
  if (at == std::string::npos) return {};
  at += label.size();
  auto end = text.find('%', at);
  return text.substr(at, end - at);
}

void add_fights(BotHarness& h, UserId user, int n, UnixTime at) {
  store::ChangeSet set;
  for (int i = 0; i < n; ++i) set.fights.push_back({user, 1000 + i, at});
  h.store().write(set);
}

Outcome challenge(BotHarness& h, UserId attacker = kAttacker, UserId target = kTarget,
                  const std::string& command = "/fight") {
  return h.group_text(kChat, attacker, command, BotHarness::person(target));
}

TEST(ChatFightRequest, NotAReply) {
  BotHarness h;
  auto o = h.group_text(kChat, kAttacker, "/fight");
  auto s = sends(o);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(contains(s[0].text, "Ответь")) << s[0].text;
  EXPECT_EQ(s[0].keyboard, nullptr);
}

TEST(ChatFightRequest, TopicRootReplyIsNotATarget) {
  BotHarness h;
  Message m;
  m.message_id = 50;
  m.chat = Chat{kChat, ChatType::kSupergroup, "Гофрочат"};
  m.from = BotHarness::person(kAttacker);
  m.text = "/fight";
  m.reply_to_message_id = 1;
  m.reply_to_from = BotHarness::person(kTarget);
  m.reply_is_topic_root = true;
  auto o = h.run(m);
  EXPECT_TRUE(contains(BotHarness::text(o), "Ответь")) << BotHarness::text(o);
  EXPECT_FALSE(h.store().find_player(kTarget).has_value());
}

TEST(ChatFightRequest, ReplyWithoutAnAuthor) {
  BotHarness h;
  Message m;
  m.message_id = 50;
  m.chat = Chat{kChat, ChatType::kSupergroup, "Гофрочат"};
  m.from = BotHarness::person(kAttacker);
  m.text = "/fight";
  m.reply_to_message_id = 49;  // a channel post: no from
  auto o = h.run(m);
  auto s = sends(o);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(contains(s[0].text, "некого")) << s[0].text;
}

TEST(ChatFightRequest, NotYourself) {
  BotHarness h;
  auto o = challenge(h, kAttacker, kAttacker);
  EXPECT_TRUE(contains(BotHarness::text(o), "Самого себя")) << BotHarness::text(o);
  EXPECT_FALSE(h.state().offered_by_other(kChat, 99, kAttacker, h.now()));
}

TEST(ChatFightRequest, NotABot) {
  BotHarness h;
  auto o = h.group_text(kChat, kAttacker, "/fight", User{777, true, "ГофроБот", "gofrobot"});
  EXPECT_TRUE(contains(BotHarness::text(o), "Ботов")) << BotHarness::text(o);
  EXPECT_FALSE(h.store().find_player(777).has_value());  // no record for a bot (D-16)
}

TEST(ChatFightRequest, InAPrivateChatGivesTheHint) {
  BotHarness h;
  auto o = h.private_text(kAttacker, "/fight");
  EXPECT_TRUE(contains(BotHarness::text(o), "групповых")) << BotHarness::text(o);
}

TEST(ChatFightRequest, AttackerOverTheLimit) {
  BotHarness h;
  add_fights(h, kAttacker, 10, h.now() - 10);
  auto o = challenge(h);
  auto s = sends(o);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(contains(s[0].text, "❌ Лимит: 10 боёв в час")) << s[0].text;
  EXPECT_EQ(s[0].keyboard, nullptr);
  EXPECT_FALSE(h.state().offered_by_other(kChat, 99, kTarget, h.now()));
}

TEST(ChatFightRequest, TargetOverTheLimit) {
  BotHarness h;
  add_fights(h, kTarget, 10, h.now() - 10);
  auto o = challenge(h);
  auto text = BotHarness::text(o);
  EXPECT_TRUE(contains(text, "Игрок2 уже набил лимит")) << text;
  EXPECT_FALSE(h.state().offered_by_other(kChat, 99, kTarget, h.now()));
}

TEST(ChatFightRequest, FightsOutsideTheWindowDoNotCount) {
  BotHarness h;
  add_fights(h, kAttacker, 10, h.now() - 3600);  // exactly an hour ago: outside (> since)
  auto s = sends(challenge(h));
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(contains(s[0].text, "ВЫЗОВ")) << s[0].text;
}

TEST(ChatFightRequest, OffersTheFightWithTheConfirmKeyboard) {
  for (const std::string command : {"/fight", "/протащить", "/радёмка"}) {
    BotHarness h;
    auto o = challenge(h, kAttacker, kTarget, command);
    EXPECT_EQ(o.route, command);
    auto s = sends(o);
    ASSERT_EQ(s.size(), 1u) << command;
    EXPECT_TRUE(contains(s[0].text, "Игрок1")) << s[0].text;
    EXPECT_TRUE(contains(s[0].text, "Игрок2"));
    EXPECT_FALSE(chance_after(s[0].text, "Шанс победы: ").empty());
    EXPECT_TRUE(contains(s[0].text, "действует 5 мин"));
    ASSERT_NE(s[0].keyboard, nullptr);
    ASSERT_EQ(s[0].keyboard->rows.size(), 1u);
    EXPECT_EQ(s[0].keyboard->rows[0].at(0).data, "chat_fight_2");
    EXPECT_EQ(s[0].keyboard->rows[0].at(1).data, "chat_menu");
    // The target's record is created on demand (decision 6).
    EXPECT_TRUE(h.store().find_player(kTarget).has_value());
    EXPECT_TRUE(h.state().offered_by_other(kChat, kStranger, kTarget, h.now()));
  }
}

TEST(ChatFightConfirm, OnlyTheAttackerResolvesItOnce) {
  BotHarness h;
  auto request = sends(challenge(h));
  ASSERT_EQ(request.size(), 1u);
  const std::string offered = chance_after(request[0].text, "Шанс победы: ");

  // A bystander presses the attacker's button: refused, nothing recorded.
  auto foreign = h.press(kChat, kStranger, "chat_fight_2", 500);
  ASSERT_EQ(BotHarness::count_answers(foreign), 1);
  EXPECT_TRUE(BotHarness::answer(foreign)->show_alert);
  EXPECT_TRUE(contains(BotHarness::answer(foreign)->text, "не твоя"));
  EXPECT_TRUE(edits(foreign).empty());
  EXPECT_EQ(h.store().fight_stats(kAttacker).total, 0);

  auto before_a = *h.store().find_player(kAttacker);
  auto before_t = *h.store().find_player(kTarget);

  auto o = h.press(kChat, kAttacker, "chat_fight_2", 500);
  EXPECT_FALSE(o.failed);
  EXPECT_EQ(BotHarness::count_answers(o), 1);
  EXPECT_FALSE(BotHarness::answer(o)->show_alert);
  auto e = edits(o);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].message_id, 500);
  EXPECT_EQ(e[0].keyboard, Keyboards::get().chat);
  EXPECT_EQ(chance_after(e[0].text, "Шанс был: "), offered);  // the chance is kept

  auto stats_a = h.store().fight_stats(kAttacker);
  auto stats_t = h.store().fight_stats(kTarget);
  EXPECT_EQ(stats_a.total, 1);
  EXPECT_EQ(stats_t.total, 1);
  EXPECT_EQ(stats_a.wins + stats_t.wins, 1);

  auto after_a = *h.store().find_player(kAttacker);
  auto after_t = *h.store().find_player(kTarget);
  const bool attacker_won = stats_a.wins == 1;
  const auto& winner = attacker_won ? after_a : after_t;
  const auto& loser = attacker_won ? after_t : after_a;
  const auto& winner_before = attacker_won ? before_a : before_t;
  const auto& loser_before = attacker_won ? before_t : before_a;
  EXPECT_GT(winner.gofra_mm, winner_before.gofra_mm);
  EXPECT_GT(winner.cable_mm, winner_before.cable_mm);
  EXPECT_EQ(loser.gofra_mm, loser_before.gofra_mm);  // the loser loses nothing
  EXPECT_EQ(loser.cable_mm, loser_before.cable_mm);
  EXPECT_TRUE(contains(e[0].text, attacker_won ? "УСПЕХ" : "ПРОВАЛ")) << e[0].text;

  auto s = sends(o);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].chat_id, kChat);
  EXPECT_EQ(s[0].text, "👊 Результат радёмки: " + winner.nickname + " протащил " +
                           loser.nickname + "!");

  // Single use: a second press changes nothing.
  auto again = h.press(kChat, kAttacker, "chat_fight_2", 500);
  ASSERT_EQ(BotHarness::count_answers(again), 1);
  EXPECT_TRUE(BotHarness::answer(again)->show_alert);
  EXPECT_TRUE(contains(BotHarness::answer(again)->text, "недействителен"));
  EXPECT_TRUE(edits(again).empty());
  EXPECT_TRUE(sends(again).empty());
  EXPECT_EQ(h.store().fight_stats(kAttacker).total, 1);
  EXPECT_EQ(*h.store().find_player(kAttacker), after_a);
}

TEST(ChatFightConfirm, BothOutcomesHappenAndAreReportedConsistently) {
  int wins = 0;
  int losses = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    BotHarness h(seed);
    challenge(h);
    auto o = h.press(kChat, kAttacker, "chat_fight_2");
    auto stats = h.store().fight_stats(kAttacker);
    ASSERT_EQ(stats.total, 1);
    auto text = BotHarness::text(o);
    if (stats.wins == 1) {
      ++wins;
      EXPECT_TRUE(contains(text, "Пацанчик_1 протащил Пацанчик_2!")) << text;
      EXPECT_TRUE(contains(text, "+0.2 мм")) << text;
      EXPECT_TRUE(contains(text, "+12.0 мм")) << text;  // equal gofra: 12 mm
    } else {
      ++losses;
      EXPECT_TRUE(contains(text, "Пацанчик_2 протащил Пацанчик_1!")) << text;
      EXPECT_TRUE(contains(text, "+0.1 мм")) << text;
      EXPECT_TRUE(contains(text, "+6.0 мм")) << text;  // the defender's reward (decision 7)
    }
  }
  EXPECT_GT(wins, 0);
  EXPECT_GT(losses, 0);
}

TEST(ChatFightConfirm, ExpiredChallengeIsRefused) {
  BotHarness h;
  challenge(h);
  h.advance(h.config().balance.pvp_challenge_ttl_seconds + 1);
  auto o = h.press(kChat, kAttacker, "chat_fight_2");
  ASSERT_NE(BotHarness::answer(o), nullptr);
  EXPECT_TRUE(BotHarness::answer(o)->show_alert);
  EXPECT_TRUE(contains(BotHarness::answer(o)->text, "недействителен"));
  EXPECT_EQ(h.store().fight_stats(kAttacker).total, 0);
}

TEST(ChatFightConfirm, WithoutAChallengeIsRefused) {
  BotHarness h;
  auto o = h.press(kChat, kAttacker, "chat_fight_2");
  EXPECT_EQ(BotHarness::count_answers(o), 1);
  EXPECT_TRUE(BotHarness::answer(o)->show_alert);
  EXPECT_EQ(h.store().fight_stats(kAttacker).total, 0);
  EXPECT_FALSE(h.store().find_player(kTarget).has_value());  // a forged id creates nobody
}

TEST(ChatFightConfirm, ChallengeInAnotherChatDoesNotCount) {
  BotHarness h;
  challenge(h);
  auto o = h.press(-555, kAttacker, "chat_fight_2");
  EXPECT_TRUE(BotHarness::answer(o)->show_alert);
  EXPECT_EQ(h.store().fight_stats(kAttacker).total, 0);
}

TEST(ChatFightConfirm, GarbledIdsAreAlerts) {
  for (const std::string data : {"chat_fight_garbage", "chat_fight_", "chat_fight_-5",
                                 "chat_fight_0", "chat_fight_12abc", "chat_fight_ 2",
                                 "chat_fight_99999999999999999999999"}) {
    BotHarness h;
    auto o = h.press(kChat, kAttacker, data);
    EXPECT_FALSE(o.failed) << data;
    ASSERT_EQ(BotHarness::count_answers(o), 1) << data;
    EXPECT_TRUE(BotHarness::answer(o)->show_alert) << data;
    EXPECT_TRUE(contains(BotHarness::answer(o)->text, "Кривая кнопка")) << data;
  }
}

TEST(ChatFightConfirm, TheDefenderPressingTheAttackersButtonIsToldItIsNotTheirs) {
  BotHarness h;
  ASSERT_EQ(sends(challenge(h)).size(), 1u);
  auto o = h.press(kChat, kTarget, "chat_fight_2", 500);
  ASSERT_EQ(BotHarness::count_answers(o), 1);
  EXPECT_TRUE(BotHarness::answer(o)->show_alert);
  EXPECT_TRUE(contains(BotHarness::answer(o)->text, "тебя вызвали")) << BotHarness::answer(o)->text;
  EXPECT_FALSE(contains(BotHarness::answer(o)->text, "Самого себя"));
  EXPECT_TRUE(edits(o).empty());
  EXPECT_EQ(h.store().fight_stats(kTarget).total, 0);
  // The challenge is still the attacker's to confirm.
  auto confirmed = h.press(kChat, kAttacker, "chat_fight_2", 500);
  EXPECT_EQ(edits(confirmed).size(), 1u);
  EXPECT_EQ(h.store().fight_stats(kAttacker).total, 1);
}

TEST(ChatFightConfirm, OwnIdWithoutAChallengeIsStale) {
  BotHarness h;
  auto o = h.press(kChat, kAttacker, "chat_fight_1");
  EXPECT_TRUE(BotHarness::answer(o)->show_alert);
  EXPECT_TRUE(contains(BotHarness::answer(o)->text, "недействителен"));
}

TEST(ChatFightConfirm, LimitsAreCheckedAgain) {
  BotHarness h;
  challenge(h);
  add_fights(h, kTarget, 10, h.now());
  auto o = h.press(kChat, kAttacker, "chat_fight_2");
  EXPECT_TRUE(BotHarness::answer(o)->show_alert);
  EXPECT_TRUE(contains(BotHarness::answer(o)->text, "лимит")) << BotHarness::answer(o)->text;
  EXPECT_EQ(h.store().fight_stats(kAttacker).total, 0);

  BotHarness h2;
  challenge(h2);
  add_fights(h2, kAttacker, 10, h2.now());
  auto o2 = h2.press(kChat, kAttacker, "chat_fight_2");
  EXPECT_TRUE(contains(BotHarness::answer(o2)->text, "Лимит: 10 боёв в час"));
  EXPECT_EQ(h2.store().fight_stats(kAttacker).total, 10);
}

TEST(ChatFightConfirm, CancelShowsTheChatMenu) {
  BotHarness h;
  challenge(h);
  auto o = h.press(kChat, kAttacker, "chat_menu");
  auto e = edits(o);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].keyboard, Keyboards::get().chat);
}

}  // namespace
}  // namespace bot

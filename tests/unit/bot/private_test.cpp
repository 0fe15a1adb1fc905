// The private-chat game through the real engine: every command and button answers, the
// error guard, maintenance, davka, uletet, tops, nickname conversation, радёмка.
#include <gtest/gtest.h>

#include "bot_harness.hpp"
#include "game/nickname.hpp"

namespace bot {
namespace {

using testing::BotHarness;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(PrivateChat, EveryButtonIsAnsweredExactlyOnce) {
  BotHarness h;
  h.private_text(1, "/start");
  h.private_text(2, "/start");
  for (const std::string data :
       {"davka", "uletet", "gofra_info", "cable_info", "atm_status", "atm_regen_time",
        "atm_max_info", "atm_boosters", "profile", "gofra_progress", "gofra_speed", "gofra_next",
        "cable_power_info", "cable_pvp_info", "cable_upgrade_info", "top", "top_gofra",
        "top_cable", "top_zmiy", "top_atm", "top_nonsense", "top_reputation", "my_reputation",
        "nickname_menu", "change_nickname", "rademka", "rademka_random", "rademka_stats",
        "rademka_top", "rademka_confirm_x", "back_main", "garbage"}) {
    auto o = h.press(1, 1, data);
    EXPECT_EQ(BotHarness::count_answers(o), 1) << data;
    EXPECT_FALSE(o.failed) << data << ": " << BotHarness::text(o);
  }
}

TEST(PrivateChat, EveryCommandAnswers) {
  BotHarness h;
  for (const std::string cmd : {"/start", "/menu", "/profile", "/gofra", "/cable", "/atm", "/top",
                                "/help", "/version", "/nickname", "/cancel", "/rademka", "/davka",
                                "/uletet"}) {
    auto o = h.private_text(1, cmd);
    EXPECT_FALSE(o.actions.empty()) << cmd;
    EXPECT_FALSE(o.failed) << cmd;
  }
}

TEST(PrivateChat, HelpAndTopDoNotCreateAPlayer) {
  BotHarness h;
  h.private_text(9, "/help");
  h.private_text(9, "/top");
  h.press(9, 9, "top_gofra");
  EXPECT_FALSE(h.store().find_player(9));
  h.private_text(9, "/profile");
  EXPECT_TRUE(h.store().find_player(9));
}

TEST(PrivateChat, DavkaNeedsAllAtmospheresAndRegenerates) {
  BotHarness h;
  auto first = h.press(1, 1, "davka");
  EXPECT_TRUE(contains(BotHarness::text(first), "ДАВКА КОРИЧНЕВАГА")) << BotHarness::text(first);
  auto p = *h.store().find_player(1);
  EXPECT_EQ(p.atm_count, 0);
  EXPECT_EQ(p.total_davki, 1);
  EXPECT_GT(p.gofra_mm, 10.0);

  auto refused = h.press(1, 1, "davka");
  const auto* answer = BotHarness::answer(refused);
  ASSERT_NE(answer, nullptr);
  EXPECT_TRUE(answer->show_alert);
  EXPECT_TRUE(contains(answer->text, "Сейчас: 0/12"));
  EXPECT_EQ(h.store().find_player(1)->total_davki, 1);

  h.advance(2 * 3600 + 1);  // one atmosphere at level 0
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "/atm")), "1/12"));
  h.advance(24 * 3600);
  auto second = h.private_text(1, "/davka");
  EXPECT_TRUE(contains(BotHarness::text(second), "ДАВКА КОРИЧНЕВАГА"));
  EXPECT_EQ(h.store().find_player(1)->total_davki, 2);
}

TEST(PrivateChat, UletetFlushesTheSnakeOnce) {
  BotHarness h;
  EXPECT_TRUE(contains(BotHarness::answer(h.press(1, 1, "uletet"))->text, "Нечего отправлять"));
  h.press(1, 1, "davka");
  double held = h.store().find_player(1)->zmiy_grams;
  ASSERT_GT(held, 0);
  auto o = h.private_text(1, "/uletet");
  EXPECT_TRUE(contains(BotHarness::text(o), "ЗМИЙ ОТПРАВЛЕН"));
  auto p = *h.store().find_player(1);
  EXPECT_EQ(p.zmiy_grams, 0);
  EXPECT_EQ(p.total_zmiy_grams, held);
  EXPECT_EQ(p.atm_count, 0);  // uletet never refills (GAME.md §5)
}

TEST(PrivateChat, TopShowsRealValuesTotalAndOwnPosition) {
  BotHarness h;
  for (UserId id = 1; id <= 12; ++id) h.private_text(id, "/start");
  h.press(12, 12, "davka");  // 12 grows past everyone else
  auto o = h.press(3, 3, "top_gofra");
  auto text = BotHarness::text(o);
  EXPECT_TRUE(contains(text, "🥇 Пацанчик_12")) << text;
  EXPECT_TRUE(contains(text, "🥈 Пацанчик_1 ")) << text;  // ties by user id
  EXPECT_TRUE(contains(text, "Всего пацанов: 12")) << text;
  EXPECT_TRUE(contains(text, "Твоя позиция: 4️⃣")) << text;
  auto outside = BotHarness::text(h.press(11, 11, "top_gofra"));
  EXPECT_TRUE(contains(outside, "Твоя позиция: 12.")) << outside;
  EXPECT_TRUE(contains(BotHarness::answer(h.press(1, 1, "top_money"))->text, "Неизвестный"));
}

TEST(PrivateChat, TopNamesNoPositionPastTheRankedPlaces) {
  BotHarness h;
  const auto last = static_cast<UserId>(store::kRankedPlaces) + 1;
  for (UserId id = 1; id <= last; ++id) h.private_text(id, "/start");
  // Everyone ties at the start length: ranked by user id, the last one is past the places.
  auto inside = BotHarness::text(h.press(last - 1, last - 1, "top_gofra"));
  EXPECT_TRUE(contains(inside, "Твоя позиция: 100.")) << inside;
  auto outside = BotHarness::text(h.press(last, last, "top_gofra"));
  EXPECT_TRUE(contains(outside, "Твоя позиция: дальше 100-го места")) << outside;
  // A viewer who never played has no position at all.
  auto stranger = BotHarness::text(h.press(last + 1, last + 1, "top_gofra"));
  EXPECT_FALSE(contains(stranger, "Твоя позиция")) << stranger;
}

TEST(PrivateChat, TopAtmUsesRegeneratedAtmospheres) {
  BotHarness h;
  h.private_text(1, "/start");
  h.press(2, 2, "davka");  // 2 now has 0 stored atmospheres
  h.advance(6 * 3600 + 5);
  auto text = BotHarness::text(h.press(1, 1, "top_atm"));
  EXPECT_TRUE(contains(text, "🌀 3/12")) << text;
}

TEST(PrivateChat, NicknameChangeOnceUniqueAndCancellable) {
  BotHarness h;
  h.private_text(1, "/start");
  h.private_text(2, "/start");

  // /cancel leaves the state; text afterwards is not a nickname.
  h.press(1, 1, "change_nickname");
  EXPECT_TRUE(h.state().awaiting_nickname(1, 1));
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "/cancel")), "отменена"));
  EXPECT_FALSE(h.state().awaiting_nickname(1, 1));
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "/cancel")), "Нечего отменять"));

  // Back button also leaves the state.
  h.press(1, 1, "change_nickname");
  h.press(1, 1, "nickname_menu");
  EXPECT_FALSE(h.state().awaiting_nickname(1, 1));

  h.press(1, 1, "change_nickname");
  auto again = h.press(1, 1, "change_nickname");
  EXPECT_TRUE(BotHarness::answer(again)->show_alert);
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "ab")), "от 3 до 20"));
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "Admin123")), "запрещённое"));
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "Вася  Пупкин")), "пробелов подряд"));
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "Пацанчик_2")), "занят"));
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "пацанчик_777")), "занят"));
  EXPECT_TRUE(h.state().awaiting_nickname(1, 1));  // errors keep the state
  auto ok = h.private_text(1, " Вася_Пупкин-1 ");
  EXPECT_TRUE(contains(BotHarness::text(ok), "Теперь ты: Вася_Пупкин-1"));
  EXPECT_FALSE(h.state().awaiting_nickname(1, 1));
  EXPECT_EQ(h.store().find_player(1)->nickname, "Вася_Пупкин-1");
  EXPECT_TRUE(h.store().find_player(1)->nickname_changed);

  // Second change refused; another player cannot take the name in another case.
  EXPECT_TRUE(contains(BotHarness::answer(h.press(1, 1, "change_nickname"))->text, "больше нельзя"));
  h.press(2, 2, "change_nickname");
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(2, "ВАСЯ_пупкин-1")), "занят"));
  EXPECT_EQ(h.store().find_player(2)->nickname, "Пацанчик_2");
}

TEST(PrivateChat, NonTextWhileWaitingForNicknameAsksForText) {
  BotHarness h;
  h.press(1, 1, "change_nickname");
  Message sticker;
  sticker.message_id = 77;
  sticker.chat = Chat{1, ChatType::kPrivate, {}};
  sticker.from = BotHarness::person(1);
  auto o = h.run(sticker);
  EXPECT_FALSE(o.failed);
  EXPECT_TRUE(contains(BotHarness::text(o), "текстом"));
  EXPECT_TRUE(h.state().awaiting_nickname(1, 1));
}

TEST(PrivateChat, RademkaWithNobodyElse) {
  BotHarness h;
  auto o = h.press(1, 1, "rademka_random");
  EXPECT_TRUE(contains(BotHarness::text(o), "Некого протащить"));
  EXPECT_EQ(BotHarness::count_answers(o), 1);
}

TEST(PrivateChat, RademkaConfirmationIsSingleUseAndRecorded) {
  BotHarness h;
  h.private_text(2, "/start");
  auto preview = h.press(1, 1, "rademka_random");
  ASSERT_TRUE(contains(BotHarness::text(preview), "ЦЕЛЬ НАЙДЕНА")) << BotHarness::text(preview);
  auto fight = h.press(1, 1, "rademka_confirm_2");
  auto text = BotHarness::text(fight);
  EXPECT_TRUE(contains(text, "УСПЕХ") || contains(text, "ПРОВАЛ")) << text;
  EXPECT_EQ(h.store().fight_stats(1).total, 1);
  EXPECT_EQ(h.store().fight_stats(2).total, 1);
  auto winner = h.store().fight_stats(1).wins == 1 ? 1 : 2;
  EXPECT_GT(h.store().find_player(winner)->gofra_mm, 10.0);

  auto again = h.press(1, 1, "rademka_confirm_2");
  EXPECT_TRUE(BotHarness::answer(again)->show_alert);
  EXPECT_EQ(h.store().fight_stats(1).total, 1);  // no farming (D-2, D-17)

  EXPECT_TRUE(BotHarness::answer(h.press(1, 1, "rademka_confirm_1"))->show_alert);    // self
  EXPECT_TRUE(BotHarness::answer(h.press(1, 1, "rademka_confirm_999"))->show_alert);  // forged
  EXPECT_FALSE(h.store().find_player(999));
  EXPECT_TRUE(contains(BotHarness::text(h.press(1, 1, "rademka_stats")), "Всего боёв: 1"));
  EXPECT_TRUE(contains(BotHarness::text(h.press(1, 1, "rademka_top")), "ТОП РАДЁМКИ"));
}

TEST(PrivateChat, ChallengeExpires) {
  BotHarness h;
  h.private_text(2, "/start");
  h.press(1, 1, "rademka_random");
  h.advance(h.config().balance.pvp_challenge_ttl_seconds + 1);
  EXPECT_TRUE(contains(BotHarness::answer(h.press(1, 1, "rademka_confirm_2"))->text,
                       "недействителен"));
  EXPECT_EQ(h.store().fight_stats(1).total, 0);
}

TEST(PrivateChat, HourlyFightLimit) {
  BotHarness h;
  h.private_text(2, "/start");
  store::ChangeSet fights;
  for (int i = 0; i < 10; ++i) fights.fights.push_back({1, 2, h.now() - 10});
  h.store().write(fights);
  EXPECT_TRUE(contains(BotHarness::answer(h.press(1, 1, "rademka_random"))->text, "Лимит"));
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "/rademka")), "❌ Лимит"));
  h.advance(3601);
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "/rademka")), "✅ Можно"));
}

TEST(Guards, MaintenanceTurnsAwayAllButAdmins) {
  BotHarness h;
  h.config().bot.maintenance = true;
  h.config().bot.admins = {1};
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(2, "/start")), "обслуживании"));
  EXPECT_TRUE(BotHarness::answer(h.press(2, 2, "davka"))->show_alert);
  EXPECT_FALSE(h.store().find_player(2));
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(1, "/start")), "Здарова"));
  h.config().bot.maintenance = false;  // switched live
  EXPECT_TRUE(contains(BotHarness::text(h.private_text(2, "/start")), "Здарова"));
}

using testing::FailingStore;
using testing::UncommittableStore;

TEST(Guards, FailedCommitAcknowledgesNothing) {
  UncommittableStore store;
  ops::Config config;
  game::Random rng(1);
  SessionState state;
  Engine engine(store, Services{&config, &rng, &state}, "gofrobot");
  Message m;
  m.message_id = 1;
  m.chat = Chat{1, ChatType::kPrivate, {}};
  m.from = User{1, false, "Вася", {}};
  m.text = "/start";
  std::vector<Update> batch{Update{1, m}, Update{2, m}};
  auto outcomes = engine.process_batch(batch, testing::kStartTime);
  ASSERT_EQ(outcomes.size(), 2u);
  for (const auto& o : outcomes) {
    EXPECT_FALSE(o.committed);
    EXPECT_TRUE(o.actions.empty());
  }
  EXPECT_FALSE(store.find_player(1));
  EXPECT_FALSE(store.update_processed(1));
}

TEST(Engine, RedeliveredUpdateChangesNothing) {
  testing::BotHarness h;
  CallbackQuery q;
  q.id = "q";
  q.from = testing::BotHarness::person(1);
  q.chat = Chat{1, ChatType::kPrivate, {}};
  q.message_id = 5;
  q.data = "davka";
  Update u{4242, q};
  auto first = h.engine().process(u, h.now());
  EXPECT_TRUE(first.committed);
  EXPECT_EQ(h.store().find_player(1)->total_davki, 1);
  h.advance(86400);
  auto again = h.engine().process(u, h.now());
  EXPECT_TRUE(again.duplicate);
  EXPECT_TRUE(again.actions.empty());
  EXPECT_EQ(h.store().find_player(1)->total_davki, 1);
  EXPECT_TRUE(h.store().update_processed(4242));
  // The reply went to the outbox with the effects.
  auto outbox = h.store().pending_outbox(10);
  ASSERT_FALSE(outbox.empty());
  EXPECT_EQ(outbox.back().update_id, 4242);
  EXPECT_NE(outbox.back().payload.find("editMessageText"), std::string::npos);
}

TEST(Guards, ErrorGuardAnswersFriendlyAndDropsTheUpdate) {
  FailingStore store;
  ops::Config config;
  game::Random rng(1);
  SessionState state;
  Engine engine(store, Services{&config, &rng, &state}, "gofrobot");
  Message m;
  m.message_id = 1;
  m.chat = Chat{1, ChatType::kPrivate, {}};
  m.from = User{1, false, "Вася", {}};
  m.text = "/start";
  auto o = engine.process(Update{1, m}, testing::kStartTime);
  EXPECT_TRUE(o.failed);
  ASSERT_EQ(o.actions.size(), 1u);
  EXPECT_EQ(std::get<SendMessage>(o.actions[0]).text, kErrorText);

  CallbackQuery q;
  q.id = "q";
  q.from = User{1, false, "Вася", {}};
  q.chat = Chat{1, ChatType::kPrivate, {}};
  q.message_id = 1;
  q.data = "davka";
  o = engine.process(Update{2, q}, testing::kStartTime);
  ASSERT_EQ(o.actions.size(), 1u);
  const auto& answer = std::get<AnswerCallback>(o.actions[0]);
  EXPECT_TRUE(answer.show_alert);
  EXPECT_EQ(answer.callback_id, "q");
  EXPECT_FALSE(store.find_player(1));
  EXPECT_TRUE(store.update_processed(2));  // a failing update is not redelivered forever
}

}  // namespace
}  // namespace bot

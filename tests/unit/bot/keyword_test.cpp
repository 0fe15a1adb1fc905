// The keyword responder (GAME.md §10.5, Appendix A decision 8) through the real engine.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "unit/bot/bot_harness.hpp"

namespace bot {
namespace {

using testing::BotHarness;

constexpr ChatId kChat = -100;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool starts_with_any(const std::string& text, const std::vector<std::string>& prefixes) {
  for (const auto& p : prefixes) {
    if (text.starts_with(p)) return true;
  }
  return false;
}

// The keyword replies of an outcome: messages sent as a reply to another message.
std::vector<SendMessage> replies(const Outcome& o) {
  std::vector<SendMessage> out;
  for (const auto& a : o.actions) {
    if (const auto* m = std::get_if<SendMessage>(&a); m && m->reply_to_message_id) {
      out.push_back(*m);
    }
  }
  return out;
}

Outcome say(BotHarness& h, MessageId id, const std::string& text, ChatId chat = kChat,
            UserId user = 1) {
  Message m;
  m.message_id = id;
  m.chat = Chat{chat, chat < 0 ? ChatType::kSupergroup : ChatType::kPrivate, "Гофрочат"};
  m.from = BotHarness::person(user);
  m.text = text;
  return h.run(m);
}

// Each phrase pool, by the leading emoji (and word) of its phrases.
const std::vector<std::string> kGofraPool = {"🏗️ Гофра", "📏", "😏", "🐍 Без гофры"};
const std::vector<std::string> kSnakePool = {"💩", "🐍 А я сегодня", "🟤"};
const std::vector<std::string> kDavkaPool = {"🙏", "🌀", "🌅"};

TEST(Keyword, RepliesToTheMessageCaseInsensitively) {
  for (const std::string text : {"гофра", "ГОФРА рулит", "Где мой Змий?", "ДаВкА"}) {
    BotHarness h;
    auto o = say(h, 4242, text);
    EXPECT_EQ(o.route, "keyword");
    auto r = replies(o);
    ASSERT_EQ(r.size(), 1u) << text;
    EXPECT_EQ(*r[0].reply_to_message_id, 4242);
    EXPECT_EQ(r[0].chat_id, kChat);
    EXPECT_EQ(r[0].keyboard, nullptr);
    EXPECT_EQ(o.actions.size(), 1u);
  }
}

TEST(Keyword, OtherTextsGetNothingAndKeepTheCooldownFree) {
  BotHarness h;
  EXPECT_TRUE(say(h, 1, "привет, пацаны").actions.empty());
  EXPECT_TRUE(say(h, 2, "змеи").actions.empty());  // "зме" selects a pool but does not trigger
  EXPECT_EQ(replies(say(h, 3, "гофра")).size(), 1u);
}

TEST(Keyword, OneReplyPerChatPerCooldown) {
  BotHarness h;
  ASSERT_EQ(h.config().gameplay.keyword_cooldown_seconds, 600);
  EXPECT_EQ(replies(say(h, 1, "гофра")).size(), 1u);
  EXPECT_TRUE(say(h, 2, "давка").actions.empty());
  h.advance(599);
  EXPECT_TRUE(say(h, 3, "змий", kChat, 2).actions.empty());
  // Another chat has its own cooldown.
  EXPECT_EQ(replies(say(h, 4, "гофра", -200)).size(), 1u);
  h.advance(1);
  EXPECT_EQ(replies(say(h, 5, "давка")).size(), 1u);
  EXPECT_TRUE(say(h, 6, "давка").actions.empty());
}

TEST(Keyword, ConfiguredCooldown) {
  BotHarness h;
  h.config().gameplay.keyword_cooldown_seconds = 30;
  EXPECT_EQ(replies(say(h, 1, "гофра")).size(), 1u);
  h.advance(29);
  EXPECT_TRUE(say(h, 2, "гофра").actions.empty());
  h.advance(1);
  EXPECT_EQ(replies(say(h, 3, "гофра")).size(), 1u);
}

TEST(Keyword, ZeroCooldownDisablesTheResponder) {
  BotHarness h;
  h.config().gameplay.keyword_cooldown_seconds = 0;
  EXPECT_TRUE(say(h, 1, "гофра").actions.empty());
  h.advance(10000);
  EXPECT_TRUE(say(h, 2, "давка змий гофра").actions.empty());
}

TEST(Keyword, NothingInPrivateChats) {
  BotHarness h;
  auto o = h.private_text(1, "гофра змий давка");
  EXPECT_NE(o.route, "keyword");
  EXPECT_TRUE(replies(o).empty());
  // The private chat did not use up anything: a group still gets its reply.
  EXPECT_EQ(replies(say(h, 9, "гофра")).size(), 1u);
}

TEST(Keyword, NothingWhileTheSenderTypesANickname) {
  BotHarness h;
  h.state().set_awaiting_nickname(kChat, 1, true);
  auto o = say(h, 1, "гофра");
  EXPECT_NE(o.route, "keyword");
  EXPECT_TRUE(replies(o).empty());
  // Another member of the same chat still gets a reply.
  EXPECT_EQ(replies(say(h, 2, "гофра", kChat, 2)).size(), 1u);
}

TEST(Keyword, CommandsAreNotKeywords) {
  BotHarness h;
  auto o = say(h, 1, "/gofra_davka_zmiy гофра");
  EXPECT_NE(o.route, "keyword");
  EXPECT_TRUE(replies(o).empty());
}

TEST(Keyword, PhrasesComeFromTheMatchingPools) {
  BotHarness h;
  h.config().gameplay.keyword_cooldown_seconds = 1;
  MessageId id = 0;
  for (int i = 0; i < 40; ++i) {
    h.advance(1);
    auto r = replies(say(h, ++id, "ДАВКА"));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_TRUE(starts_with_any(r[0].text, kDavkaPool)) << r[0].text;
    h.advance(1);
    r = replies(say(h, ++id, "мой ЗМИЙ"));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_TRUE(starts_with_any(r[0].text, kSnakePool)) << r[0].text;
    h.advance(1);
    r = replies(say(h, ++id, "Гофра"));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_TRUE(starts_with_any(r[0].text, kGofraPool)) << r[0].text;
  }
}

TEST(Keyword, MixedTextsDrawFromEveryMatchingPool) {
  BotHarness h;
  h.config().gameplay.keyword_cooldown_seconds = 1;
  bool gofra = false, snake = false, davka = false;
  for (MessageId id = 1; id <= 120; ++id) {
    h.advance(1);
    auto r = replies(say(h, id, "гофра, змий и давка"));
    ASSERT_EQ(r.size(), 1u);
    gofra = gofra || starts_with_any(r[0].text, kGofraPool);
    snake = snake || starts_with_any(r[0].text, kSnakePool);
    davka = davka || starts_with_any(r[0].text, kDavkaPool);
  }
  EXPECT_TRUE(gofra);
  EXPECT_TRUE(snake);
  EXPECT_TRUE(davka);
}

TEST(Keyword, OwnGofraPhraseUsesTheSendersLengthOnce) {
  BotHarness h;
  h.config().gameplay.keyword_cooldown_seconds = 1;
  store::ChangeSet set;
  auto p = game::new_player(7, h.now(), h.config().balance);
  p.gofra_mm = 1234.5;
  set.players.push_back(p);
  h.store().write(set);
  std::optional<std::string> own;
  for (MessageId id = 1; id <= 80 && !own; ++id) {
    h.advance(1);
    auto r = replies(say(h, id, "гофра", kChat, 7));
    ASSERT_EQ(r.size(), 1u);
    if (r[0].text.starts_with("😏")) own = r[0].text;
  }
  ASSERT_TRUE(own.has_value());
  EXPECT_TRUE(contains(*own, "123.5 см!")) << *own;
  EXPECT_FALSE(contains(*own, "см см")) << *own;
}

TEST(Keyword, SnakeWeightPhraseStaysInRange) {
  BotHarness h;
  h.config().gameplay.keyword_cooldown_seconds = 1;
  int seen = 0;
  for (MessageId id = 1; id <= 200; ++id) {
    h.advance(1);
    auto r = replies(say(h, id, "змий"));
    ASSERT_EQ(r.size(), 1u);
    const std::string prefix = "🐍 А я сегодня выдавил ";
    if (!r[0].text.starts_with(prefix)) continue;
    ++seen;
    int grams = std::stoi(r[0].text.substr(prefix.size()));
    EXPECT_GE(grams, 50);
    EXPECT_LE(grams, 500);
  }
  EXPECT_GT(seen, 0);
}

}  // namespace
}  // namespace bot

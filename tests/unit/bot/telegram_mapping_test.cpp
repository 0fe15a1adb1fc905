// telegram::Update → bot::Update: which updates reach the game and what they carry.
#include <gtest/gtest.h>

#include "bot/telegram_mapping.hpp"
#include "telegram/parse.hpp"
#include "telegram_vectors.hpp"

namespace bot {
namespace {

std::optional<Update> map(std::string_view json) {
  auto parsed = telegram::parse_update(json);
  if (const auto* e = std::get_if<telegram::ParseError>(&parsed)) {
    ADD_FAILURE() << e->reason;
    return std::nullopt;
  }
  return to_bot_update(std::get<telegram::Update>(parsed));
}

Message message(std::string_view json) {
  auto u = map(json);
  if (!u || !std::holds_alternative<Message>(u->payload)) {
    ADD_FAILURE() << "not mapped to a message";
    return {};
  }
  return std::get<Message>(u->payload);
}

CallbackQuery callback(std::string_view json) {
  auto u = map(json);
  if (!u || !std::holds_alternative<CallbackQuery>(u->payload)) {
    ADD_FAILURE() << "not mapped to a callback query";
    return {};
  }
  return std::get<CallbackQuery>(u->payload);
}

TEST(TelegramMapping, PrivateMessage) {
  auto u = map(tgvec::kPrivateCommand);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->update_id, 10000);
  const auto& m = std::get<Message>(u->payload);
  EXPECT_EQ(m.message_id, 1365);
  EXPECT_EQ(m.chat.id, 1111111);
  EXPECT_EQ(m.chat.type, ChatType::kPrivate);
  ASSERT_TRUE(m.from);
  EXPECT_EQ(m.from->id, 1111111);
  EXPECT_EQ(m.from->first_name, "Вася");
  EXPECT_EQ(m.from->username, "vasya");
  EXPECT_EQ(m.text, "/start");
  EXPECT_FALSE(m.reply_to_message_id);
  EXPECT_FALSE(m.reply_to_from);
  EXPECT_FALSE(m.reply_is_topic_root);
}

TEST(TelegramMapping, ChatTypes) {
  EXPECT_EQ(message(tgvec::kGroupCommand).chat.type, ChatType::kGroup);
  EXPECT_EQ(message(tgvec::kGroupCommand).chat.title, "Пацаны");
  EXPECT_EQ(message(tgvec::kSupergroupReplyThread).chat.type, ChatType::kSupergroup);
  EXPECT_EQ(message(tgvec::kChannelPost).chat.type, ChatType::kChannel);
  // A chat type Telegram adds later is not guessed at.
  EXPECT_FALSE(map(R"({"update_id": 1, "message": {"message_id": 1, "chat": {"id": 1, "type": "hive"},
                      "from": {"id": 1, "first_name": "x"}, "text": "/start"}})"));
}

TEST(TelegramMapping, ReplyToAnotherUser) {
  Message m = message(tgvec::kSupergroupReplyThread);
  EXPECT_EQ(m.reply_to_message_id, 77);
  ASSERT_TRUE(m.reply_to_from);
  EXPECT_EQ(m.reply_to_from->id, 4444444);
  EXPECT_EQ(m.reply_to_from->first_name, "Коля");
  EXPECT_FALSE(m.reply_is_topic_root);
}

TEST(TelegramMapping, ForumTopics) {
  Message implicit = message(tgvec::kForumTopicImplicitReply);
  EXPECT_EQ(implicit.reply_to_message_id, 42);
  EXPECT_TRUE(implicit.reply_is_topic_root);

  Message explicit_reply = message(tgvec::kForumTopicExplicitReply);
  EXPECT_EQ(explicit_reply.reply_to_message_id, 50);
  EXPECT_EQ(explicit_reply.reply_to_from->id, 4444444);
  EXPECT_FALSE(explicit_reply.reply_is_topic_root);
  EXPECT_EQ(explicit_reply.text, "/протащить");
}

TEST(TelegramMapping, CaptionIsTextAndStickerHasNone) {
  EXPECT_EQ(message(tgvec::kPhotoCaption).text, "/davka смотрите");
  Message sticker = message(tgvec::kSticker);
  EXPECT_FALSE(sticker.text);
  EXPECT_TRUE(sticker.from);
}

TEST(TelegramMapping, ChannelPostKeptWithoutFrom) {
  Message m = message(tgvec::kChannelPost);
  EXPECT_FALSE(m.from);
  EXPECT_EQ(m.chat.id, -1001111111111);
  EXPECT_EQ(m.text, "/start");
}

TEST(TelegramMapping, PlaceholderSendersAreNotUsers) {
  // Anonymous admin: GroupAnonymousBot stands for whichever admin wrote.
  EXPECT_FALSE(message(tgvec::kAnonymousAdmin).from);
  // The author of a channel's automatic forward is "Telegram" (777000), not a person.
  Message m = message(tgvec::kReplyToChannelForward);
  ASSERT_TRUE(m.from);
  EXPECT_EQ(m.from->id, 2222222);
  EXPECT_EQ(m.reply_to_message_id, 80);
  EXPECT_FALSE(m.reply_to_from);
  EXPECT_FALSE(m.reply_is_topic_root);
}

TEST(TelegramMapping, CallbackWithMessage) {
  auto u = map(tgvec::kCallbackWithMessage);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->update_id, 10010);
  const auto& q = std::get<CallbackQuery>(u->payload);
  EXPECT_EQ(q.id, "4382bfdwdsb323b2d9");
  EXPECT_EQ(q.from.id, 1111111);
  EXPECT_EQ(q.data, "profile");
  ASSERT_TRUE(q.chat);
  EXPECT_EQ(q.chat->id, 1111111);
  EXPECT_EQ(q.chat->type, ChatType::kPrivate);
  EXPECT_EQ(q.message_id, 1400);
}

TEST(TelegramMapping, CallbackWithoutAccessibleMessageIsStillMapped) {
  CallbackQuery in = callback(tgvec::kCallbackInline);
  EXPECT_EQ(in.data, "top");
  EXPECT_FALSE(in.chat);
  EXPECT_FALSE(in.message_id);

  CallbackQuery gone = callback(tgvec::kCallbackInaccessible);
  EXPECT_EQ(gone.id, "4382bfdwdsb323b2db");
  EXPECT_EQ(gone.data, "chat_menu");
  EXPECT_FALSE(gone.chat);
  EXPECT_FALSE(gone.message_id);
}

TEST(TelegramMapping, IgnoredKinds) {
  EXPECT_FALSE(map(tgvec::kEditedMessage));
  EXPECT_FALSE(map(tgvec::kMyChatMember));
  EXPECT_FALSE(map(tgvec::kMessageReaction));
  EXPECT_FALSE(map(tgvec::kFutureKind));
  EXPECT_FALSE(map(R"({"update_id": 3, "edited_channel_post": {"message_id": 1,
                      "chat": {"id": -1001, "type": "channel"}, "text": "x"}})"));
}

}  // namespace
}  // namespace bot

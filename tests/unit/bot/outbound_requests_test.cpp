// Replies as outbound requests: the chat each one is paced by (read without encoding,
// for the webhook's rider) and the request to_request builds from it.
#include "bot/outbound_requests.hpp"

#include <gtest/gtest.h>

#include "bot/bot_api_encoding.hpp"

namespace bot {
namespace {

TEST(ChatOf, MessagesAndEditsHaveTheirChat) {
  EXPECT_EQ(chat_of(Action{SendMessage{42, "hi", nullptr, {}}}), ChatId{42});
  EXPECT_EQ(chat_of(Action{EditMessage{-1001234567890, 7, "edited", nullptr}}),
            ChatId{-1001234567890});
}

TEST(ChatOf, CallbackAnswersHaveNone) {
  EXPECT_EQ(chat_of(Action{AnswerCallback{"cb1", "done", true}}), std::nullopt);
}

TEST(IsGroupChat, NegativeIdsAreGroups) {
  EXPECT_TRUE(is_group_chat(-1001234567890));
  EXPECT_TRUE(is_group_chat(-5));
  EXPECT_FALSE(is_group_chat(42));
  EXPECT_FALSE(is_group_chat(0));
}

TEST(ToRequest, SendMessageInAGroup) {
  const Action send = SendMessage{-100500, "Привет", nullptr, {}};
  const auto r = to_request(send, 9);
  EXPECT_EQ(r.method, "sendMessage");
  EXPECT_EQ(r.body, encode_body(send));
  EXPECT_EQ(r.chat_id, -100500);
  EXPECT_TRUE(r.group);
  EXPECT_TRUE(r.fallback_body.empty());
  EXPECT_EQ(r.update_id, 9);
}

TEST(ToRequest, EditFallsBackToASendMessage) {
  const Action edit = EditMessage{42, 7, "новый текст", nullptr};
  const auto r = to_request(edit, 3);
  EXPECT_EQ(r.method, "editMessageText");
  EXPECT_EQ(r.body, encode_body(edit));
  EXPECT_EQ(r.chat_id, 42);
  EXPECT_FALSE(r.group);
  EXPECT_EQ(r.fallback_body, encode_body(SendMessage{42, "новый текст", nullptr, {}}));
}

TEST(ToRequest, CallbackAnswerIsNotPacedPerChat) {
  const Action answer = AnswerCallback{"cb1", "", false};
  const auto r = to_request(answer, 1);
  EXPECT_EQ(r.method, "answerCallbackQuery");
  EXPECT_EQ(r.body, R"({"callback_query_id":"cb1"})");
  EXPECT_EQ(r.chat_id, 0);
  EXPECT_FALSE(r.group);
  EXPECT_TRUE(r.fallback_body.empty());
}

TEST(ToRequests, OnePerActionInOrder) {
  const std::vector<Action> actions = {AnswerCallback{"cb", "", false},
                                       SendMessage{5, "a", nullptr, {}}};
  const auto requests = to_requests(actions, 11);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "answerCallbackQuery");
  EXPECT_EQ(requests[1].chat_id, 5);
  EXPECT_EQ(requests[1].update_id, 11);
}

}  // namespace
}  // namespace bot

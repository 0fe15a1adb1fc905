// Replies encoded once and spliced (bot_api_encoding.hpp): every spliced form equals what
// the JSON writer produces for it directly, so a reply reads the same in a webhook
// response, an outbound request and the outbox, whichever way it was built.
#include "bot/bot_api_encoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/outbound_requests.hpp"

namespace bot {
namespace {

KeyboardRef keyboard() {
  return make_keyboard({{Button{"💪 Давить", "davka"}, Button{"Назад \"домой\"", "back"}},
                        {Button{"a,\"message_id\":1,", "x"}}});
}

// Texts that an unwary splice would cut in the wrong place.
const std::vector<std::string>& texts() {
  static const std::vector<std::string> all = {
      "",
      "Привет",
      R"(с "кавычками", запятыми, и ,"message_id":12, внутри)",
      "строка\nвторая\tтаб \\ обратный слэш",
      "🚀 «змий» 💨",
  };
  return all;
}

std::vector<Action> sample_actions() {
  std::vector<Action> actions;
  for (const auto& text : texts()) {
    actions.push_back(SendMessage{42, text, nullptr, {}});
    actions.push_back(SendMessage{-1001234567890, text, keyboard(), 77});
    actions.push_back(EditMessage{-5, 9'000'000'001, text, keyboard()});
    actions.push_back(EditMessage{42, 7, text, nullptr});
    actions.push_back(AnswerCallback{"cb-" + std::to_string(actions.size()), text, true});
  }
  actions.push_back(AnswerCallback{"cb", "", false});
  return actions;
}

TEST(EncodedAction, AMethodCallEqualsTheDirectEncoding) {
  for (const auto& action : sample_actions()) {
    const auto encoded = encode(action);
    EXPECT_EQ(encoded.method, method_name(action));
    EXPECT_EQ(encoded.body, encode_body(action));
    EXPECT_EQ(method_call(encoded), encode_method_call(action));
  }
  EXPECT_EQ(method_call(encode(AnswerCallback{"cb", "", false})),
            R"({"method":"answerCallbackQuery","callback_query_id":"cb"})");
}

TEST(EncodedAction, ThePayloadIsTheArrayOfCallsAndDecodesBack) {
  const auto actions = sample_actions();
  const auto payload = actions_payload(encode_all(actions));
  std::string expected = "[";
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (i > 0) expected += ',';
    expected += encode_method_call(actions[i]);
  }
  expected += ']';
  EXPECT_EQ(payload, expected);
  EXPECT_EQ(encode_actions(actions), payload);
  const auto decoded = decode_actions(payload);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(encode_actions(*decoded), payload);
  EXPECT_EQ(actions_payload({}), "[]");
}

TEST(EncodedAction, AnEditsFallbackIsItsSendMessageTwin) {
  for (const auto& action : sample_actions()) {
    const auto* edit = std::get_if<EditMessage>(&action);
    if (!edit) continue;
    SCOPED_TRACE(edit->text);
    EXPECT_EQ(edit_fallback_body(encode_body(action)),
              encode_body(SendMessage{edit->chat_id, edit->text, edit->keyboard, {}}));
  }
}

TEST(ToRequests, ReuseTheEncodingAndSkipTheRider) {
  const std::vector<Action> actions = {EditMessage{42, 7, "текст", keyboard()},
                                       AnswerCallback{"cb", "ok", false},
                                       SendMessage{-100, "группа", nullptr, {}}};
  const auto requests = to_requests(actions, 5, encode_all(actions), 1);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "editMessageText");
  EXPECT_EQ(requests[0].body, encode_body(actions[0]));
  EXPECT_EQ(requests[0].fallback_body,
            encode_body(SendMessage{42, "текст", std::get<EditMessage>(actions[0]).keyboard, {}}));
  EXPECT_EQ(requests[1].method, "sendMessage");
  EXPECT_EQ(requests[1].body, encode_body(actions[2]));
  EXPECT_TRUE(requests[1].group);
  // Without the encoding (a reply read back from the outbox) they are encoded here, alike.
  const auto again = to_requests(actions, 5, {}, 1);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].body, requests[0].body);
  EXPECT_EQ(again[1].body, requests[1].body);
}

}  // namespace
}  // namespace bot

// Bot API JSON → telegram types: every update shape the game meets, every response shape
// the client meets, and malformed input that must become a ParseError without crashing.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "telegram/parse.hpp"
#include "telegram_vectors.hpp"

namespace telegram {
namespace {

template <typename T>
T ok(const std::variant<T, ParseError>& r) {
  if (const auto* e = std::get_if<ParseError>(&r)) {
    ADD_FAILURE() << "unexpected ParseError: " << e->reason;
    return T{};
  }
  return std::get<T>(r);
}

template <typename T>
std::string error(const std::variant<T, ParseError>& r) {
  if (const auto* e = std::get_if<ParseError>(&r)) return e->reason;
  ADD_FAILURE() << "parsed although it should not";
  return {};
}

Update update(std::string_view json) { return ok(parse_update(json)); }

const Message& message_of(const Update& u) { return std::get<Message>(u.payload); }

// --- updates -------------------------------------------------------------------------

TEST(TelegramParse, PrivateCommand) {
  Update u = update(tgvec::kPrivateCommand);
  EXPECT_EQ(u.update_id, 10000);
  EXPECT_EQ(u.kind, UpdateKind::kMessage);
  EXPECT_EQ(u.kind_name, "message");
  const Message& m = message_of(u);
  EXPECT_EQ(m.message_id, 1365);
  ASSERT_TRUE(m.from);
  EXPECT_EQ(m.from->id, 1111111);
  EXPECT_FALSE(m.from->is_bot);
  EXPECT_EQ(m.from->first_name, "Вася");
  EXPECT_EQ(m.from->username, "vasya");
  EXPECT_EQ(m.chat.id, 1111111);
  EXPECT_EQ(m.chat.type, ChatType::kPrivate);
  EXPECT_EQ(m.date, 1441645532);
  EXPECT_TRUE(m.accessible());
  ASSERT_TRUE(m.text);
  EXPECT_EQ(*m.text, "/start");
  EXPECT_FALSE(m.text_is_caption);
  ASSERT_EQ(m.entities.size(), 1u);
  EXPECT_EQ(m.entities[0].type, "bot_command");
  EXPECT_EQ(m.entities[0].offset, 0);
  EXPECT_EQ(m.entities[0].length, 6);
  EXPECT_FALSE(m.reply_to_message);
  EXPECT_FALSE(m.sender_chat);
}

TEST(TelegramParse, GroupCommandWithBotUsername) {
  const Message m = message_of(update(tgvec::kGroupCommand));
  EXPECT_EQ(m.chat.id, -4012345678);
  EXPECT_EQ(m.chat.type, ChatType::kGroup);
  EXPECT_EQ(m.chat.title, "Пацаны");
  EXPECT_EQ(*m.text, "/gtop@GofroBot now");
  EXPECT_EQ(m.entities.at(0).length, 14);
}

TEST(TelegramParse, ForumTopicImplicitReplyIsTopicRoot) {
  const Message m = message_of(update(tgvec::kForumTopicImplicitReply));
  EXPECT_EQ(m.chat.id, -1001234567890);
  EXPECT_EQ(m.chat.type, ChatType::kSupergroup);
  EXPECT_TRUE(m.chat.is_forum);
  EXPECT_TRUE(m.is_topic_message);
  EXPECT_EQ(m.message_thread_id, 42);
  ASSERT_TRUE(m.reply_to_message);
  EXPECT_EQ(m.reply_to_message->message_id, 42);
  EXPECT_TRUE(m.reply_to_message->is_topic_created);
  EXPECT_TRUE(m.reply_is_topic_root);
}

TEST(TelegramParse, ForumTopicRootDetectedByThreadIdToo) {
  // Without forum_topic_created (trimmed by some proxy), the thread id still identifies it.
  std::string json(tgvec::kForumTopicImplicitReply);
  const std::string created = R"("forum_topic_created": {"name": "Радёмки", "icon_color": 7322096},)";
  auto at = json.find(created);
  ASSERT_NE(at, std::string::npos);
  json.erase(at, created.size());
  const Message m = message_of(update(json));
  EXPECT_FALSE(m.reply_to_message->is_topic_created);
  EXPECT_TRUE(m.reply_is_topic_root);
}

TEST(TelegramParse, ForumTopicExplicitReplyIsNotRoot) {
  const Message m = message_of(update(tgvec::kForumTopicExplicitReply));
  ASSERT_TRUE(m.reply_to_message);
  EXPECT_EQ(m.reply_to_message->message_id, 50);
  ASSERT_TRUE(m.reply_to_message->from);
  EXPECT_EQ(m.reply_to_message->from->id, 4444444);
  EXPECT_EQ(m.reply_to_message->from->username, "kolya");
  EXPECT_FALSE(m.reply_is_topic_root);
  EXPECT_EQ(*m.text, "/протащить");
  EXPECT_TRUE(m.entities.empty());  // Cyrillic commands carry no bot_command entity
}

TEST(TelegramParse, SupergroupReplyThreadIsNotTopicRoot) {
  const Message m = message_of(update(tgvec::kSupergroupReplyThread));
  EXPECT_EQ(m.message_thread_id, 77);
  EXPECT_FALSE(m.is_topic_message);
  ASSERT_TRUE(m.reply_to_message);
  EXPECT_EQ(m.reply_to_message->message_id, 77);
  EXPECT_FALSE(m.reply_is_topic_root);
}

TEST(TelegramParse, PhotoCaptionIsTheText) {
  const Message m = message_of(update(tgvec::kPhotoCaption));
  ASSERT_TRUE(m.text);
  EXPECT_EQ(*m.text, "/davka смотрите");
  EXPECT_TRUE(m.text_is_caption);
  ASSERT_EQ(m.entities.size(), 1u);
  EXPECT_EQ(m.entities[0].type, "bot_command");
}

TEST(TelegramParse, StickerHasNoText) {
  const Message m = message_of(update(tgvec::kSticker));
  EXPECT_FALSE(m.text);
  EXPECT_TRUE(m.entities.empty());
  EXPECT_EQ(m.message_id, 91);
}

TEST(TelegramParse, ChannelPostHasNoFrom) {
  Update u = update(tgvec::kChannelPost);
  EXPECT_EQ(u.kind, UpdateKind::kChannelPost);
  const Message& m = message_of(u);
  EXPECT_FALSE(m.from);
  ASSERT_TRUE(m.sender_chat);
  EXPECT_EQ(m.sender_chat->id, -1001111111111);
  EXPECT_EQ(m.sender_chat->type, ChatType::kChannel);
  EXPECT_EQ(m.chat.type, ChatType::kChannel);
}

TEST(TelegramParse, AnonymousAdminKeepsPlaceholderAndSenderChat) {
  const Message m = message_of(update(tgvec::kAnonymousAdmin));
  ASSERT_TRUE(m.from);
  EXPECT_EQ(m.from->id, 1087968824);
  ASSERT_TRUE(m.sender_chat);
  EXPECT_EQ(m.sender_chat->id, m.chat.id);
}

TEST(TelegramParse, CallbackWithMessage) {
  Update u = update(tgvec::kCallbackWithMessage);
  EXPECT_EQ(u.kind, UpdateKind::kCallbackQuery);
  const auto& q = std::get<CallbackQuery>(u.payload);
  EXPECT_EQ(q.id, "4382bfdwdsb323b2d9");
  EXPECT_EQ(q.from.id, 1111111);
  EXPECT_EQ(q.data, "profile");
  EXPECT_EQ(q.chat_instance, "-7412345678901234567");
  EXPECT_TRUE(q.inline_message_id.empty());
  ASSERT_TRUE(q.message);
  EXPECT_TRUE(q.message->accessible());
  EXPECT_EQ(q.message->message_id, 1400);
  EXPECT_EQ(q.message->chat.id, 1111111);
  EXPECT_TRUE(q.message->from->is_bot);
}

TEST(TelegramParse, CallbackInlineHasNoMessage) {
  const auto q = std::get<CallbackQuery>(update(tgvec::kCallbackInline).payload);
  EXPECT_FALSE(q.message);
  EXPECT_EQ(q.inline_message_id, "AgAAAKbZAQAx3zQKqGm5yFDfm5A");
  EXPECT_EQ(q.data, "top");
}

TEST(TelegramParse, CallbackInaccessibleMessage) {
  const auto q = std::get<CallbackQuery>(update(tgvec::kCallbackInaccessible).payload);
  ASSERT_TRUE(q.message);
  EXPECT_FALSE(q.message->accessible());
  EXPECT_EQ(q.message->date, 0);
  EXPECT_EQ(q.message->message_id, 5);
  EXPECT_EQ(q.message->chat.id, -1009876543210);
}

TEST(TelegramParse, MyChatMember) {
  Update u = update(tgvec::kMyChatMember);
  EXPECT_EQ(u.kind, UpdateKind::kMyChatMember);
  const auto& c = std::get<ChatMemberUpdated>(u.payload);
  EXPECT_EQ(c.chat.id, -4012345678);
  EXPECT_EQ(c.from.id, 1111111);
  EXPECT_EQ(c.old_status, "left");
  EXPECT_EQ(c.new_status, "member");
}

TEST(TelegramParse, EditedMessage) {
  Update u = update(tgvec::kEditedMessage);
  EXPECT_EQ(u.kind, UpdateKind::kEditedMessage);
  EXPECT_EQ(*message_of(u).text, "/menu");
}

TEST(TelegramParse, UnknownKindsAreKeptAsOther) {
  Update r = update(tgvec::kMessageReaction);
  EXPECT_EQ(r.update_id, 10015);
  EXPECT_EQ(r.kind, UpdateKind::kOther);
  EXPECT_EQ(r.kind_name, "message_reaction");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(r.payload));

  Update f = update(tgvec::kFutureKind);
  EXPECT_EQ(f.kind, UpdateKind::kOther);
  EXPECT_EQ(f.kind_name, "holographic_call");

  Update bare = update(R"({"update_id": 5})");
  EXPECT_EQ(bare.kind, UpdateKind::kOther);
  EXPECT_TRUE(bare.kind_name.empty());
}

TEST(TelegramParse, UnknownFieldsAndNullsAreTolerated) {
  Update u = update(R"({"update_id": 7, "future": {"a": [1, 2.5, null]},
    "message": {"message_id": 1, "new_field": {"x": "y"}, "from": null, "reply_to_message": null,
                "chat": {"id": 9, "type": "private", "shiny": true}, "text": "hi"}})");
  const Message& m = message_of(u);
  EXPECT_FALSE(m.from);
  EXPECT_FALSE(m.reply_to_message);
  EXPECT_EQ(*m.text, "hi");
}

TEST(TelegramParse, UnknownChatTypeIsKeptAsUnknown) {
  const Message m = message_of(
      update(R"({"update_id": 1, "message": {"message_id": 1, "chat": {"id": 1, "type": "hive"}}})"));
  EXPECT_EQ(m.chat.type, ChatType::kUnknown);
}

TEST(TelegramParse, LargeNegativeAndLargePositiveIds) {
  Update u = update(R"({"update_id": 9223372036854775807, "message": {"message_id": 2147483648,
    "from": {"id": 9007199254740991, "is_bot": false, "first_name": "x"},
    "chat": {"id": -9223372036854775808, "type": "supergroup"}}})");
  EXPECT_EQ(u.update_id, INT64_MAX);
  EXPECT_EQ(message_of(u).message_id, 2147483648);
  EXPECT_EQ(message_of(u).from->id, 9007199254740991);
  EXPECT_EQ(message_of(u).chat.id, INT64_MIN);
}

// --- required fields -----------------------------------------------------------------

TEST(TelegramParse, RequiredFieldsAreNamedInTheError) {
  EXPECT_EQ(error(parse_update(R"({"message": {}})")), "update_id: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": "1"})")), "update_id: not an integer");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1.5})")), "update_id: not an integer");
  EXPECT_EQ(error(parse_update(R"({"update_id": null})")), "update_id: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"message_id": 1}})")),
            "message.chat: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"message_id": 1, "chat": {"type": "private"}}})")),
            "message.chat.id: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"message_id": 1, "chat": {"id": "9", "type": "private"}}})")),
            "message.chat.id: not an integer");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"message_id": 1, "chat": {"id": 9}}})")),
            "message.chat.type: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"chat": {"id": 9, "type": "group"}}})")),
            "message.message_id: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": []})")), "message: not an object");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"message_id": 1,
      "chat": {"id": 9, "type": "group"}, "from": {"first_name": "x"}}})")),
            "message.from.id: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"message_id": 1,
      "chat": {"id": 9, "type": "group"}, "text": 5}})")),
            "message.text: not a string");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"message_id": 1,
      "chat": {"id": 9, "type": "group"}, "text": "/a", "entities": [{"type": "bot_command", "offset": 0}]}})")),
            "message.entities[0].length: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "callback_query": {"from": {"id": 1}}})")),
            "callback_query.id: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "callback_query": {"id": "q"}})")),
            "callback_query.from: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "callback_query": {"id": "q", "from": {"id": true}}})")),
            "callback_query.from.id: not an integer");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"message_id": 1,
      "chat": {"id": 9, "type": "group"}, "reply_to_message": {"from": {"id": 1}}}})")),
            "message.reply_to_message.message_id: missing");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"message_id": 1,
      "chat": {"id": 9, "type": "group"}, "is_topic_message": 1}})")),
            "message.is_topic_message: not a boolean");
  EXPECT_EQ(error(parse_update("[]")), "document: not an object");
}

// A name given twice counts at its first field, null included (simdjson's at_key, which the
// readers look fields up with).
TEST(TelegramParse, ARepeatedKeyCountsAtItsFirstField) {
  Update u = update(R"({"update_id": 1, "message": {"message_id": 1,
      "chat": {"id": 9, "type": "group"}, "text": "/a", "chat": {"id": 10, "type": "private"},
      "text": "/b"}})");
  EXPECT_EQ(message_of(u).chat.id, 9);
  EXPECT_EQ(*message_of(u).text, "/a");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1, "message": {"message_id": 1, "chat": null,
      "chat": {"id": 10, "type": "private"}}})")),
            "message.chat: missing");
}

// --- malformed input ----------------------------------------------------------------

TEST(TelegramParse, MalformedInputIsAnError) {
  EXPECT_NE(error(parse_update("")), "");
  EXPECT_EQ(error(parse_update("null")), "document: not an object");
  EXPECT_NE(error(parse_update("   ")), "");
  EXPECT_NE(error(parse_update(tgvec::kPrivateCommand.substr(0, 60))), "");
  EXPECT_NE(error(parse_update(R"({"update_id": 1} trailing)")), "");
  EXPECT_NE(error(parse_update(R"({"update_id": 1,})")), "");
  EXPECT_NE(error(parse_update("{\"update_id\": 1, \"x\": \"\xff\xfe\"}")), "");        // bad UTF-8
  EXPECT_NE(error(parse_update("{\"update_id\": 1, \"x\": \"\xc3\"}")), "");            // cut sequence
  EXPECT_NE(error(parse_update("{\"update_id\": 1, \"x\": \"\xed\xa0\x80\"}")), "");    // surrogate
  EXPECT_NE(error(parse_update(std::string("{\"update_id\": 1\0}", 17))), "");
}

TEST(TelegramParse, NumbersOutOfInt64Range) {
  EXPECT_EQ(error(parse_update(R"({"update_id": 9223372036854775808})")),
            "update_id: out of int64 range");
  EXPECT_EQ(error(parse_update(R"({"update_id": 18446744073709551615})")),
            "update_id: out of int64 range");
  EXPECT_NE(error(parse_update(R"({"update_id": 99999999999999999999999})")), "");
  EXPECT_NE(error(parse_update(R"({"update_id": -9223372036854775809})")), "");
  EXPECT_NE(error(parse_update(R"({"update_id": 1e400})")), "");
  EXPECT_EQ(error(parse_update(R"({"update_id": 1e3})")), "update_id: not an integer");
}

TEST(TelegramParse, DeepNestingIsAnError) {
  std::string deep = R"({"update_id": 1, "x": )" + std::string(5000, '[') + std::string(5000, ']') + "}";
  EXPECT_NE(error(parse_update(deep)), "");
  EXPECT_NE(error(parse_update(std::string(1 << 20, '['))), "");
  EXPECT_NE(error(parse_updates(std::string(1 << 20, '['))), "");
  EXPECT_NE(error(parse_response(std::string(1 << 20, '{'))), "");
  // Moderate nesting in a field we ignore is fine.
  std::string nested = R"({"update_id": 1, "x": )" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_EQ(update(nested).update_id, 1);
}

TEST(TelegramParse, HugeBodyThenSmallOne) {
  // The parser drops buffers grown by an oversized body; parsing goes on normally.
  std::string huge = R"({"update_id": 1, "x": ")" + std::string(6 << 20, 'a') + R"("})";
  EXPECT_EQ(update(huge).update_id, 1);
  EXPECT_EQ(update(tgvec::kPrivateCommand).update_id, 10000);
}

TEST(TelegramParse, EveryPrefixAndByteFlipIsHandled) {
  const std::string full(tgvec::kForumTopicImplicitReply);
  for (std::size_t n = 0; n < full.size(); ++n) {
    auto r = parse_update(std::string_view(full).substr(0, n));
    // A prefix that ends right after the closing brace is the whole document minus spaces.
    if (full.find_first_not_of(" \n", n) != std::string::npos) {
      EXPECT_TRUE(std::holds_alternative<ParseError>(r)) << "prefix " << n;
    }
  }
  std::mt19937 rng(12345);
  for (int i = 0; i < 3000; ++i) {
    std::string s = full;
    for (int k = 0; k < 3; ++k) s[rng() % s.size()] = static_cast<char>(rng() % 256);
    (void)parse_update(s);  // must not crash; either result is fine
    (void)parse_response(s);
    (void)parse_updates(s);
  }
}

// --- getUpdates ----------------------------------------------------------------------

TEST(TelegramParse, GetUpdatesEmptyOneMany) {
  UpdateBatch none = ok(parse_updates("[]"));
  EXPECT_TRUE(none.updates.empty());
  EXPECT_TRUE(none.bad.empty());
  EXPECT_FALSE(none.next_offset());

  UpdateBatch one = ok(parse_updates("[" + std::string(tgvec::kPrivateCommand) + "]"));
  ASSERT_EQ(one.updates.size(), 1u);
  EXPECT_EQ(one.next_offset(), 10001);

  std::string many = "[";
  for (auto v : {tgvec::kPrivateCommand, tgvec::kGroupCommand, tgvec::kCallbackWithMessage,
                 tgvec::kMyChatMember, tgvec::kMessageReaction}) {
    if (many.size() > 1) many += ",";
    many += v;
  }
  many += "]";
  UpdateBatch batch = ok(parse_updates(many));
  ASSERT_EQ(batch.updates.size(), 5u);
  EXPECT_TRUE(batch.bad.empty());
  EXPECT_EQ(batch.updates[0].update_id, 10000);
  EXPECT_EQ(batch.updates[2].kind, UpdateKind::kCallbackQuery);
  EXPECT_EQ(batch.updates[4].kind, UpdateKind::kOther);
  EXPECT_EQ(batch.next_offset(), 10016);
}

TEST(TelegramParse, GetUpdatesKeepsGoodOnesAroundBadOnes) {
  std::string json = "[" + std::string(tgvec::kPrivateCommand) + R"(,
    {"update_id": 10001, "message": {"message_id": 1}},
    {"update_id": "10002"},
    42,
    )" + std::string(tgvec::kCallbackInline) + "]";
  UpdateBatch batch = ok(parse_updates(json));
  ASSERT_EQ(batch.updates.size(), 2u);
  EXPECT_EQ(batch.updates[0].update_id, 10000);
  EXPECT_EQ(batch.updates[1].update_id, 10011);
  ASSERT_EQ(batch.bad.size(), 3u);
  EXPECT_EQ(batch.bad[0].update_id, 10001);
  EXPECT_EQ(batch.bad[0].reason, "[1].message.chat: missing");
  EXPECT_FALSE(batch.bad[1].update_id);
  EXPECT_EQ(batch.bad[1].reason, "[2].update_id: not an integer");
  EXPECT_FALSE(batch.bad[2].update_id);
  EXPECT_EQ(batch.bad[2].reason, "[3]: not an object");
  EXPECT_EQ(batch.next_offset(), 10012);
}

TEST(TelegramParse, GetUpdatesNeedsAnArray) {
  EXPECT_EQ(error(parse_updates("{}")), "document: not an array");
  EXPECT_EQ(error(parse_updates("true")), "document: not an array");
  EXPECT_NE(error(parse_updates("[")), "");
  EXPECT_NE(error(parse_updates("")), "");
}

TEST(TelegramParse, GetUpdatesThroughTheResponse) {
  ApiResponse r = ok(parse_response(R"({"ok":true,"result":[)" + std::string(tgvec::kCallbackInaccessible) +
                                    "," + std::string(tgvec::kChannelPost) + "]}"));
  ASSERT_TRUE(r.ok);
  UpdateBatch batch = ok(parse_updates(r.result));
  ASSERT_EQ(batch.updates.size(), 2u);
  EXPECT_EQ(batch.updates[1].kind, UpdateKind::kChannelPost);
  EXPECT_EQ(*std::get<Message>(batch.updates[1].payload).text, "/start");

  ApiResponse empty = ok(parse_response(R"({"ok":true,"result":[]})"));
  EXPECT_EQ(empty.result, "[]");
}

// --- responses -----------------------------------------------------------------------

TEST(TelegramParse, ResponseOkTrue) {
  ApiResponse r = ok(parse_response(R"({"ok":true,"result":true})"));
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.result, "true");
  EXPECT_EQ(r.error_code, 0);
  EXPECT_FALSE(r.retry_after);
}

TEST(TelegramParse, ResponseOkMessage) {
  ApiResponse r = ok(parse_response(R"({"ok":true,"result":{"message_id":1401,
    "from":{"id":123456789,"is_bot":true,"first_name":"Gofro","username":"GofroBot"},
    "chat":{"id":-1009876543210,"title":"Чат","type":"supergroup"},"date":1700002000,
    "text":"👊 Результат радёмки"}})"));
  ASSERT_TRUE(r.ok);
  Message m = ok(parse_message(r.result));
  EXPECT_EQ(m.message_id, 1401);
  EXPECT_EQ(m.chat.id, -1009876543210);
  EXPECT_EQ(*m.text, "👊 Результат радёмки");
}

TEST(TelegramParse, ResponseOkNullResult) {
  ApiResponse r = ok(parse_response(R"({"ok":true,"result":null})"));
  EXPECT_EQ(r.result, "null");
  EXPECT_EQ(error(parse_response(R"({"ok":true})")), "result: missing");
}

TEST(TelegramParse, GetMe) {
  ApiResponse r = ok(parse_response(R"({"ok":true,"result":{"id":123456789,"is_bot":true,
    "first_name":"Gofro","username":"GofroBot","can_join_groups":true,
    "can_read_all_group_messages":false,"supports_inline_queries":false}})"));
  User me = ok(parse_user(r.result));
  EXPECT_EQ(me.id, 123456789);
  EXPECT_TRUE(me.is_bot);
  EXPECT_EQ(me.username, "GofroBot");
  EXPECT_EQ(error(parse_user(R"({"first_name":"x"})")), "id: missing");
}

TEST(TelegramParse, ResponseNotModified) {
  ApiResponse r = ok(parse_response(R"({"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"})"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, 400);
  EXPECT_TRUE(r.description.starts_with("Bad Request: message is not modified"));
  EXPECT_TRUE(r.result.empty());
}

TEST(TelegramParse, ResponseTooManyRequests) {
  ApiResponse r = ok(parse_response(
      R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}})"));
  EXPECT_EQ(r.error_code, 429);
  EXPECT_EQ(r.retry_after, 35);
  EXPECT_FALSE(r.migrate_to_chat_id);
}

TEST(TelegramParse, ResponseMigrateToChat) {
  ApiResponse r = ok(parse_response(
      R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}})"));
  EXPECT_EQ(r.error_code, 400);
  EXPECT_EQ(r.migrate_to_chat_id, -1001234567890);
  EXPECT_FALSE(r.retry_after);
}

TEST(TelegramParse, ResponseUnauthorizedAndConflict) {
  ApiResponse a = ok(parse_response(R"({"ok":false,"error_code":401,"description":"Unauthorized"})"));
  EXPECT_EQ(a.error_code, 401);
  EXPECT_EQ(a.description, "Unauthorized");
  ApiResponse c = ok(parse_response(
      R"({"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"})"));
  EXPECT_EQ(c.error_code, 409);
  EXPECT_TRUE(c.description.starts_with("Conflict"));
}

TEST(TelegramParse, ResponseMalformed) {
  EXPECT_NE(error(parse_response("")), "");
  EXPECT_EQ(error(parse_response("null")), "document: not an object");
  EXPECT_NE(error(parse_response("<html><body>502 Bad Gateway</body></html>")), "");
  EXPECT_EQ(error(parse_response(R"({"result":true})")), "ok: missing");
  EXPECT_EQ(error(parse_response(R"({"ok":"true","result":true})")), "ok: not a boolean");
  EXPECT_EQ(error(parse_response(R"({"ok":false,"error_code":"429"})")), "error_code: not an integer");
  EXPECT_EQ(error(parse_response(R"({"ok":false,"error_code":4294967296})")), "error_code: out of range");
  EXPECT_EQ(error(parse_response(R"({"ok":false,"error_code":429,"parameters":{"retry_after":4294967326}})")),
            "parameters.retry_after: out of range");
  EXPECT_EQ(error(parse_response(R"({"ok":false,"error_code":429,"parameters":{"retry_after":"5"}})")),
            "parameters.retry_after: not an integer");
  EXPECT_NE(error(parse_response(R"({"ok":true,"result":{"id":1)")), "");
}

}  // namespace
}  // namespace telegram

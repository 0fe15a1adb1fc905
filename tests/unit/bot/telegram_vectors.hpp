#pragma once
// Bot API JSON written from the field tables and examples of core.telegram.org/bots/api,
// with the extra fields real servers send (last_name, language_code, photo sizes, ...)
// so the parser is tested against more than it reads.
#include <string_view>

namespace tgvec {

// A private chat, /start with its bot_command entity.
constexpr std::string_view kPrivateCommand = R"json({
  "update_id": 10000,
  "message": {
    "message_id": 1365,
    "from": {"id": 1111111, "is_bot": false, "first_name": "Вася", "last_name": "Пупкин",
             "username": "vasya", "language_code": "ru", "is_premium": true},
    "chat": {"id": 1111111, "first_name": "Вася", "last_name": "Пупкин", "username": "vasya",
             "type": "private"},
    "date": 1441645532,
    "text": "/start",
    "entities": [{"offset": 0, "length": 6, "type": "bot_command"}]
  }
})json";

// A basic group, command addressed to a bot by username.
constexpr std::string_view kGroupCommand = R"json({
  "update_id": 10001,
  "message": {
    "message_id": 88,
    "from": {"id": 2222222, "is_bot": false, "first_name": "Петя"},
    "chat": {"id": -4012345678, "title": "Пацаны", "type": "group",
             "all_members_are_administrators": true},
    "date": 1700000000,
    "text": "/gtop@GofroBot now",
    "entities": [{"offset": 0, "length": 14, "type": "bot_command"}]
  }
})json";

// A forum supergroup: a message in topic 42 that is not an explicit reply, so Telegram sets
// reply_to_message to the topic's creation service message.
constexpr std::string_view kForumTopicImplicitReply = R"json({
  "update_id": 10002,
  "message": {
    "message_id": 57,
    "from": {"id": 2222222, "is_bot": false, "first_name": "Петя"},
    "chat": {"id": -1001234567890, "title": "Форум", "is_forum": true, "type": "supergroup"},
    "date": 1700000100,
    "message_thread_id": 42,
    "is_topic_message": true,
    "reply_to_message": {
      "message_id": 42,
      "from": {"id": 3333333, "is_bot": false, "first_name": "Админ"},
      "chat": {"id": -1001234567890, "title": "Форум", "is_forum": true, "type": "supergroup"},
      "date": 1690000000,
      "message_thread_id": 42,
      "forum_topic_created": {"name": "Радёмки", "icon_color": 7322096},
      "is_topic_message": true
    },
    "text": "/fight",
    "entities": [{"offset": 0, "length": 6, "type": "bot_command"}]
  }
})json";

// The same topic, an explicit reply to another member's message.
constexpr std::string_view kForumTopicExplicitReply = R"json({
  "update_id": 10003,
  "message": {
    "message_id": 58,
    "from": {"id": 2222222, "is_bot": false, "first_name": "Петя"},
    "chat": {"id": -1001234567890, "title": "Форум", "is_forum": true, "type": "supergroup"},
    "date": 1700000200,
    "message_thread_id": 42,
    "is_topic_message": true,
    "reply_to_message": {
      "message_id": 50,
      "from": {"id": 4444444, "is_bot": false, "first_name": "Коля", "username": "kolya"},
      "chat": {"id": -1001234567890, "title": "Форум", "is_forum": true, "type": "supergroup"},
      "date": 1700000050,
      "message_thread_id": 42,
      "is_topic_message": true,
      "text": "кто на радёмку?"
    },
    "text": "/протащить"
  }
})json";

// A plain (non-forum) supergroup: a reply carries message_thread_id = the replied message's
// id, but no is_topic_message. It is a real reply, not a topic root.
constexpr std::string_view kSupergroupReplyThread = R"json({
  "update_id": 10004,
  "message": {
    "message_id": 78,
    "from": {"id": 2222222, "is_bot": false, "first_name": "Петя"},
    "chat": {"id": -1009876543210, "title": "Чат", "type": "supergroup"},
    "date": 1700000300,
    "message_thread_id": 77,
    "reply_to_message": {
      "message_id": 77,
      "from": {"id": 4444444, "is_bot": false, "first_name": "Коля"},
      "chat": {"id": -1009876543210, "title": "Чат", "type": "supergroup"},
      "date": 1700000250,
      "text": "привет"
    },
    "text": "/fight@GofroBot",
    "entities": [{"offset": 0, "length": 15, "type": "bot_command"}]
  }
})json";

// A photo with a command in its caption.
constexpr std::string_view kPhotoCaption = R"json({
  "update_id": 10005,
  "message": {
    "message_id": 90,
    "from": {"id": 1111111, "is_bot": false, "first_name": "Вася"},
    "chat": {"id": -4012345678, "title": "Пацаны", "type": "group"},
    "date": 1700000400,
    "photo": [
      {"file_id": "AgACAgIAAxkBAAIB", "file_unique_id": "AQADsmall", "file_size": 1204,
       "width": 90, "height": 67},
      {"file_id": "AgACAgIAAxkBAAIC", "file_unique_id": "AQADbig", "file_size": 51003,
       "width": 800, "height": 600}
    ],
    "caption": "/davka смотрите",
    "caption_entities": [{"offset": 0, "length": 6, "type": "bot_command"}]
  }
})json";

// A sticker: no text, no caption.
constexpr std::string_view kSticker = R"json({
  "update_id": 10006,
  "message": {
    "message_id": 91,
    "from": {"id": 1111111, "is_bot": false, "first_name": "Вася"},
    "chat": {"id": 1111111, "first_name": "Вася", "type": "private"},
    "date": 1700000500,
    "sticker": {"file_id": "CAACAgIAAxkBAAID", "file_unique_id": "AgADxx", "type": "regular",
                "width": 512, "height": 512, "is_animated": false, "is_video": false,
                "emoji": "🐍", "set_name": "Snakes", "file_size": 23456,
                "thumbnail": {"file_id": "AAMCAgAD", "file_unique_id": "AQADyy", "file_size": 5000,
                              "width": 128, "height": 128}}
  }
})json";

// A channel post: sender_chat instead of from.
constexpr std::string_view kChannelPost = R"json({
  "update_id": 10007,
  "channel_post": {
    "message_id": 12,
    "sender_chat": {"id": -1001111111111, "title": "Гофроканал", "username": "gofro",
                    "type": "channel"},
    "chat": {"id": -1001111111111, "title": "Гофроканал", "username": "gofro", "type": "channel"},
    "date": 1700000600,
    "text": "/start"
  }
})json";

// An anonymous group admin: from is the shared GroupAnonymousBot placeholder.
constexpr std::string_view kAnonymousAdmin = R"json({
  "update_id": 10008,
  "message": {
    "message_id": 95,
    "from": {"id": 1087968824, "is_bot": true, "first_name": "Group", "username": "GroupAnonymousBot"},
    "sender_chat": {"id": -1009876543210, "title": "Чат", "type": "supergroup"},
    "chat": {"id": -1009876543210, "title": "Чат", "type": "supergroup"},
    "date": 1700000700,
    "author_signature": "boss",
    "text": "/gdavka"
  }
})json";

// A reply to a channel's automatic forward in its discussion group: the author is the
// Telegram placeholder (777000), the real sender is the channel.
constexpr std::string_view kReplyToChannelForward = R"json({
  "update_id": 10009,
  "message": {
    "message_id": 96,
    "from": {"id": 2222222, "is_bot": false, "first_name": "Петя"},
    "chat": {"id": -1009876543210, "title": "Чат", "type": "supergroup"},
    "date": 1700000800,
    "message_thread_id": 80,
    "reply_to_message": {
      "message_id": 80,
      "from": {"id": 777000, "is_bot": false, "first_name": "Telegram"},
      "sender_chat": {"id": -1001111111111, "title": "Гофроканал", "type": "channel"},
      "chat": {"id": -1009876543210, "title": "Чат", "type": "supergroup"},
      "date": 1700000790,
      "is_automatic_forward": true,
      "forward_origin": {"type": "channel", "chat": {"id": -1001111111111, "title": "Гофроканал",
                         "type": "channel"}, "message_id": 12, "date": 1700000600},
      "text": "пост"
    },
    "text": "/fight"
  }
})json";

// A button under a bot message.
constexpr std::string_view kCallbackWithMessage = R"json({
  "update_id": 10010,
  "callback_query": {
    "id": "4382bfdwdsb323b2d9",
    "from": {"id": 1111111, "is_bot": false, "first_name": "Вася", "language_code": "ru"},
    "message": {
      "message_id": 1400,
      "from": {"id": 123456789, "is_bot": true, "first_name": "Gofro", "username": "GofroBot"},
      "chat": {"id": 1111111, "first_name": "Вася", "type": "private"},
      "date": 1700000900,
      "text": "Главное меню",
      "reply_markup": {"inline_keyboard": [[{"text": "👤 Профиль", "callback_data": "profile"}]]}
    },
    "chat_instance": "-7412345678901234567",
    "data": "profile"
  }
})json";

// A button on an inline-mode message: no message, an inline_message_id instead.
constexpr std::string_view kCallbackInline = R"json({
  "update_id": 10011,
  "callback_query": {
    "id": "4382bfdwdsb323b2da",
    "from": {"id": 1111111, "is_bot": false, "first_name": "Вася"},
    "inline_message_id": "AgAAAKbZAQAx3zQKqGm5yFDfm5A",
    "chat_instance": "5839201938475610293",
    "data": "top"
  }
})json";

// A button under a message the bot can no longer access (InaccessibleMessage, date 0).
constexpr std::string_view kCallbackInaccessible = R"json({
  "update_id": 10012,
  "callback_query": {
    "id": "4382bfdwdsb323b2db",
    "from": {"id": 1111111, "is_bot": false, "first_name": "Вася"},
    "message": {"chat": {"id": -1009876543210, "title": "Чат", "type": "supergroup"},
                "message_id": 5, "date": 0},
    "chat_instance": "-7412345678901234567",
    "data": "chat_menu"
  }
})json";

// The bot was added to a group.
constexpr std::string_view kMyChatMember = R"json({
  "update_id": 10013,
  "my_chat_member": {
    "chat": {"id": -4012345678, "title": "Пацаны", "type": "group"},
    "from": {"id": 1111111, "is_bot": false, "first_name": "Вася"},
    "date": 1700001000,
    "old_chat_member": {"user": {"id": 123456789, "is_bot": true, "first_name": "Gofro",
                                 "username": "GofroBot"}, "status": "left"},
    "new_chat_member": {"user": {"id": 123456789, "is_bot": true, "first_name": "Gofro",
                                 "username": "GofroBot"}, "status": "member"}
  }
})json";

constexpr std::string_view kEditedMessage = R"json({
  "update_id": 10014,
  "edited_message": {
    "message_id": 1365,
    "from": {"id": 1111111, "is_bot": false, "first_name": "Вася"},
    "chat": {"id": 1111111, "first_name": "Вася", "type": "private"},
    "date": 1441645532,
    "edit_date": 1441645600,
    "text": "/menu",
    "entities": [{"offset": 0, "length": 5, "type": "bot_command"}]
  }
})json";

// A kind the game does not handle, plus one that does not exist yet.
constexpr std::string_view kMessageReaction = R"json({
  "update_id": 10015,
  "message_reaction": {
    "chat": {"id": -1009876543210, "title": "Чат", "type": "supergroup"},
    "message_id": 77,
    "user": {"id": 1111111, "is_bot": false, "first_name": "Вася"},
    "date": 1700001100,
    "old_reaction": [],
    "new_reaction": [{"type": "emoji", "emoji": "🔥"}]
  }
})json";
constexpr std::string_view kFutureKind = R"json({"update_id": 10016,
  "holographic_call": {"id": "x", "participants": [1, 2, 3]}})json";

}  // namespace tgvec

#pragma once
// The slice of the Bot API object model the game reads (core.telegram.org/bots/api).
// Plain values with no JSON attached: parse.hpp fills them, bot/telegram_mapping.hpp maps
// them to the transport-neutral bot::Update. Fields the game never reads are not kept.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace telegram {

// User and chat ids need up to 52 significant bits; supergroup ids are -100… (large negative).
using Id = std::int64_t;

struct User {
  Id id = 0;
  bool is_bot = false;
  std::string first_name;
  std::string username;  // empty when the user has none
};

enum class ChatType { kPrivate, kGroup, kSupergroup, kChannel, kUnknown };

// "private", "group", "supergroup", "channel"; anything newer is kUnknown.
inline ChatType chat_type_from_string(std::string_view type) {
  if (type == "private") return ChatType::kPrivate;
  if (type == "group") return ChatType::kGroup;
  if (type == "supergroup") return ChatType::kSupergroup;
  if (type == "channel") return ChatType::kChannel;
  return ChatType::kUnknown;
}

struct Chat {
  Id id = 0;
  ChatType type = ChatType::kUnknown;
  std::string title;  // groups, supergroups and channels
  bool is_forum = false;
};

// Offsets and lengths count UTF-16 code units, exactly as Telegram sends them.
struct MessageEntity {
  std::string type;  // "bot_command", "mention", ...
  std::int64_t offset = 0;
  std::int64_t length = 0;
};

// The message another one replies to: only what a reply-based command needs, so that
// Message does not have to nest itself.
struct RepliedMessage {
  Id message_id = 0;
  std::optional<User> from;
  std::optional<Chat> sender_chat;  // set when sent on behalf of a chat; `from` is then a placeholder
  std::int64_t date = 0;
  bool is_topic_created = false;  // the forum_topic_created service message opening a topic
};

// A Message, or an InaccessibleMessage (chat, message_id and date == 0 only).
struct Message {
  Id message_id = 0;
  std::optional<User> from;         // absent for channel posts
  std::optional<Chat> sender_chat;  // set when sent on behalf of a chat
  Chat chat;
  std::int64_t date = 0;             // 0 marks an InaccessibleMessage
  std::optional<std::string> text;   // `text`, or the `caption` of a media message
  bool text_is_caption = false;
  std::vector<MessageEntity> entities;  // `entities`, or `caption_entities` with a caption
  std::optional<RepliedMessage> reply_to_message;
  bool is_topic_message = false;
  std::optional<std::int64_t> message_thread_id;
  bool is_topic_created = false;  // this is a forum_topic_created service message
  // In a forum topic every message that is not an explicit reply carries
  // reply_to_message = the topic's creation message; true when this is that implicit reply.
  bool reply_is_topic_root = false;

  bool accessible() const { return date != 0; }
};

struct CallbackQuery {
  std::string id;
  User from;
  std::optional<Message> message;  // absent for inline messages; may be inaccessible
  std::string inline_message_id;   // empty unless the button was on an inline message
  std::string chat_instance;
  std::string data;  // callback_data (1–64 bytes); empty for game buttons
};

// my_chat_member: the bot's own membership changed (added, removed, blocked by a user).
struct ChatMemberUpdated {
  Chat chat;
  User from;  // who made the change
  std::int64_t date = 0;
  std::string old_status;  // "member", "left", "kicked", "administrator", ...
  std::string new_status;
};

enum class UpdateKind {
  kMessage,
  kEditedMessage,
  kChannelPost,
  kEditedChannelPost,
  kCallbackQuery,
  kMyChatMember,
  kOther,  // a kind the game does not handle (inline_query, poll, chat_member, ...)
};

struct Update {
  std::int64_t update_id = 0;
  UpdateKind kind = UpdateKind::kOther;
  std::string kind_name;  // the JSON key of the payload ("message", "inline_query", ...), for logs
  // Message for the four message kinds, CallbackQuery, ChatMemberUpdated; monostate for kOther.
  std::variant<std::monostate, Message, CallbackQuery, ChatMemberUpdated> payload;
};

// Every Bot API reply: {"ok":true,"result":…} or {"ok":false,"error_code":…,"description":…,
// "parameters":{"retry_after":…,"migrate_to_chat_id":…}}.
struct ApiResponse {
  bool ok = false;
  int error_code = 0;  // 0 when ok
  std::string description;
  std::optional<std::int64_t> retry_after;         // seconds to wait after a 429
  std::optional<std::int64_t> migrate_to_chat_id;  // the group became this supergroup
  // The "result" value as JSON text (minified): `true`, a Message, an array of Updates,
  // a User, ... Callers parse what the method they called returns. Empty when absent.
  std::string result;
};

}  // namespace telegram

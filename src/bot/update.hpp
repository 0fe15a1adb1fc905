#pragma once
// What the bot receives, independent of the transport (Telegram JSON, terminal play).
// Only the fields the game reads; the Telegram layer maps its types onto these.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "game/player.hpp"

namespace bot {

using game::ChatId;
using game::UnixTime;
using game::UserId;
using MessageId = std::int64_t;

enum class ChatType { kPrivate, kGroup, kSupergroup, kChannel };

inline bool is_group(ChatType t) { return t == ChatType::kGroup || t == ChatType::kSupergroup; }

struct User {
  UserId id = 0;
  bool is_bot = false;
  std::string first_name;
  std::string username;
};

struct Chat {
  ChatId id = 0;
  ChatType type = ChatType::kPrivate;
  std::string title;
};

struct Message {
  MessageId message_id = 0;
  Chat chat;
  std::optional<User> from;       // absent for channel posts
  std::optional<std::string> text;  // text, or the caption of a media message
  // The message this one replies to, when it does.
  std::optional<MessageId> reply_to_message_id;
  std::optional<User> reply_to_from;
  // In forum topics every message implicitly replies to the topic's service message;
  // such a reply does not name a fight target.
  bool reply_is_topic_root = false;
};

struct CallbackQuery {
  std::string id;
  User from;
  std::optional<Chat> chat;  // of the message the button belongs to
  std::optional<MessageId> message_id;
  std::string data;
};

struct Update {
  std::int64_t update_id = 0;
  std::variant<std::monostate, Message, CallbackQuery> payload;
};

}  // namespace bot

#include "bot/telegram_mapping.hpp"

namespace bot {
namespace {

std::optional<ChatType> map_chat_type(telegram::ChatType type) {
  switch (type) {
    case telegram::ChatType::kPrivate: return ChatType::kPrivate;
    case telegram::ChatType::kGroup: return ChatType::kGroup;
    case telegram::ChatType::kSupergroup: return ChatType::kSupergroup;
    case telegram::ChatType::kChannel: return ChatType::kChannel;
    case telegram::ChatType::kUnknown: break;
  }
  return std::nullopt;
}

std::optional<Chat> map_chat(const telegram::Chat& chat) {
  auto type = map_chat_type(chat.type);
  if (!type) return std::nullopt;
  return Chat{chat.id, *type, chat.title};
}

User map_user(const telegram::User& user) {
  return User{user.id, user.is_bot, user.first_name, user.username};
}

// The real author, or nullopt when the message speaks for a chat (see the header).
std::optional<User> author(const std::optional<telegram::User>& from,
                           const std::optional<telegram::Chat>& sender_chat) {
  if (!from || sender_chat) return std::nullopt;
  return map_user(*from);
}

std::optional<Update> map_message(std::int64_t update_id, const telegram::Message& in) {
  auto chat = map_chat(in.chat);
  if (!chat) return std::nullopt;
  Message m;
  m.message_id = in.message_id;
  m.chat = std::move(*chat);
  m.from = author(in.from, in.sender_chat);
  m.text = in.text;
  if (in.reply_to_message) {
    m.reply_to_message_id = in.reply_to_message->message_id;
    m.reply_to_from = author(in.reply_to_message->from, in.reply_to_message->sender_chat);
    m.reply_is_topic_root = in.reply_is_topic_root;
  }
  return Update{update_id, std::move(m)};
}

Update map_callback(std::int64_t update_id, const telegram::CallbackQuery& in) {
  CallbackQuery q;
  q.id = in.id;
  q.from = map_user(in.from);
  q.data = in.data;
  if (in.message && in.message->accessible()) {
    q.chat = map_chat(in.message->chat);
    if (q.chat) q.message_id = in.message->message_id;
  }
  return Update{update_id, std::move(q)};
}

}  // namespace

std::optional<Update> to_bot_update(const telegram::Update& update) {
  switch (update.kind) {
    case telegram::UpdateKind::kMessage:
    case telegram::UpdateKind::kChannelPost:
      if (const auto* m = std::get_if<telegram::Message>(&update.payload)) {
        return map_message(update.update_id, *m);
      }
      return std::nullopt;
    case telegram::UpdateKind::kCallbackQuery:
      if (const auto* q = std::get_if<telegram::CallbackQuery>(&update.payload)) {
        return map_callback(update.update_id, *q);
      }
      return std::nullopt;
    case telegram::UpdateKind::kEditedMessage:
    case telegram::UpdateKind::kEditedChannelPost:
    case telegram::UpdateKind::kMyChatMember:
    case telegram::UpdateKind::kOther:
      break;
  }
  return std::nullopt;
}

}  // namespace bot

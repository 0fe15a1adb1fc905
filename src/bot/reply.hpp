#pragma once
// What handlers produce: Bot API calls as data, so that any transport can carry them.
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "bot/update.hpp"

namespace bot {

struct Button {
  std::string text;
  std::string data;  // callback_data, at most 64 bytes
};

struct Keyboard {
  std::vector<std::vector<Button>> rows;
  std::string json;  // the reply_markup object, serialised once (make_keyboard)
};

// Static keyboards are built once and shared immutably (GAME.md §13.2).
using KeyboardRef = std::shared_ptr<const Keyboard>;

// Builds an immutable keyboard with its JSON.
KeyboardRef make_keyboard(std::vector<std::vector<Button>> rows);

struct SendMessage {
  ChatId chat_id = 0;
  std::string text;
  KeyboardRef keyboard;
  std::optional<MessageId> reply_to_message_id;
};

// A transport that fails to edit (other than "message is not modified") sends the text
// as a new message instead (GAME.md §11).
struct EditMessage {
  ChatId chat_id = 0;
  MessageId message_id = 0;
  std::string text;
  KeyboardRef keyboard;
};

struct AnswerCallback {
  std::string callback_id;
  std::string text;
  bool show_alert = false;
};

using Action = std::variant<SendMessage, EditMessage, AnswerCallback>;

}  // namespace bot

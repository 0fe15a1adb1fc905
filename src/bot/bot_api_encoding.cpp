#include "bot/bot_api_encoding.hpp"

#include <simdjson.h>

#include "telegram/json_writer.hpp"

namespace bot {

std::string_view method_name(const Action& action) {
  switch (action.index()) {
    case 0: return "sendMessage";
    case 1: return "editMessageText";
    default: return "answerCallbackQuery";
  }
}

namespace {

void write_call(telegram::JsonWriter& w, const Action& action, bool with_method = true) {
  w.begin_object();
  if (with_method) w.key("method").value(method_name(action));
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, SendMessage>) {
          w.key("chat_id").value(a.chat_id);
          w.key("text").value(a.text);
          if (a.reply_to_message_id) {
            w.key("reply_parameters").begin_object();
            w.key("message_id").value(*a.reply_to_message_id);
            w.key("allow_sending_without_reply").value(true);
            w.end_object();
          }
          if (a.keyboard) w.key("reply_markup").raw(a.keyboard->json);
        } else if constexpr (std::is_same_v<T, EditMessage>) {
          w.key("chat_id").value(a.chat_id);
          w.key("message_id").value(a.message_id);
          w.key("text").value(a.text);
          if (a.keyboard) w.key("reply_markup").raw(a.keyboard->json);
        } else {
          w.key("callback_query_id").value(a.callback_id);
          if (!a.text.empty()) w.key("text").value(a.text);
          if (a.show_alert) w.key("show_alert").value(true);
        }
      },
      action);
  w.end_object();
}

// About the size of an action's JSON: its text and keyboard, and room for the rest (a few
// escapes included).
std::size_t encoded_size(const Action& action) {
  return std::visit(
      [](const auto& a) {
        std::size_t size = a.text.size() + 160;
        if constexpr (!std::is_same_v<std::decay_t<decltype(a)>, AnswerCallback>) {
          if (a.keyboard) size += a.keyboard->json.size();
        }
        return size;
      },
      action);
}

KeyboardRef decode_keyboard(simdjson::ondemand::object markup) {
  std::vector<std::vector<Button>> rows;
  for (auto row : markup["inline_keyboard"].get_array()) {
    std::vector<Button> buttons;
    for (auto button : row.get_array()) {
      Button b;
      b.text = std::string(std::string_view(button["text"].get_string()));
      b.data = std::string(std::string_view(button["callback_data"].get_string()));
      buttons.push_back(std::move(b));
    }
    rows.push_back(std::move(buttons));
  }
  return make_keyboard(std::move(rows));
}

std::string str(simdjson::ondemand::value v) { return std::string(std::string_view(v.get_string())); }

}  // namespace

KeyboardRef make_keyboard(std::vector<std::vector<Button>> rows) {
  telegram::JsonWriter w;
  w.begin_object().key("inline_keyboard").begin_array();
  for (const auto& row : rows) {
    w.begin_array();
    for (const auto& b : row) {
      w.begin_object().key("text").value(b.text).key("callback_data").value(b.data).end_object();
    }
    w.end_array();
  }
  w.end_array().end_object();
  return std::make_shared<const Keyboard>(Keyboard{std::move(rows), w.take()});
}

std::string encode_body(const Action& action) {
  telegram::JsonWriter w(encoded_size(action));
  write_call(w, action, false);
  return w.take();
}

std::string encode_method_call(const Action& action) {
  telegram::JsonWriter w(encoded_size(action));
  write_call(w, action);
  return w.take();
}

std::string encode_actions(std::span<const Action> actions) {
  return actions_payload(encode_all(actions));
}

EncodedAction encode(const Action& action) { return {method_name(action), encode_body(action)}; }

std::vector<EncodedAction> encode_all(std::span<const Action> actions) {
  std::vector<EncodedAction> encoded;
  encoded.reserve(actions.size());
  for (const auto& a : actions) encoded.push_back(encode(a));
  return encoded;
}

namespace {

// {"method":"M", then the body's members (or nothing more for an empty body).
void append_method_call(std::string& out, const EncodedAction& encoded) {
  out += R"({"method":")";
  out += encoded.method;  // our own method names: nothing to escape
  out += '"';
  std::string_view members = std::string_view(encoded.body).substr(1);  // after '{'
  if (members != "}") out += ',';
  out += members;
}

}  // namespace

std::string method_call(const EncodedAction& encoded) {
  std::string out;
  out.reserve(encoded.body.size() + 32);
  append_method_call(out, encoded);
  return out;
}

std::string actions_payload(std::span<const EncodedAction> encoded) {
  std::size_t size = 2;
  for (const auto& e : encoded) size += e.body.size() + 40;
  std::string out;
  out.reserve(size);
  out += '[';
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (i > 0) out += ',';
    append_method_call(out, encoded[i]);
  }
  out += ']';
  return out;
}

// write_call puts an edit's chat_id and message_id first, and a message's chat_id first
// then the same members as the edit's after its message_id: the twin is the edit body
// without `"message_id":N,`.
std::string edit_fallback_body(std::string_view edit_body) {
  constexpr std::string_view kMessageId = R"(,"message_id":)";
  const auto at = edit_body.find(kMessageId);
  if (at == std::string_view::npos) return std::string(edit_body);
  const auto end = edit_body.find(',', at + kMessageId.size());
  if (end == std::string_view::npos) return std::string(edit_body);
  std::string out;
  out.reserve(edit_body.size());
  out.append(edit_body.substr(0, at));
  out.append(edit_body.substr(end));
  return out;
}

std::optional<std::vector<Action>> decode_actions(std::string_view json) {
  try {
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded(json);
    auto doc = parser.iterate(padded);
    std::vector<Action> actions;
    for (auto item : doc.get_array()) {
      auto call = item.get_object();
      std::string method = str(call["method"]);
      if (method == "sendMessage") {
        SendMessage m;
        m.chat_id = call["chat_id"].get_int64();
        m.text = str(call["text"]);
        if (auto reply = call["reply_parameters"]; !reply.error()) {
          m.reply_to_message_id = reply["message_id"].get_int64().value();
        }
        if (auto markup = call["reply_markup"]; !markup.error()) {
          m.keyboard = decode_keyboard(markup.get_object());
        }
        actions.emplace_back(std::move(m));
      } else if (method == "editMessageText") {
        EditMessage m;
        m.chat_id = call["chat_id"].get_int64();
        m.message_id = call["message_id"].get_int64();
        m.text = str(call["text"]);
        if (auto markup = call["reply_markup"]; !markup.error()) {
          m.keyboard = decode_keyboard(markup.get_object());
        }
        actions.emplace_back(std::move(m));
      } else if (method == "answerCallbackQuery") {
        AnswerCallback m;
        m.callback_id = str(call["callback_query_id"]);
        if (auto text = call["text"]; !text.error()) m.text = str(text.value());
        if (auto alert = call["show_alert"]; !alert.error()) m.show_alert = alert.get_bool();
        actions.emplace_back(std::move(m));
      } else {
        return std::nullopt;
      }
    }
    return actions;
  } catch (const simdjson::simdjson_error&) {
    return std::nullopt;
  }
}

}  // namespace bot

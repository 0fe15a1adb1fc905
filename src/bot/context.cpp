#include "bot/context.hpp"

namespace bot {

Context::Context(const Update& update, UnitOfWork& work, const Services& services,
                 UnixTime now)
    : update_(update), work_(work), services_(services), now_(now) {
  if (const auto* m = message()) {
    if (m->from) from_ = *m->from;
    chat_ = m->chat;
  } else if (const auto* c = callback()) {
    from_ = c->from;
    // A button on an inline-mode message has no chat; its replies go to the presser.
    chat_ = c->chat ? *c->chat : Chat{c->from.id, ChatType::kPrivate, {}};
  }
}

void Context::show(std::string text, KeyboardRef keyboard) {
  const auto* c = callback();
  if (c && c->message_id) {
    actions_.push_back(EditMessage{chat_.id, *c->message_id, std::move(text), std::move(keyboard)});
  } else {
    send(std::move(text), std::move(keyboard));
  }
}

void Context::send(std::string text, KeyboardRef keyboard, std::optional<MessageId> reply_to) {
  actions_.push_back(SendMessage{chat_.id, std::move(text), std::move(keyboard), reply_to});
}

void Context::refuse(std::string text, KeyboardRef keyboard) {
  if (callback()) {
    alert(std::move(text));
  } else {
    send(std::move(text), std::move(keyboard));
  }
}

void Context::alert(std::string text) { answer(std::move(text), true); }

void Context::toast(std::string text) { answer(std::move(text), false); }

void Context::answer(std::string text, bool show_alert) {
  const auto* c = callback();
  if (!c || answered_) return;
  answered_ = true;
  actions_.push_back(AnswerCallback{c->id, std::move(text), show_alert});
}

void Context::finish() { answer({}, false); }

}  // namespace bot

#include "app/terminal_play.hpp"

#include "bot/bot_api_encoding.hpp"

#include <fmt/format.h>

#include <chrono>
#include <istream>
#include <map>
#include <ostream>
#include <string>

namespace app {
namespace {

using bot::ChatId;
using bot::MessageId;
using bot::UserId;

constexpr ChatId kDefaultGroup = -100;

struct ShownMessage {
  std::string text;
  bot::KeyboardRef keyboard;
  UserId author = 0;  // 0 = the bot
};

struct ChatView {
  std::map<MessageId, ShownMessage> messages;
  MessageId last_keyboard_message = 0;
  std::map<UserId, MessageId> last_message_of;  // for replies
};

const char* kHelp =
    "Команды терминала (всё остальное уходит боту как сообщение):\n"
    "  N            нажать кнопку N последнего сообщения с кнопками (1, 2, …)\n"
    "  :user ID [ИМЯ]  играть за пользователя ID (по умолчанию 1)\n"
    "  :private     перейти в личный чат с ботом\n"
    "  :group [ID]  перейти в групповой чат (по умолчанию -100)\n"
    "  :reply ID    следующее сообщение — ответ на последнее сообщение пользователя ID\n"
    "  :wait T      промотать время: 90, 15m, 2h, 1d\n"
    "  :who         кто я и где я\n"
    "  :help        эта справка\n"
    "  :quit        выход\n";

class Play {
 public:
  Play(bot::Engine& engine, store::Store& store, std::ostream& out,
       std::function<void()> between_updates)
      : engine_(engine), store_(store), out_(out), between_updates_(std::move(between_updates)) {
    names_[1] = "Вася";
  }

  // False when the session should end.
  bool line(const std::string& raw) {
    std::string text = trim(raw);
    if (text.empty()) return true;
    if (text[0] == ':') return meta(text);
    if (is_button_number(text)) {
      press(std::stoi(text));
      return true;
    }
    send_text(text);
    return true;
  }

  void prompt() {
    out_ << fmt::format("[{}#{} @ {}] > ", names_[user_], user_,
                        chat_ == user_ ? std::string("личка") : fmt::format("группа {}", chat_))
         << std::flush;
  }

 private:
  static std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
  }

  static bool is_button_number(const std::string& s) {
    return !s.empty() && s.size() <= 2 &&
           s.find_first_not_of("0123456789") == std::string::npos;
  }

  game::UnixTime now() const {
    auto real = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
    return real + offset_;
  }

  bool meta(const std::string& text) {
    auto space = text.find(' ');
    std::string cmd = text.substr(0, space);
    std::string arg = space == std::string::npos ? "" : trim(text.substr(space));
    if (cmd == ":quit" || cmd == ":q") return false;
    if (cmd == ":help") {
      out_ << kHelp;
    } else if (cmd == ":user") {
      switch_user(arg);
    } else if (cmd == ":private") {
      chat_ = user_;
      out_ << "→ личный чат\n";
    } else if (cmd == ":group") {
      chat_ = arg.empty() ? kDefaultGroup : parse_int(arg, kDefaultGroup);
      if (chat_ > 0) chat_ = -chat_;  // group ids are negative in Telegram
      if (chat_ == 0) chat_ = kDefaultGroup;
      out_ << fmt::format("→ группа {}\n", chat_);
    } else if (cmd == ":reply") {
      reply_to_ = parse_int(arg, 0);
      out_ << fmt::format("→ следующее сообщение — ответ пользователю {}\n", reply_to_);
    } else if (cmd == ":wait") {
      auto seconds = parse_duration(arg);
      if (seconds <= 0) {
        out_ << "✗ :wait 90 | 15m | 2h | 1d\n";
      } else {
        offset_ += seconds;
        out_ << fmt::format("⏩ прошло {} с\n", seconds);
      }
    } else if (cmd == ":who") {
      out_ << fmt::format("пользователь {} ({}), чат {}\n", user_, names_[user_], chat_);
    } else {
      out_ << "✗ неизвестная команда терминала, :help — справка\n";
    }
    return true;
  }

  static std::int64_t parse_int(const std::string& s, std::int64_t fallback) {
    try {
      std::size_t used = 0;
      auto v = std::stoll(s, &used);
      return used == s.size() ? v : fallback;
    } catch (const std::exception&) {
      return fallback;
    }
  }

  static std::int64_t parse_duration(const std::string& s) {
    if (s.empty()) return 0;
    std::int64_t unit = 1;
    std::string number = s;
    switch (s.back()) {
      case 's': unit = 1; number.pop_back(); break;
      case 'm': unit = 60; number.pop_back(); break;
      case 'h': unit = 3600; number.pop_back(); break;
      case 'd': unit = 86400; number.pop_back(); break;
      default: break;
    }
    auto v = parse_int(number, 0);
    return v > 0 ? v * unit : 0;
  }

  void switch_user(const std::string& arg) {
    auto space = arg.find(' ');
    auto id = parse_int(arg.substr(0, space), 0);
    if (id <= 0) {
      out_ << "✗ :user ID [ИМЯ], ID — положительное число\n";
      return;
    }
    bool was_private = chat_ == user_;
    user_ = id;
    if (space != std::string::npos) names_[id] = trim(arg.substr(space));
    if (!names_.contains(id)) names_[id] = fmt::format("Игрок{}", id);
    if (was_private) chat_ = user_;
    out_ << fmt::format("→ теперь ты {} (#{})\n", names_[id], id);
  }

  bot::User me() const { return bot::User{user_, false, names_.at(user_), {}}; }

  bot::Chat chat() const {
    if (chat_ == user_) return bot::Chat{chat_, bot::ChatType::kPrivate, {}};
    return bot::Chat{chat_, bot::ChatType::kSupergroup, fmt::format("Гофрочат {}", -chat_)};
  }

  void send_text(const std::string& text) {
    auto& view = views_[chat_];
    bot::Message m;
    m.message_id = ++next_message_id_;
    m.chat = chat();
    m.from = me();
    m.text = text;
    if (reply_to_ != 0) {
      auto it = view.last_message_of.find(reply_to_);
      m.reply_to_message_id = it != view.last_message_of.end() ? it->second : 0;
      m.reply_to_from = bot::User{reply_to_, false,
                                  names_.contains(reply_to_) ? names_[reply_to_]
                                                             : fmt::format("Игрок{}", reply_to_),
                                  {}};
      reply_to_ = 0;
    }
    view.messages[m.message_id] = {text, nullptr, user_};
    view.last_message_of[user_] = m.message_id;
    dispatch(bot::Update{++next_update_id_, std::move(m)});
  }

  void press(int number) {
    auto& view = views_[chat_];
    auto it = view.messages.find(view.last_keyboard_message);
    if (it == view.messages.end() || !it->second.keyboard) {
      out_ << "✗ здесь нет кнопок\n";
      return;
    }
    int n = 0;
    for (const auto& row : it->second.keyboard->rows) {
      for (const auto& button : row) {
        if (++n == number) {
          out_ << fmt::format("👆 {}\n", button.text);
          bot::CallbackQuery q;
          q.id = fmt::format("q{}", ++next_update_id_);
          q.from = me();
          q.chat = chat();
          q.message_id = it->first;
          q.data = button.data;
          dispatch(bot::Update{next_update_id_, std::move(q)});
          return;
        }
      }
    }
    out_ << fmt::format("✗ нет кнопки {}\n", number);
  }

  void dispatch(const bot::Update& update) {
    auto outcome = engine_.process(update, now());
    if (!outcome.committed) {
      out_ << "✗ не удалось сохранить, попробуй ещё раз\n";
      return;
    }
    show_all(outcome.actions);
    const std::int64_t sent[] = {update.update_id};
    store_.remove_outbox(sent);
    if (between_updates_) between_updates_();
  }

 public:
  void show_all(const std::vector<bot::Action>& actions) {
    for (const auto& action : actions) {
      std::visit([this](const auto& a) { show(a); }, action);
    }
  }

  // Replies committed by an earlier session that never got shown.
  void drain_outbox() {
    for (const auto& row : store_.pending_outbox(1000)) {
      if (auto actions = bot::decode_actions(row.payload)) {
        out_ << "📬 недоставленное с прошлого раза:\n";
        show_all(*actions);
      }
      const std::int64_t sent[] = {row.update_id};
      store_.remove_outbox(sent);
    }
  }

 private:

  void print_message(MessageId id, const ShownMessage& m, const char* marker) {
    out_ << fmt::format("{} [#{}]\n{}\n", marker, id, m.text);
    if (!m.keyboard) return;
    int n = 0;
    for (const auto& row : m.keyboard->rows) {
      std::string line;
      for (const auto& button : row) {
        line += fmt::format("{}[{}] {}", line.empty() ? "  " : "   ", ++n, button.text);
      }
      out_ << line << '\n';
    }
  }

  void show(const bot::SendMessage& a) {
    auto& view = views_[a.chat_id];
    MessageId id = ++next_message_id_;
    view.messages[id] = {a.text, a.keyboard, 0};
    if (a.keyboard) view.last_keyboard_message = id;
    print_message(id, view.messages[id], "🤖");
  }

  void show(const bot::EditMessage& a) {
    auto& view = views_[a.chat_id];
    auto& m = view.messages[a.message_id];
    m.text = a.text;
    m.keyboard = a.keyboard;
    if (a.keyboard) view.last_keyboard_message = a.message_id;
    print_message(a.message_id, m, "✏️");
  }

  void show(const bot::AnswerCallback& a) {
    if (a.text.empty()) return;
    out_ << fmt::format("{} {}\n", a.show_alert ? "🔔" : "💬", a.text);
  }

  bot::Engine& engine_;
  store::Store& store_;
  std::ostream& out_;
  std::function<void()> between_updates_;
  std::map<UserId, std::string> names_;
  std::map<ChatId, ChatView> views_;
  UserId user_ = 1;
  ChatId chat_ = 1;
  UserId reply_to_ = 0;
  game::UnixTime offset_ = 0;
  MessageId next_message_id_ = 0;
  // Update ids grow across sessions (they start from the wall clock in milliseconds), so a
  // new session's update is never taken for a redelivery of an old one.
  std::int64_t next_update_id_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
};

}  // namespace

int run_terminal_play(bot::Engine& engine, store::Store& store, std::istream& in,
                      std::ostream& out, const PlayOptions& options) {
  Play play(engine, store, out, options.between_updates);
  play.drain_outbox();
  out << "🎮 Гофробот в терминале. Напиши /start, :help — команды терминала.\n";
  std::string line;
  while (true) {
    play.prompt();
    if (!std::getline(in, line)) break;
    if (options.echo_input) out << line << '\n';
    if (!play.line(line)) break;
  }
  out << "\n👋 Пока!\n";
  return 0;
}

}  // namespace app

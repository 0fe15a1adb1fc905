#pragma once
// Everything a handler sees of one update, and the replies it produces.
#include <string>
#include <string_view>
#include <vector>

#include "bot/reply.hpp"
#include "bot/session_state.hpp"
#include "bot/unit_of_work.hpp"
#include "bot/update.hpp"
#include "game/random.hpp"
#include "ops/config.hpp"

namespace bot {

struct AdminAccess;

// Long-lived services of the engine, shared by every update.
struct Services {
  Services(const ops::Config* running, game::Random* random, SessionState* session,
           AdminAccess* admin_access = nullptr)
      : config(running), rng(random), state(session), admin(admin_access) {}

  const ops::Config* config = nullptr;  // the running configuration (swapped on reload)
  game::Random* rng = nullptr;
  SessionState* state = nullptr;
  AdminAccess* admin = nullptr;  // the admin panel; none in most tests
};

class Context {
 public:
  Context(const Update& update, UnitOfWork& work, const Services& services, UnixTime now);

  const Update& update() const { return update_; }
  const Message* message() const { return std::get_if<Message>(&update_.payload); }
  const CallbackQuery* callback() const { return std::get_if<CallbackQuery>(&update_.payload); }
  const User& from() const { return from_; }
  ChatId chat_id() const { return chat_.id; }
  const Chat& chat() const { return chat_; }
  bool in_group() const { return is_group(chat_.type); }
  UnixTime now() const { return now_; }
  // Arguments after a command name, or the callback-data suffix after a matched prefix.
  std::string_view args() const { return args_; }
  void set_args(std::string_view args) { args_ = args; }

  UnitOfWork& work() { return work_; }
  game::Player& me() { return work_.player(from_.id); }
  const ops::Config& config() const { return *services_.config; }
  const game::Balance& balance() const { return services_.config->balance; }
  game::Random& rng() { return *services_.rng; }
  SessionState& state() { return *services_.state; }
  // The admin panel's access, or nullptr where it is off.
  AdminAccess* admin() const { return services_.admin; }

  // --- replies -----------------------------------------------------------------------
  // A command answers with a new message; a button edits the message it belongs to.
  void show(std::string text, KeyboardRef keyboard);
  void send(std::string text, KeyboardRef keyboard = nullptr,
            std::optional<MessageId> reply_to = std::nullopt);
  // The refusal of an action: an alert for a button, a message for a command.
  void refuse(std::string text, KeyboardRef keyboard = nullptr);
  void alert(std::string text);  // callback only: a modal alert
  void toast(std::string text);  // callback only: a short notice

  std::vector<Action>& actions() { return actions_; }
  bool callback_answered() const { return answered_; }
  // Makes sure a callback query gets exactly one answer (GAME.md §11: every one is answered).
  void finish();

 private:
  void answer(std::string text, bool show_alert);

  const Update& update_;
  UnitOfWork& work_;
  const Services& services_;
  UnixTime now_;
  User from_;
  Chat chat_;
  std::string_view args_;
  std::vector<Action> actions_;
  bool answered_ = false;
};

}  // namespace bot

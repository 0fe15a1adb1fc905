#pragma once
// Explicit, documented precedence instead of registration order (GAME.md §11.4):
//   messages:  1. commands (exact names, any state)  2. nickname input while waiting
//              3. keyword responder (groups)          4. a hint in private chats
//   callbacks: exact data first, then prefixes, longest first; unknown data -> alert.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/context.hpp"

namespace bot {

// Rate-limit category of a route (GAME.md §13.4), assigned explicitly per route
// (bot/guards/rate_limit_guard.hpp). kUnlimited: not rate-limited (the keyword responder).
enum class Category { kDavka, kPvp, kCommand, kDefault, kUnlimited };

using Handler = std::function<void(Context&)>;

struct Route {
  std::string name;  // command name, callback data or prefix: for logs and metrics
  Handler handler;
  Category category = Category::kDefault;
  // The handler takes a fight challenge of the chat (SessionState::take): with shared
  // conversation state the engine loads the chat's challenges before the batch runs.
  bool takes_challenge = false;
};

// A parsed "/name@bot args" (GAME.md §11: names case-sensitive, @bot case-insensitive).
struct ParsedCommand {
  std::string_view name;
  std::string_view args;
};
// nullopt when the text is not a command, or is addressed to another bot.
std::optional<ParsedCommand> parse_command(std::string_view text, std::string_view bot_username);

struct Match {
  const Route* route = nullptr;
  std::string_view args;
};

class Router {
 public:
  void command(std::string name, Handler handler, Category category = Category::kCommand);
  void callback(std::string data, Handler handler, Category category = Category::kDefault);
  void callback_prefix(std::string prefix, Handler handler, Category category = Category::kDefault,
                       bool takes_challenge = false);
  void nickname_input(Handler handler);
  // An admin's answer to a prompt of the admin panel (a private message, not a command).
  void admin_input(Handler handler);
  void keyword(Handler handler);
  void private_fallback(Handler handler);
  void unknown_callback(Handler handler);

  // The route for an update, given whether its sender is typing a nickname there, or
  // answering an admin prompt (which comes first).
  Match match(const Update& update, std::string_view bot_username, bool awaiting_nickname,
              bool awaiting_admin_input = false) const;

  std::vector<std::string> command_names() const;
  std::vector<std::string> callback_names() const;
  // Every route: commands, buttons, prefixes, then the conversation and fallback routes.
  // The addresses stay valid as long as the router and no route is added.
  std::vector<const Route*> routes() const;

 private:
  std::map<std::string, Route, std::less<>> commands_;
  std::map<std::string, Route, std::less<>> callbacks_;
  std::vector<Route> prefixes_;  // kept longest first
  Route nickname_input_{"nickname_input", nullptr, Category::kDefault, false};
  Route admin_input_{"admin_input", nullptr, Category::kDefault, false};
  Route keyword_{"keyword", nullptr, Category::kUnlimited, false};
  Route private_fallback_{"private_fallback", nullptr, Category::kDefault, false};
  Route unknown_callback_{"unknown_callback", nullptr, Category::kDefault, false};
};

}  // namespace bot

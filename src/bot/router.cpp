#include "bot/router.hpp"

#include <algorithm>

#include "game/nickname.hpp"

namespace bot {

std::optional<ParsedCommand> parse_command(std::string_view text, std::string_view bot_username) {
  if (text.size() < 2 || text.front() != '/') return std::nullopt;
  auto end = text.find_first_of(" \t\n\r");
  std::string_view head = text.substr(1, end == std::string_view::npos ? text.npos : end - 1);
  std::string_view args;
  if (end != std::string_view::npos) {
    args = text.substr(end);
    auto first = args.find_first_not_of(" \t\n\r");
    args = first == std::string_view::npos ? std::string_view{} : args.substr(first);
  }
  std::string_view name = head;
  if (auto at = head.find('@'); at != std::string_view::npos) {
    name = head.substr(0, at);
    std::string_view addressee = head.substr(at + 1);
    if (!bot_username.empty() && game::to_lower(addressee) != game::to_lower(bot_username)) {
      return std::nullopt;
    }
  }
  if (name.empty()) return std::nullopt;
  return ParsedCommand{name, args};
}

void Router::command(std::string name, Handler handler, Category category) {
  // Built with append: GCC 12's -Wrestrict misfires on "/" + std::string at -O3.
  std::string label = "/";
  label.append(name);
  commands_[std::move(name)] = Route{std::move(label), std::move(handler), category, false};
}

void Router::callback(std::string data, Handler handler, Category category) {
  auto key = data;
  callbacks_[key] = Route{std::move(data), std::move(handler), category, false};
}

void Router::callback_prefix(std::string prefix, Handler handler, Category category,
                             bool takes_challenge) {
  prefixes_.push_back(Route{std::move(prefix), std::move(handler), category, takes_challenge});
  std::stable_sort(prefixes_.begin(), prefixes_.end(),
                   [](const Route& a, const Route& b) { return a.name.size() > b.name.size(); });
}

void Router::nickname_input(Handler handler) { nickname_input_.handler = std::move(handler); }
void Router::admin_input(Handler handler) { admin_input_.handler = std::move(handler); }
void Router::keyword(Handler handler) { keyword_.handler = std::move(handler); }
void Router::private_fallback(Handler handler) { private_fallback_.handler = std::move(handler); }
void Router::unknown_callback(Handler handler) { unknown_callback_.handler = std::move(handler); }

Match Router::match(const Update& update, std::string_view bot_username, bool awaiting_nickname,
                    bool awaiting_admin_input) const {
  if (const auto* c = std::get_if<CallbackQuery>(&update.payload)) {
    if (auto it = callbacks_.find(c->data); it != callbacks_.end()) return {&it->second, {}};
    for (const auto& route : prefixes_) {
      if (c->data.starts_with(route.name)) {
        return {&route, std::string_view(c->data).substr(route.name.size())};
      }
    }
    return {&unknown_callback_, {}};
  }
  const auto* m = std::get_if<Message>(&update.payload);
  if (!m || !m->from) return {};
  std::string_view text = m->text ? std::string_view(*m->text) : std::string_view{};
  if (auto cmd = parse_command(text, bot_username)) {
    if (auto it = commands_.find(cmd->name); it != commands_.end()) {
      return {&it->second, cmd->args};
    }
  }
  bool looks_like_command = text.starts_with('/');
  if (awaiting_admin_input && !looks_like_command && !is_group(m->chat.type) && m->text) {
    return {&admin_input_, text};
  }
  if (awaiting_nickname && !looks_like_command) return {&nickname_input_, text};
  if (is_group(m->chat.type)) {
    if (!looks_like_command && m->text) return {&keyword_, text};
    return {};
  }
  return {&private_fallback_, text};
}

std::vector<std::string> Router::command_names() const {
  std::vector<std::string> names;
  for (const auto& [name, route] : commands_) names.push_back(name);
  return names;
}

std::vector<std::string> Router::callback_names() const {
  std::vector<std::string> names;
  for (const auto& [name, route] : callbacks_) names.push_back(name);
  for (const auto& route : prefixes_) names.push_back(route.name + "*");
  return names;
}

std::vector<const Route*> Router::routes() const {
  std::vector<const Route*> all;
  for (const auto& [name, route] : commands_) all.push_back(&route);
  for (const auto& [data, route] : callbacks_) all.push_back(&route);
  for (const auto& route : prefixes_) all.push_back(&route);
  for (const Route* r :
       {&nickname_input_, &admin_input_, &keyword_, &private_fallback_, &unknown_callback_}) {
    all.push_back(r);
  }
  return all;
}

}  // namespace bot

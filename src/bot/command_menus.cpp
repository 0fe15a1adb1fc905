#include "bot/command_menus.hpp"

#include <array>
#include <string_view>
#include <utility>

#include "telegram/json_writer.hpp"

namespace bot {
namespace {

using Entry = std::pair<std::string_view, std::string_view>;

template <std::size_t N>
std::string body(const std::array<Entry, N>& commands, std::string_view scope) {
  telegram::JsonWriter w;
  w.begin_object().key("commands").begin_array();
  for (const auto& [name, description] : commands) {
    w.begin_object().key("command").value(name).key("description").value(description).end_object();
  }
  w.end_array();
  w.key("scope").begin_object().key("type").value(scope).end_object();
  w.end_object();
  return w.take();
}

}  // namespace

std::string private_commands_body() {
  static const std::array<Entry, 13> commands = {{
      {"start", "🚀 Начать игру"},
      {"davka", "🐍 Давить коричневага"},
      {"uletet", "✈️ Отправить змия"},
      {"profile", "📊 Профиль пацана"},
      {"gofra", "🏗️ Моя гофра"},
      {"cable", "🔌 Мой кабель"},
      {"atm", "🌀 Атмосферы"},
      {"top", "🏆 Топ пацанов"},
      {"nickname", "👤 Сменить ник"},
      {"rademka", "👊 Радёмка"},
      {"help", "📖 Помощь"},
      {"version", "ℹ️ Версия бота"},
      {"menu", "📱 Главное меню"},
  }};
  return body(commands, "all_private_chats");
}

std::string group_commands_body() {
  static const std::array<Entry, 13> commands = {{
      {"start", "🚀 Активировать бота в чате"},
      {"gdavka", "🐍 Давить в чате"},
      {"grademka", "👊 Радёмка в чате"},
      {"fight", "🥊 Протащить (ответом на сообщение)"},
      {"gtop", "🏆 Топ этого чата"},
      {"gstats", "📊 Статистика чата"},
      {"gme", "👤 Мой вклад"},
      {"ghelp", "🆘 Помощь по чату"},
      {"gmenu", "📱 Меню чата"},
      {"davka", "🐍 Давка (личная)"},
      {"profile", "📊 Профиль (личный)"},
      {"top", "🏆 Топ (общий)"},
      {"rademka", "👊 Радёмка (личная)"},
  }};
  return body(commands, "all_group_chats");
}

}  // namespace bot

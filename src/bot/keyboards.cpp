#include "bot/keyboards.hpp"

#include <string>

namespace bot {
namespace {

KeyboardRef make(std::vector<std::vector<Button>> rows) { return make_keyboard(std::move(rows)); }

KeyboardRef back(std::string to) { return make({{{"⬅️ Назад", std::move(to)}}}); }

Keyboards build() {
  Keyboards k;
  k.main = make({
      {{"🐍 Давить коричневага", "davka"}, {"✈️ Отправить змия", "uletet"}},
      {{"🏗️ Моя гофра", "gofra_info"}, {"🔌 Мой кабель", "cable_info"}},
      {{"🌡️ Атмосферы", "atm_status"}, {"👊 Радёмка", "rademka"}},
      {{"🏆 Топ", "top"}, {"📊 Профиль", "profile"}},
      {{"👤 Никнейм", "nickname_menu"}},
  });
  k.profile = make({
      {{"🏗️ Гофра", "gofra_info"}},
      {{"🔌 Кабель", "cable_info"}},
      {{"🌡️ Атмосферы", "atm_status"}},
      {{"⬅️ Главное меню", "back_main"}},
  });
  k.gofra_info = make({
      {{"📈 Прогресс", "gofra_progress"}},
      {{"⚡ Скорость", "gofra_speed"}},
      {{"🎯 Следующая", "gofra_next"}},
      {{"⬅️ В главное", "back_main"}},
  });
  k.cable_info = make({
      {{"💪 Сила кабеля", "cable_power_info"}},
      {{"⚔️ Урон в PvP", "cable_pvp_info"}},
      {{"📈 Прокачка", "cable_upgrade_info"}},
      {{"⬅️ В главное", "back_main"}},
  });
  // atm_max_info and atm_boosters had handlers but no button in the original (D-7);
  // here they get one, so every screen is reachable.
  k.atm_status = make({
      {{"⏱️ Время восстановления", "atm_regen_time"}},
      {{"⚡ Скорость гофры", "gofra_speed"}},
      {{"🔝 Максимум атмосфер", "atm_max_info"}, {"🚀 Ускорение", "atm_boosters"}},
      {{"⬅️ В профиль", "profile"}},
  });
  k.top = make({
      {{"🏗️ По гофре", "top_gofra"}, {"🔌 По кабелю", "top_cable"}},
      {{"🐍 По змию", "top_zmiy"}, {"🌡️ По атмосферам", "top_atm"}},
      {{"⬅️ Назад", "back_main"}},
  });
  k.nickname = make({
      {{"📝 Изменить ник", "change_nickname"}, {"🔄 Обновить", "nickname_menu"}},
      {{"⭐ Моя репутация", "my_reputation"}, {"🥇 Топ репутации", "top_reputation"}},
      {{"⬅️ Назад", "back_main"}},
  });
  k.rad = make({
      {{"🎯 Случайная цель", "rademka_random"}, {"📊 Статистика", "rademka_stats"}},
      {{"👑 Топ", "rademka_top"}},
      {{"⬅️ Назад", "back_main"}},
  });
  k.chat = make({
      {{"🐍 Давить в чате", "chat_davka"}, {"👊 Радёмка", "chat_rademka"}},
      {{"🏆 Топ чата", "chat_top"}, {"📊 Стата чата", "chat_stats"}},
      {{"👤 Мой вклад", "chat_me"}, {"🏗️ Моя гофра", "chat_gofra"}},
      {{"🔌 Мой кабель", "chat_cable"}, {"🌡️ Атмосферы", "chat_atm"}},
      {{"🆘 Помощь", "chat_help"}, {"📱 Меню", "chat_menu"}},
  });
  k.back_main = back("back_main");
  k.back_profile = back("profile");
  k.back_rademka = back("rademka");
  k.back_nickname_menu = back("nickname_menu");
  return k;
}

}  // namespace

const Keyboards& Keyboards::get() {
  static const Keyboards keyboards = build();
  return keyboards;
}

KeyboardRef private_fight_keyboard(UserId target) {
  return make({{{"✅ Протащить!", "rademka_confirm_" + std::to_string(target)},
                {"❌ Отмена", "rademka"}}});
}

KeyboardRef chat_fight_keyboard(UserId target) {
  return make({{{"✅ Протащить!", "chat_fight_" + std::to_string(target)},
                {"❌ Отмена", "chat_menu"}}});
}

}  // namespace bot

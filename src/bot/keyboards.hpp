#pragma once
// The inline keyboards of GAME.md §11.3. Static ones are built once at start-up and
// shared; the parametrised fight keyboards are built per use.
#include <string_view>

#include "bot/reply.hpp"

namespace bot {

struct Keyboards {
  KeyboardRef main;
  KeyboardRef profile;
  KeyboardRef gofra_info;
  KeyboardRef cable_info;
  KeyboardRef atm_status;
  KeyboardRef top;
  KeyboardRef nickname;
  KeyboardRef rad;
  KeyboardRef chat;
  KeyboardRef back_main;
  KeyboardRef back_profile;
  KeyboardRef back_rademka;
  KeyboardRef back_nickname_menu;

  static const Keyboards& get();  // built on first use, immutable afterwards
};

// [✅ Протащить! → rademka_confirm_<id>] [❌ Отмена → rademka]
KeyboardRef private_fight_keyboard(UserId target);
// [✅ Протащить! → chat_fight_<id>] [❌ Отмена → chat_menu]
KeyboardRef chat_fight_keyboard(UserId target);

}  // namespace bot

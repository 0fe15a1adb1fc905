#pragma once
// Route registration: one function per feature file, all called from add_all_routes.
#include "bot/router.hpp"

namespace bot {

void add_start_routes(Router& r);     // /start /menu /help /version, back_main, hints
void add_profile_routes(Router& r);   // /profile, profile
void add_gofra_routes(Router& r);     // /gofra, gofra_*
void add_cable_routes(Router& r);     // /cable, cable_*
void add_atm_routes(Router& r);       // /atm, atm_*
void add_davka_routes(Router& r);     // /davka /uletet, davka uletet
void add_top_routes(Router& r);       // /top, top, top_*
void add_nickname_routes(Router& r);  // /nickname /cancel, nickname_menu change_nickname, input
void add_rademka_routes(Router& r);   // /rademka, rademka*
void add_chat_routes(Router& r);      // group commands and chat_* buttons
void add_chat_fight_routes(Router& r);  // /fight /протащить /радёмка, chat_fight_*
void add_keyword_routes(Router& r);   // keyword responder (groups)
void add_admin_routes(Router& r);     // /admin /Gofroadmin, adm_*, the admin's prompts

inline void add_all_routes(Router& r) {
  add_start_routes(r);
  add_profile_routes(r);
  add_gofra_routes(r);
  add_cable_routes(r);
  add_atm_routes(r);
  add_davka_routes(r);
  add_top_routes(r);
  add_nickname_routes(r);
  add_rademka_routes(r);
  add_chat_routes(r);
  add_chat_fight_routes(r);
  add_keyword_routes(r);
  add_admin_routes(r);
}

}  // namespace bot

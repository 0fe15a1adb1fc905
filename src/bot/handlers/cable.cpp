// /cable and the cable screens; texts state the real rules (GAME.md §6, D-18).
#include <fmt/compile.h>
#include <fmt/format.h>

#include "bot/handlers/routes.hpp"
#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/numeric.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

namespace {

void cable_info(Context& ctx) {
  ctx.show(cable_screen(ctx.me(), ctx.balance()), Keyboards::get().cable_info);
}

void cable_power_info(Context& ctx) {
  auto& p = ctx.me();
  const auto& b = ctx.balance();
  ctx.show(fmt::format("💪 СИЛА КАБЕЛЯ\n\n"
                       "📏 Твой кабель: {}\n\n"
                       "В радёмке кабель даёт +{}% к шансу за каждый мм, на который он длиннее "
                       "кабеля соперника (и столько же отнимает, если короче). 10 см перевеса — "
                       "это +{}.\n\n"
                       "Растёт от давок и побед в радёмке."_cf,
                       game::format_length(p.cable_mm), game::fixed(b.pvp_cable_mult, 2),
                       percent(100.0 * b.pvp_cable_mult)),
           Keyboards::get().cable_info);
}

void cable_pvp_info(Context& ctx) {
  const auto& b = ctx.balance();
  ctx.show(fmt::format("⚔️ ШАНС В РАДЁМКЕ\n\n"
                       "Шанс нападающего считается так:\n"
                       "• база {}\n"
                       "• + разница кабелей × {}% за мм\n"
                       "• + разница гофр × {}% за мм\n"
                       "• + случайность от −{} до +{}\n"
                       "• итог не ниже {} и не выше {}\n\n"
                       "Шанс считается один раз, когда цель найдена, и не меняется до боя."_cf,
                       percent(b.pvp_base_chance), game::fixed(b.pvp_cable_mult, 2),
                       game::fixed(b.pvp_gofra_mult, 4), game::fixed(b.pvp_jitter, 0),
                       game::fixed(b.pvp_jitter, 0), percent(b.pvp_min_chance),
                       percent(b.pvp_max_chance)),
           Keyboards::get().cable_info);
}

void cable_upgrade_info(Context& ctx) {
  auto& p = ctx.me();
  const auto& b = ctx.balance();
  ctx.show(fmt::format("📈 ПРОКАЧКА КАБЕЛЯ\n\n"
                       "Откуда берётся кабель:\n"
                       "• давка: {} мм за каждый кг змия; если давка меньше {}г — шанс {}% "
                       "получить {} мм\n"
                       "• победа в радёмке нападающим: +{} мм\n"
                       "• отбился от нападения: +{} мм\n\n"
                       "💩 Ты выдавил за всё время: {} кг"_cf,
                       game::fixed(b.cable_mm_per_kg, 2),
                       game::fixed(b.min_cable_gain / b.cable_mm_per_kg * 1000.0, 0),
                       game::fixed(b.cable_chance_small * 100, 0), game::fixed(b.min_cable_gain, 2),
                       game::fixed(b.pvp_attacker_cable_gain, 1),
                       game::fixed(b.pvp_defender_cable_gain, 1),
                       game::fixed(p.total_zmiy_grams / 1000.0, 1)),
           Keyboards::get().cable_info);
}

}  // namespace

void add_cable_routes(Router& r) {
  r.command("cable", cable_info);
  r.callback("cable_info", cable_info);
  r.callback("cable_power_info", cable_power_info);
  r.callback("cable_pvp_info", cable_pvp_info);
  r.callback("cable_upgrade_info", cable_upgrade_info);
}

}  // namespace bot

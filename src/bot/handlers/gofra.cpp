// /gofra and the gofra screens, including the three that were dead buttons (§11.2.1).
#include <fmt/compile.h>
#include <fmt/format.h>

#include "bot/handlers/routes.hpp"
#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/atmospheres.hpp"
#include "game/levels.hpp"
#include "game/numeric.hpp"
#include "game/time_format.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

namespace {

void gofra_info(Context& ctx) {
  ctx.show(gofra_screen(ctx.me(), ctx.balance()), Keyboards::get().gofra_info);
}

void gofra_progress(Context& ctx) {
  auto& p = ctx.me();
  auto info = game::gofra_info(p.gofra_mm);
  auto next = game::gofra_info(info.next_threshold);
  ctx.show(fmt::format("📈 ПРОГРЕСС ГОФРЫ\n\n"
                       "🏗️ Сейчас: {} — {} {}\n"
                       "🎯 Цель: {} {} (от {})\n"
                       "[{}] {}\n"
                       "📏 Осталось: {} мм"_cf,
                       info.length_display, info.emoji, info.name, next.emoji, next.name,
                       next.length_display, game::progress_bar(info.progress, 1.0),
                       percent(info.progress * 100),
                       game::fixed(info.next_threshold - p.gofra_mm, 1)),
           Keyboards::get().gofra_info);
}

void gofra_speed(Context& ctx) {
  auto& p = ctx.me();
  const auto& b = ctx.balance();
  auto info = game::gofra_info(p.gofra_mm);
  double per = game::seconds_per_atm(p.gofra_mm, b);
  auto top = game::table_level(game::kTableLevels - 1);
  ctx.show(fmt::format("⚡ СКОРОСТЬ АТМОСФЕР\n\n"
                       "🏗️ Гофра: {} — {} {}\n"
                       "⏱️ База: 1 атмосфера за {}\n"
                       "✖️ Твой множитель: x{}\n"
                       "🌀 Одна атмосфера: {}\n"
                       "🌀 Полный бак ({}): {}\n\n"
                       "Как ускорить: расти гофру — чем длиннее, тем быстрее капают атмосферы. "
                       "На обычных уровнях максимум x{}, космические идут дальше."_cf,
                       info.length_display, info.emoji, info.name,
                       game::format_duration(b.atm_base_seconds), game::fixed(info.atm_speed, 2),
                       game::format_duration(per), b.atm_max,
                       game::format_duration(per * b.atm_max), game::fixed(top.atm_speed, 2)),
           Keyboards::get().gofra_info);
}

void gofra_next(Context& ctx) {
  auto& p = ctx.me();
  const auto& b = ctx.balance();
  auto info = game::gofra_info(p.gofra_mm);
  auto next = game::gofra_info(info.next_threshold);
  ctx.show(fmt::format("🎯 СЛЕДУЮЩАЯ ГОФРА\n\n"
                       "Сейчас: {} {} ({})\n"
                       "Дальше: {} {} (от {})\n"
                       "📏 Осталось: {} мм\n\n"
                       "⚡ Скорость: x{} → x{}\n"
                       "⚖️ Вес змия: {}-{}г → {}-{}г\n\n"
                       "Как дойти: дави коричневага при {} атмосферах. Каждый грамм даёт {} мм "
                       "гофры (не меньше {} мм за давку), после {} рост замедляется."_cf,
                       info.emoji, info.name, info.length_display, next.emoji, next.name,
                       next.length_display, game::fixed(info.next_threshold - p.gofra_mm, 1),
                       game::fixed(info.atm_speed, 2), game::fixed(next.atm_speed, 2),
                       info.min_grams, info.max_grams, next.min_grams, next.max_grams, b.atm_max,
                       game::fixed(b.gofra_exp_per_gram, 2), game::fixed(b.min_gofra_exp, 1),
                       game::format_length(b.gofra_soft_cap_mm)),
           Keyboards::get().gofra_info);
}

}  // namespace

void add_gofra_routes(Router& r) {
  r.command("gofra", gofra_info);
  r.callback("gofra_info", gofra_info);
  r.callback("gofra_progress", gofra_progress);
  r.callback("gofra_speed", gofra_speed);
  r.callback("gofra_next", gofra_next);
}

}  // namespace bot

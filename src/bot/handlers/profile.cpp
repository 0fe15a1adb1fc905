// /profile and the profile button (a dead button in the original, D-7).
#include <fmt/compile.h>
#include <fmt/format.h>

#include "bot/handlers/routes.hpp"
#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/atmospheres.hpp"
#include "game/numeric.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

namespace {

void profile(Context& ctx) {
  auto& p = ctx.me();
  const auto& b = ctx.balance();
  ctx.show(fmt::format("📊 ПРОФИЛЬ ПАЦАНА\n\n"
                       "{}\n"
                       "👤 Ник: {}\n"
                       "🏗️ Гофра: {}\n"
                       "🔌 Кабель: {}\n\n"
                       "⚡ Ресурсы:\n"
                       "🌀 Атмосферы: {}/{}\n"
                       "⏱️ Регенерация: {} сек за 1 атм.\n"
                       "🐍 Змий: {}г\n\n"
                       "📈 Статистика:\n"
                       "💥 Всего давок: {}\n"
                       "💩 Всего змия: {}г"_cf,
                       level_title(p.gofra_mm), p.nickname, game::format_length(p.gofra_mm),
                       game::format_length(p.cable_mm), p.atm_count, b.atm_max,
                       game::fixed(game::seconds_per_atm(p.gofra_mm, b), 0),
                       game::fixed(p.zmiy_grams, 0), p.total_davki,
                       game::fixed(p.total_zmiy_grams, 0)),
           Keyboards::get().profile);
}

}  // namespace

void add_profile_routes(Router& r) {
  r.command("profile", profile);
  r.callback("profile", profile);
}

}  // namespace bot

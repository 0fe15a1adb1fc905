// /atm and the atmosphere screens (GAME.md §3, §11.2; exact times, decision 13).
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

void atm_status(Context& ctx) {
  ctx.show(atm_screen(ctx.me(), ctx.now(), ctx.balance()), Keyboards::get().atm_status);
}

std::string bar_line(const game::Player& p, const game::Balance& b) {
  return fmt::format("[{}] {}/{}"_cf, game::progress_bar(p.atm_count, b.atm_max), p.atm_count,
                     b.atm_max);
}

void atm_regen_time(Context& ctx) {
  auto& p = ctx.me();
  const auto& b = ctx.balance();
  auto info = game::gofra_info(p.gofra_mm);
  auto t = game::regen_time(p, ctx.now(), b);
  ctx.show(fmt::format("⏱️ ВРЕМЯ ВОССТАНОВЛЕНИЯ\n\n"
                       "{}\n"
                       "❗ Не хватает: {}\n"
                       "⏱️ База: 1 атмосфера за {}\n"
                       "⚡ Скорость: x{} ({})\n"
                       "🌀 Одна атмосфера: {}\n"
                       "⏳ Следующая через: {}\n"
                       "⏳ До полного бака: {}\n\n"
                       "💡 Советы:\n"
                       "• расти гофру — атмосферы пойдут быстрее\n"
                       "• дави, как только все {} на месте\n"
                       "• больше змия — длиннее гофра — быстрее бак"_cf,
                       bar_line(p, b), t.missing, game::format_duration(b.atm_base_seconds),
                       game::fixed(info.atm_speed, 2), info.name,
                       game::format_duration(t.per_atm_seconds),
                       game::format_duration(t.to_next_seconds),
                       game::format_duration(t.to_full_seconds), b.atm_max),
           Keyboards::get().back_profile);
}

void atm_max_info(Context& ctx) {
  auto& p = ctx.me();
  const auto& b = ctx.balance();
  auto info = game::gofra_info(p.gofra_mm);
  ctx.show(fmt::format("🔝 МАКСИМУМ АТМОСФЕР\n\n"
                       "{}\n"
                       "📦 Максимум: {}\n\n"
                       "• предел один для всех и не растёт\n"
                       "• давить можно только при полном баке\n"
                       "• скорость восстановления зависит от гофры\n\n"
                       "Твой уровень: {} {}, скорость x{}\n\n"
                       "Почему ждать все {}? Давка забирает весь бак сразу, так что копи до "
                       "конца — больше, чем {}, всё равно не накопится."_cf,
                       bar_line(p, b), b.atm_max, info.emoji, info.name,
                       game::fixed(info.atm_speed, 2), b.atm_max, b.atm_max),
           Keyboards::get().back_profile);
}

void atm_boosters(Context& ctx) {
  auto& p = ctx.me();
  auto info = game::gofra_info(p.gofra_mm);
  std::string next_levels;
  int listed = 0;
  for (int i = 0; i < game::kTableLevels && listed < 2; ++i) {
    auto level = game::table_level(i);
    if (level.threshold > p.gofra_mm) {
      next_levels += fmt::format("• {} {}: x{}\n"_cf, level.emoji, level.name,
                                 game::fixed(level.atm_speed, 2));
      ++listed;
    }
  }
  if (listed < 2 && info.cosmic()) {
    auto next = game::gofra_info(info.next_threshold);
    next_levels += fmt::format("• {} {}: x{}\n"_cf, next.emoji, next.name,
                               game::fixed(next.atm_speed, 2));
  } else if (listed < 2) {
    auto cosmic = game::gofra_info(game::kCosmicThresholdMm);
    next_levels += fmt::format("• {} {}: x{}\n"_cf, cosmic.emoji, cosmic.name,
                               game::fixed(cosmic.atm_speed, 2));
  }
  ctx.show(fmt::format("🚀 УСКОРЕНИЕ\n\n"
                       "Платных ускорителей нет — ускоритель здесь сама гофра.\n\n"
                       "Сейчас: {} {}, множитель x{}\n\n"
                       "Как ускориться:\n"
                       "1. Копи все атмосферы\n"
                       "2. Дави коричневага\n"
                       "3. Гофра растёт от каждой давки\n"
                       "4. Новый уровень — быстрее атмосферы\n\n"
                       "Следующие уровни:\n{}"_cf,
                       info.emoji, info.name, game::fixed(info.atm_speed, 2), next_levels),
           Keyboards::get().back_profile);
}

}  // namespace

void add_atm_routes(Router& r) {
  r.command("atm", atm_status);
  r.callback("atm_status", atm_status);
  r.callback("atm_regen_time", atm_regen_time);
  r.callback("atm_max_info", atm_max_info);
  r.callback("atm_boosters", atm_boosters);
}

}  // namespace bot

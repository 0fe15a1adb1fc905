#include "bot/handlers/screens.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include "bot/keyboards.hpp"
#include "game/atmospheres.hpp"
#include "game/levels.hpp"
#include "game/numeric.hpp"
#include "game/time_format.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

std::string level_title(double gofra_mm) {
  auto info = game::gofra_info(gofra_mm);
  return info.emoji + " " + info.name;
}

std::string lengths_line(const game::Player& p) {
  return "🏗️ " + game::format_length(p.gofra_mm) + " | 🔌 " + game::format_length(p.cable_mm);
}

std::string status_line(const game::Player& p) {
  return level_title(p.gofra_mm) + " | " + lengths_line(p);
}

std::string percent(double value) { return game::fixed(value, 1) + "%"; }

std::string gofra_screen(const game::Player& p, const game::Balance& /*balance*/) {
  auto info = game::gofra_info(p.gofra_mm);
  auto next = game::gofra_info(info.next_threshold);
  return fmt::format(
      "🏗️ ТВОЯ ГОФРА\n\n"
      "{} {}\n"
      "📏 Длина: {}\n"
      "⚡ Скорость атмосфер: x{}\n"
      "⚖️ Вес змия за давку: {}-{}г\n\n"
      "🎯 Следующий уровень:\n"
      "{} → {} {} (от {})\n"
      "📊 Прогресс: {}\n"
      "⚡ Новая скорость: x{}\n"
      "⚖️ Новый вес: {}-{}г"_cf,
      info.emoji, info.name, info.length_display, game::fixed(info.atm_speed, 2),
      info.min_grams, info.max_grams, info.emoji, next.emoji, next.name, next.length_display,
      percent(info.progress * 100), game::fixed(next.atm_speed, 2), next.min_grams,
      next.max_grams);
}

std::string cable_screen(const game::Player& p, const game::Balance& b) {
  return fmt::format(
      "🔌 ТВОЙ КАБЕЛЬ\n\n"
      "📏 Длина: {}\n"
      "⚔️ Вес в PvP: {} — в бою считается разница: +{}% за каждый мм, на который твой "
      "кабель длиннее, чем у соперника\n\n"
      "📈 Как растёт:\n"
      "• давка: {} мм за каждый кг змия; давка меньше {}г с шансом {}% даёт {} мм\n"
      "• победа в радёмке: +{} мм нападавшему, +{} мм отбившемуся\n\n"
      "💩 Всего выдавлено: {}г"_cf,
      game::format_length(p.cable_mm), percent(p.cable_mm * b.pvp_cable_mult),
      game::fixed(b.pvp_cable_mult, 2), game::fixed(b.cable_mm_per_kg, 2),
      game::fixed(b.min_cable_gain / b.cable_mm_per_kg * 1000.0, 0),
      game::fixed(b.cable_chance_small * 100, 0), game::fixed(b.min_cable_gain, 2),
      game::fixed(b.pvp_attacker_cable_gain, 1), game::fixed(b.pvp_defender_cable_gain, 1),
      game::fixed(p.total_zmiy_grams, 0));
}

std::string atm_screen(const game::Player& p, game::UnixTime now, const game::Balance& b) {
  auto info = game::gofra_info(p.gofra_mm);
  auto t = game::regen_time(p, now, b);
  std::string text = fmt::format("🌀 ТВОИ АТМОСФЕРЫ\n\n🌀 {}/{}\n⏱️ Одна атмосфера: {}\n"_cf,
                                 p.atm_count, b.atm_max, game::format_duration(t.per_atm_seconds));
  if (t.missing > 0) {
    text += fmt::format("⏳ Следующая через: {}\n⏳ До полного бака: {}\n❗ Не хватает: {}\n"_cf,
                        game::format_duration(t.to_next_seconds),
                        game::format_duration(t.to_full_seconds), t.missing);
  } else {
    text += "✅ Бак полный — можно давить!\n";
  }
  text += fmt::format("{} {} — скорость x{}\n\nДля давки нужны все {} атмосфер."_cf, info.emoji,
                      info.name, game::fixed(info.atm_speed, 2), b.atm_max);
  return text;
}

void show_main_menu(Context& ctx) {
  auto& p = ctx.me();
  ctx.show(fmt::format("📱 Главное меню\n\n{}\n🌀 Атмосферы: {}/{}\n🐍 Змий: {}г\n\nВыбирай, что "
                       "делать:"_cf,
                       status_line(p), p.atm_count, ctx.balance().atm_max,
                       game::fixed(p.zmiy_grams, 0)),
           Keyboards::get().main);
}

}  // namespace bot

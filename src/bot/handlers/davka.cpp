// The davka and uletet buttons and their commands (GAME.md §4, §5; /davka and /uletet
// exist per Appendix A decision 4, and /davka in a group is a chat davka).
#include <fmt/compile.h>
#include <fmt/format.h>

#include "bot/handlers/routes.hpp"
#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/davka.hpp"
#include "game/numeric.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

namespace {

void davka(Context& ctx) {
  auto& p = ctx.me();
  const auto& b = ctx.balance();
  auto result = game::davka(p, ctx.now(), ctx.rng(), b);
  if (const auto* refused = std::get_if<game::NotEnoughAtmospheres>(&result)) {
    ctx.refuse(fmt::format("⏳ Нужны все {} атмосфер! Сейчас: {}/{}"_cf, refused->need,
                           refused->have, refused->need),
               Keyboards::get().main);
    return;
  }
  const auto& r = std::get<game::DavkaResult>(result);
  ctx.work().changed(p);
  ctx.work().count_davka();
  std::string level_up;
  if (r.level_after.name != r.level_before.name) {
    level_up =
        fmt::format("\n🎉 Новый уровень: {} {}!"_cf, r.level_after.emoji, r.level_after.name);
  }
  ctx.show(fmt::format("💥 ДАВКА КОРИЧНЕВАГА!\n\n"
                       "💩 Выдавил: {}г\n"
                       "🏗️ Гофра: {} → {}\n"
                       "🔌 Кабель: {} → {}\n"
                       "📈 Опыт: +{} мм{}\n\n"
                       "🌀 Атмосферы: {}/{}\n"
                       "🐍 Змий: {}г"_cf,
                       r.grams, game::format_length(r.old_gofra_mm),
                       game::format_length(r.new_gofra_mm), game::format_length(r.old_cable_mm),
                       game::format_length(r.new_cable_mm), game::fixed(r.exp_mm, 1), level_up,
                       p.atm_count, b.atm_max, game::fixed(p.zmiy_grams, 0)),
           Keyboards::get().main);
}

void davka_command(Context& ctx) {
  if (ctx.in_group()) {
    chat_davka(ctx);
  } else {
    davka(ctx);
  }
}

void uletet(Context& ctx) {
  auto& p = ctx.me();
  auto result = game::uletet(p);
  if (std::holds_alternative<game::NothingToSend>(result)) {
    ctx.refuse("🤷 Нечего отправлять! Сначала подави коричневага.", Keyboards::get().main);
    return;
  }
  ctx.work().changed(p);
  ctx.show(fmt::format("✈️ ЗМИЙ ОТПРАВЛЕН!\n\n"
                       "🐍 Улетело: {}г\n"
                       "🌀 Атмосферы: {}/{}\n"
                       "🐍 Змий: 0г"_cf,
                       game::fixed(std::get<game::UletetResult>(result).sent_grams, 0),
                       p.atm_count, ctx.balance().atm_max),
           Keyboards::get().main);
}

}  // namespace

void add_davka_routes(Router& r) {
  r.command("davka", davka_command, Category::kDavka);
  r.command("uletet", uletet);
  r.callback("davka", davka, Category::kDavka);
  r.callback("uletet", uletet);
}

}  // namespace bot

// /start, /menu, /help, /version, the Back-to-main button and the private-chat hint.
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

void start(Context& ctx) {
  if (ctx.in_group()) {  // Appendix A decision 2: /start in a group is /gofrastart
    chat_welcome(ctx);
    return;
  }
  auto& p = ctx.me();
  ctx.send(fmt::format("👋 Здарова, {}!\nДобро пожаловать на гофроцентрал.\n\n{}\n🌀 Атмосферы: "
                       "{}/{}\n🐍 Змий: {}г\n\nКопи атмосферы, дави коричневага и расти гофру. "
                       "Погнали!"_cf,
                       p.nickname, status_line(p), p.atm_count, ctx.balance().atm_max,
                       game::fixed(p.zmiy_grams, 0)),
           Keyboards::get().main);
}

void help(Context& ctx) {
  const auto& b = ctx.balance();
  ctx.send(fmt::format(
               "📖 ПОМОЩЬ\n\n"
               "Команды:\n"
               "/start — начать игру\n"
               "/menu — главное меню\n"
               "/davka — давить коричневага\n"
               "/uletet — отправить змия\n"
               "/profile — профиль\n"
               "/gofra — твоя гофра\n"
               "/cable — твой кабель\n"
               "/atm — атмосферы\n"
               "/top — топ пацанов\n"
               "/rademka — радёмка (PvP)\n"
               "/nickname — сменить ник\n"
               "/version — версия бота\n\n"
               "Как всё устроено:\n"
               "🐍 Давка — только при всех {} атмосферах, после неё бак пустеет.\n"
               "✈️ Выдавленного змия можно отправить — это просто сброс.\n"
               "👊 Радёмка — бой с другим пацаном, не больше {} боёв в час.\n"
               "👤 Ник можно сменить один раз бесплатно.\n\n"
               "🏗️ Гофра хранится в мм, показывается в см. Чем она длиннее, тем тяжелее змий и "
               "быстрее атмосферы. Растёт медленно: {} мм за грамм.\n"
               "🔌 Кабель повышает шанс в радёмке: +{}% за мм перевеса, растёт на {} мм за кг "
               "змия.\n"
               "🌀 Атмосферы восстанавливаются сами, скорость зависит от гофры.\n\n"
               "В группах: /ghelp"_cf,
               b.atm_max, b.pvp_fights_per_window, game::fixed(b.gofra_exp_per_gram, 2),
               game::fixed(b.pvp_cable_mult, 2), game::fixed(b.cable_mm_per_kg, 1)),
           Keyboards::get().main);
}

void version(Context& ctx) {
  ctx.send(
      "ℹ️ Гофробот, версия 6.0\n\n"
      "Что нового:\n"
      "• метрическая система: храним мм, показываем см\n"
      "• медленный рост: 0.02 мм гофры за грамм змия\n"
      "• змий от 30 до 900г в зависимости от уровня, дальше — космос\n"
      "• рост в 2.5 раза медленнее, мягкий предел после 50 см\n"
      "• награды в радёмке уменьшены вдвое\n"
      "• групповые чаты: /gtop, /gstats, /gme, /gdavka, /fight",
      Keyboards::get().main);
}

void private_hint(Context& ctx) {
  ctx.send("🤔 Не понял тебя. Жми кнопки или набери /menu, список команд — /help.",
           Keyboards::get().main);
}

}  // namespace

void add_start_routes(Router& r) {
  r.command("start", start);
  r.command("menu", show_main_menu);
  r.command("help", help);
  r.command("version", version);
  r.callback("back_main", show_main_menu);
  r.private_fallback(private_hint);
  r.unknown_callback([](Context& ctx) { ctx.alert("❓ Неизвестное действие"); });
}

}  // namespace bot

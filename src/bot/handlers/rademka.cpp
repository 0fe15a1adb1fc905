// Private радёмка: menu, random opponent, single-use confirmation, stats and top
// (GAME.md §7.3–7.5 with Appendix A decisions 5 and 7).
#include <fmt/compile.h>
#include <fmt/format.h>

#include <charconv>

#include "bot/handlers/pvp_common.hpp"
#include "bot/handlers/routes.hpp"
#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/atmospheres.hpp"
#include "game/levels.hpp"
#include "game/nickname.hpp"
#include "game/numeric.hpp"
#include "game/pvp.hpp"
#include "game/tops.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

namespace {

void rademka_menu(Context& ctx) {
  auto& p = ctx.me();
  const auto& b = ctx.balance();
  std::string status = may_fight(ctx, p.user_id) ? "✅ Можно атаковать" : "❌ " + pvp_limit_text(b);
  ctx.show(fmt::format("👊 РАДЁМКА\n\n"
                       "{}\n\n"
                       "🏆 Победа: +{} мм кабеля и +{}–{} мм гофры\n"
                       "🛡️ Если отобьются — награду получит соперник\n"
                       "😈 Риск: позор на весь гофроцентрал (проигравший ничего не теряет)\n\n"
                       "Ты: {}\n{}"_cf,
                       status, game::fixed(b.pvp_attacker_cable_gain, 1),
                       game::fixed(b.pvp_attacker_gain_min, 0),
                       game::fixed(b.pvp_attacker_gain_base + b.pvp_attacker_gain_up_cap, 0),
                       level_title(p.gofra_mm), lengths_line(p)),
           Keyboards::get().rad);
}

void rademka_random(Context& ctx) {
  const auto& b = ctx.balance();
  if (!may_fight(ctx, ctx.from().id)) {
    ctx.alert("❌ " + pvp_limit_text(b));
    return;
  }
  auto& me = ctx.me();
  auto pool = ctx.work().store().players_near(me.gofra_mm, me.user_id, b.pvp_matchmaking_pool);
  std::optional<game::Player> found;
  if (!pool.empty()) {
    found = ctx.work().store().find_player(pool[ctx.rng().index(pool.size())].user_id);
  }
  if (!found) {
    ctx.show("🤷 Некого протащить — на гофроцентрале пока никого нет. Зови друзей!",
             Keyboards::get().back_rademka);
    return;
  }
  game::Player target = *found;
  game::regenerate(target, ctx.now(), b);
  double chance = game::pvp_chance(me, target, ctx.rng(), b);
  ctx.state().offer(ctx.chat_id(), Challenge{me.user_id, target.user_id, chance,
                                             ctx.now() + b.pvp_challenge_ttl_seconds});
  ctx.show(fmt::format("🎯 ЦЕЛЬ НАЙДЕНА\n\n"
                       "👤 {}\n{}\n{}\n\n"
                       "Ты: {}\n{}\n\n"
                       "🎲 Шанс успеха: {}\n"
                       "🏆 Победа: +{} мм кабеля и +{} мм гофры\n"
                       "🛡️ Провал: соперник получит +{} мм кабеля и +{} мм гофры\n\n"
                       "Протащить?"_cf,
                       target.nickname, level_title(target.gofra_mm), lengths_line(target),
                       level_title(me.gofra_mm), lengths_line(me), percent(chance),
                       game::fixed(b.pvp_attacker_cable_gain, 1),
                       game::fixed(game::attacker_win_gain(me.gofra_mm, target.gofra_mm, b), 1),
                       game::fixed(b.pvp_defender_cable_gain, 1),
                       game::fixed(game::defender_win_gain(me.gofra_mm, target.gofra_mm, b), 1)),
           private_fight_keyboard(target.user_id));
}

const char* kWins[] = {"Гофроцентрал запомнит этот день.", "Радёмка прошла как по маслу.",
                       "Соперник ещё долго будет вспоминать."};
const char* kLosses[] = {"Бывает. Копи кабель и возвращайся.", "Не твой день, пацан.",
                         "Гофра не сдаётся — пробуй ещё."};

void rademka_confirm(Context& ctx) {
  const auto& b = ctx.balance();
  auto target_id = parse_user_id(ctx.args());
  if (!target_id) {
    ctx.alert("❌ Неверная цель.");
    return;
  }
  UserId me_id = ctx.from().id;
  if (*target_id == me_id) {
    ctx.alert("🤨 Себя не протащишь.");
    return;
  }
  if (!may_fight(ctx, me_id)) {
    ctx.alert("❌ " + pvp_limit_text(b));
    return;
  }
  auto challenge = ctx.state().take(ctx.chat_id(), me_id, *target_id, ctx.now());
  if (!challenge) {
    ctx.alert("⌛ Этот вызов уже недействителен. Найди цель заново.");
    return;
  }
  if (!ctx.work().store().find_player(*target_id)) {
    ctx.alert("❌ Такого пацана нет.");
    return;
  }
  if (!may_fight(ctx, *target_id)) {
    ctx.alert("❌ У соперника лимит боёв на этот час. Найди другого.");
    return;
  }
  auto& me = ctx.me();
  auto& target = ctx.work().player(*target_id);
  auto outcome = game::resolve_fight(me, target, challenge->chance, ctx.rng(), b);
  ctx.work().changed(me);
  ctx.work().changed(target);
  ctx.work().record_fight({outcome.winner_id, outcome.loser_id, ctx.now()});
  if (outcome.attacker_won) {
    ctx.show(fmt::format("🎉 УСПЕХ!\n\n"
                         "Ты протащил {} как радёмку!\n"
                         "🔌 Кабель: +{} мм (теперь {})\n"
                         "🏗️ Гофра: +{} мм (теперь {})\n"
                         "🎲 Шанс был: {}\n\n{}"_cf,
                         target.nickname, game::fixed(outcome.cable_gain_mm, 1),
                         game::format_length(me.cable_mm), game::fixed(outcome.gofra_gain_mm, 1),
                         game::format_length(me.gofra_mm), percent(outcome.chance),
                         kWins[ctx.rng().index(std::size(kWins))]),
             Keyboards::get().back_rademka);
  } else {
    ctx.show(fmt::format("💀 ПРОВАЛ!\n\n"
                         "{} оказался сильнее.\n"
                         "🛡️ Он отбился и получил +{} мм кабеля и +{} мм гофры.\n"
                         "🎲 Шанс был: {}\n\n{}"_cf,
                         target.nickname, game::fixed(outcome.cable_gain_mm, 1),
                         game::fixed(outcome.gofra_gain_mm, 1), percent(outcome.chance),
                         kLosses[ctx.rng().index(std::size(kLosses))]),
             Keyboards::get().back_rademka);
  }
}

void rademka_stats(Context& ctx) {
  const auto& b = ctx.balance();
  auto stats = ctx.work().store().fight_stats(ctx.from().id);
  if (stats.total == 0) {
    ctx.show("📊 У тебя ещё не было боёв.\nНайди цель и протащи кого-нибудь!",
             Keyboards::get().back_rademka);
    return;
  }
  ctx.show(fmt::format("📊 ТВОЯ СТАТИСТИКА РАДЁМКИ\n\n"
                       "⚔️ Всего боёв: {}\n"
                       "🏆 Побед: {}\n"
                       "💀 Поражений: {}\n"
                       "📈 Процент побед: {}\n\n"
                       "⏱️ Боёв за последний час: {}/{}\n"
                       "ℹ️ Лимит — {} боёв в час (считаются и нападения, и защиты)."_cf,
                       stats.total, stats.wins, stats.losses,
                       percent(100.0 * static_cast<double>(stats.wins) /
                               static_cast<double>(stats.total)),
                       fights_in_window(ctx, ctx.from().id), b.pvp_fights_per_window,
                       b.pvp_fights_per_window),
           Keyboards::get().back_rademka);
}

void rademka_top(Context& ctx) {
  auto rows = ctx.work().store().fight_top(10);
  if (rows.empty()) {
    ctx.show("👑 Топ радёмки пуст — стань первым!", Keyboards::get().back_rademka);
    return;
  }
  std::string text = "👑 ТОП РАДЁМКИ\n\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    double rate = 100.0 * static_cast<double>(row.wins) /
                  static_cast<double>(row.wins + row.losses);
    text += fmt::format("{} {} {}\n   {} | {} | ✅ {} ({}%)\n"_cf,
                        game::medal(static_cast<long>(i) + 1),
                        game::shorten(row.player.nickname, 15, 12),
                        game::gofra_info(row.player.gofra_mm).emoji,
                        game::format_length(row.player.gofra_mm),
                        game::format_length(row.player.cable_mm), row.wins, game::fixed(rate, 0));
  }
  text += "\n🏆 Топ по победам";
  ctx.show(std::move(text), Keyboards::get().back_rademka);
}

}  // namespace

void add_rademka_routes(Router& r) {
  r.command("rademka", rademka_menu, Category::kPvp);
  r.callback("rademka", rademka_menu);
  r.callback("rademka_random", rademka_random, Category::kPvp);
  r.callback_prefix("rademka_confirm_", rademka_confirm, Category::kPvp, /*takes_challenge=*/true);
  r.callback("rademka_stats", rademka_stats);
  r.callback("rademka_top", rademka_top);
}

}  // namespace bot

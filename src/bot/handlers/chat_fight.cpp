// The reply-based chat fight (GAME.md §7.6, Appendix A decision 6): `/fight` as a reply
// names the target, a confirmation button that only the attacker may press resolves it once.
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "bot/handlers/pvp_common.hpp"
#include "bot/handlers/routes.hpp"
#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/numeric.hpp"
#include "game/pvp.hpp"
#include "game/time_format.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

namespace {


// "5 мин" for whole minutes, the general duration format otherwise.
std::string ttl_text(std::int64_t seconds) {
  if (seconds > 0 && seconds % 60 == 0) return fmt::format("{} мин"_cf, seconds / 60);
  return game::format_duration(static_cast<double>(seconds));
}



std::string first_name_or(const User& user, const std::string& fallback) {
  return user.first_name.empty() ? fallback : user.first_name;
}

constexpr const char* kSelfFight = "🤡 Самого себя протащить нельзя!";

// /fight, /протащить, /радёмка as a reply to the target's message.
void fight_request(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  const Message* m = ctx.message();
  if (m == nullptr) return;
  const bool is_reply =
      (m->reply_to_message_id.has_value() || m->reply_to_from.has_value()) &&
      !m->reply_is_topic_root;
  if (!is_reply) {
    ctx.send("↩️ Ответь этой командой на сообщение пацана, которого хочешь протащить!");
    return;
  }
  if (!m->reply_to_from) {
    ctx.send("🤷 У этого сообщения нет автора-пацана — протаскивать некого.");
    return;
  }
  const User& target = *m->reply_to_from;
  if (target.id == ctx.from().id) {
    ctx.send(kSelfFight);
    return;
  }
  if (target.is_bot) {
    ctx.send("🤖 Ботов не протаскивают — выбери живого пацана!");
    return;
  }

  const auto& balance = ctx.balance();
  auto& attacker = ctx.me();
  auto& defender = ctx.work().player(target.id);  // created on demand (decision 6)
  const std::string attacker_name = first_name_or(ctx.from(), attacker.nickname);
  const std::string target_name = first_name_or(target, defender.nickname);
  if (!may_fight(ctx, attacker.user_id)) {
    ctx.send("❌ " + pvp_limit_text(balance));
    return;
  }
  if (!may_fight(ctx, defender.user_id)) {
    ctx.send(fmt::format("⏳ {} уже набил лимит боёв ({}). Пусть отдохнёт!"_cf, target_name,
                         pvp_limit_text(balance)));
    return;
  }

  // The chance is computed once and kept with the challenge (GAME.md §7.2 rule).
  const double chance = game::pvp_chance(attacker, defender, ctx.rng(), balance);
  ctx.state().offer(ctx.chat_id(), Challenge{attacker.user_id, defender.user_id, chance,
                                             ctx.now() + balance.pvp_challenge_ttl_seconds});
  ctx.send(
      fmt::format("👊 ВЫЗОВ НА РАДЁМКУ!\n"
                  "\n"
                  "🥊 Нападает: {}\n"
                  "{} | {}\n"
                  "\n"
                  "🛡️ Защищается: {}\n"
                  "{} | {}\n"
                  "\n"
                  "🎲 Шанс победы: {}\n"
                  "🏆 Победа: +{} мм кабеля и +{}–{} мм гофры\n"
                  "💀 Провал: позор на весь чат, а {} за защиту получит +{} мм кабеля и гофру\n"
                  "⏳ Вызов действует {}, нажать может только {}.\n"
                  "\n"
                  "Протащить?"_cf,
                  attacker_name, level_title(attacker.gofra_mm), lengths_line(attacker),
                  target_name, level_title(defender.gofra_mm), lengths_line(defender),
                  percent(chance), balance.pvp_attacker_cable_gain,
                  balance.pvp_attacker_gain_min,
                  balance.pvp_attacker_gain_base + balance.pvp_attacker_gain_up_cap, target_name,
                  balance.pvp_defender_cable_gain,
                  ttl_text(balance.pvp_challenge_ttl_seconds),
                  attacker_name),
      chat_fight_keyboard(defender.user_id));
}

// chat_fight_<target_id>: the attacker confirms; single use.
void fight_confirm(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  const auto target_id = parse_user_id(ctx.args());
  if (!target_id) {
    ctx.alert("❌ Кривая кнопка: не понял, кого тащить.");
    return;
  }
  const UserId me = ctx.from().id;
  const bool foreign = ctx.state().offered_by_other(ctx.chat_id(), me, *target_id, ctx.now());
  // The button names the defender, and no one can challenge themselves: pressed by the
  // one it names, it is the defender's press on someone else's challenge.
  auto challenge = *target_id == me ? std::nullopt
                                    : ctx.state().take(ctx.chat_id(), me, *target_id, ctx.now());
  if (!challenge) {
    if (foreign && *target_id == me) {
      ctx.alert("🛡️ Это тебя вызвали на радёмку: жать кнопку должен тот, кто вызвал. "
                "Хочешь сам — ответь на сообщение пацана командой /fight.");
    } else {
      ctx.alert(foreign ? "✋ Это не твоя радёмка! Хочешь сам — ответь на сообщение пацана "
                          "командой /fight."
                        : "⌛ Этот вызов уже недействителен: истёк или уже сыгран. Начни заново — "
                          "/fight ответом на сообщение.");
    }
    return;
  }
  const auto& balance = ctx.balance();
  if (!may_fight(ctx, me)) {
    ctx.alert("❌ " + pvp_limit_text(balance));
    return;
  }
  auto& attacker = ctx.me();
  auto& defender = ctx.work().player(*target_id);
  if (!may_fight(ctx, defender.user_id)) {
    ctx.alert(fmt::format("⏳ {} уже набил лимит боёв. Пусть отдохнёт!"_cf, defender.nickname));
    return;
  }

  const std::string attacker_name = first_name_or(ctx.from(), attacker.nickname);
  auto outcome = game::resolve_fight(attacker, defender, challenge->chance, ctx.rng(), balance);
  ctx.work().changed(attacker);
  ctx.work().changed(defender);
  ctx.work().record_fight({outcome.winner_id, outcome.loser_id, ctx.now()});

  static constexpr std::array<const char*, 3> kWinFlavour = {
      "🔥 Гофроцентрал такого давно не видел!",
      "😎 Чётко протащил, по-пацански.",
      "🏭 Весь цех аплодирует стоя.",
  };
  static constexpr std::array<const char*, 3> kLossFlavour = {
      "😬 Бывает. Подкачай кабель и возвращайся.",
      "🤕 Радёмка оказалась не такой уж радёмкой.",
      "🏭 Цех всё видел. Позор, но не конец.",
  };
  std::string text;
  if (outcome.attacker_won) {
    text = fmt::format(
        "🏆 УСПЕХ! РАДЁМКА ПРОТАЩЕНА!\n"
        "\n"
        "{} протащил {} по всему гофроцентралу!\n"
        "🔌 Кабель: +{} мм (теперь {})\n"
        "🏗️ Гофра: +{} мм (теперь {})\n"
        "🎲 Шанс был: {}\n"
        "\n"
        "{}"_cf,
        attacker_name, defender.nickname, game::fixed(outcome.cable_gain_mm, 1),
        game::format_length(outcome.winner_new_cable_mm), game::fixed(outcome.gofra_gain_mm, 1),
        game::format_length(outcome.winner_new_gofra_mm), percent(outcome.chance),
        kWinFlavour[ctx.rng().index(kWinFlavour.size())]);
  } else {
    text = fmt::format(
        "💀 ПРОВАЛ!\n"
        "\n"
        "{} оказался сильнее и сам протащил {}!\n"
        "🛡️ Награда за защиту: кабель +{} мм (теперь {}), гофра +{} мм (теперь {})\n"
        "🎲 Шанс был: {}\n"
        "\n"
        "{}"_cf,
        defender.nickname, attacker_name, game::fixed(outcome.cable_gain_mm, 1),
        game::format_length(outcome.winner_new_cable_mm), game::fixed(outcome.gofra_gain_mm, 1),
        game::format_length(outcome.winner_new_gofra_mm), percent(outcome.chance),
        kLossFlavour[ctx.rng().index(kLossFlavour.size())]);
  }
  ctx.show(std::move(text), Keyboards::get().chat);
  ctx.toast("👊 Радёмка состоялась!");
  const auto& winner = outcome.attacker_won ? attacker : defender;
  const auto& loser = outcome.attacker_won ? defender : attacker;
  ctx.send(
      fmt::format("👊 Результат радёмки: {} протащил {}!"_cf, winner.nickname, loser.nickname));
}

}  // namespace

void add_chat_fight_routes(Router& r) {
  for (const char* name : {"fight", "протащить", "радёмка"}) {
    r.command(name, fight_request, Category::kPvp);
  }
  r.callback_prefix("chat_fight_", fight_confirm, Category::kPvp, /*takes_challenge=*/true);
}

}  // namespace bot

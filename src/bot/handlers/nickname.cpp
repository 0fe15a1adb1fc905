// The nickname: menu, the one free change as a conversation, /cancel, and the two
// reputation screens (GAME.md §8, Appendix A decision 1).
#include <fmt/compile.h>
#include <fmt/format.h>

#include <iterator>

#include "bot/handlers/routes.hpp"
#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/levels.hpp"
#include "game/nickname.hpp"
#include "game/numeric.hpp"
#include "game/tops.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

namespace {

void nickname_menu(Context& ctx) {
  ctx.state().set_awaiting_nickname(ctx.chat_id(), ctx.from().id, false);
  auto& p = ctx.me();
  ctx.show(fmt::format("👤 НИКНЕЙМ\n\n"
                       "Сейчас: {}\n"
                       "🏗️ Гофра: {}\n"
                       "🔌 Кабель: {}\n"
                       "{}\n\n"
                       "Хочешь другое имя на гофроцентрале? Жми «Изменить ник»."_cf,
                       p.nickname, game::format_length(p.gofra_mm),
                       game::format_length(p.cable_mm),
                       p.nickname_changed ? "❌ Смена: уже использована, больше нельзя"
                                          : "💰 Смена: бесплатно (первый раз)"),
           Keyboards::get().nickname);
}

void change_nickname(Context& ctx) {
  if (ctx.state().awaiting_nickname(ctx.chat_id(), ctx.from().id)) {
    ctx.alert("✍️ Ты уже меняешь ник — просто напиши новый в чат.");
    return;
  }
  auto& p = ctx.me();
  if (p.nickname_changed) {
    ctx.alert(fmt::format("Твой ник: {}\nТы уже менял его, больше нельзя."_cf, p.nickname));
    return;
  }
  ctx.state().set_awaiting_nickname(ctx.chat_id(), ctx.from().id, true);
  ctx.show(fmt::format("📝 СМЕНА НИКА\n\n"
                       "Сейчас: {}\n"
                       "Первая смена — бесплатно.\n\n"
                       "Правила:\n"
                       "• от 3 до 20 символов\n"
                       "• буквы, цифры, пробелы, дефисы и подчёркивания\n"
                       "• без запрещённых слов (admin, бот и подобных)\n"
                       "• без лишних пробелов\n"
                       "• ник не должен быть занят другим пацаном\n\n"
                       "Напиши новый ник в чат (или /cancel для отмены):"_cf,
                       p.nickname),
           Keyboards::get().back_nickname_menu);
  ctx.toast("✍️ Напиши новый ник в чат");
}

std::string_view error_text(game::NicknameError error) {
  switch (error) {
    case game::NicknameError::kLength:
      return "❌ Ник должен быть от 3 до 20 символов.";
    case game::NicknameError::kForbidden:
      return "❌ Такой ник нельзя: в нём запрещённое слово.";
    case game::NicknameError::kCharset:
      return "❌ Можно только буквы, цифры, пробелы, дефисы и подчёркивания.";
    case game::NicknameError::kOuterSpaces:
      return "❌ Убери пробелы в начале и в конце.";
    case game::NicknameError::kDoubleSpace:
      return "❌ Слишком много пробелов подряд.";
  }
  return "❌ Такой ник не подходит.";
}

void try_again(Context& ctx, std::string_view why) {
  ctx.send(fmt::format("{}\nПопробуй другой:"_cf, why), Keyboards::get().back_nickname_menu);
}

void nickname_input(Context& ctx) {
  const auto* m = ctx.message();
  if (!m || !m->text) {
    try_again(ctx, "✍️ Ник нужно прислать текстом.");
    return;
  }
  auto checked = game::validate_nickname(*m->text);
  if (const auto* error = std::get_if<game::NicknameError>(&checked)) {
    try_again(ctx, error_text(*error));
    return;
  }
  auto nickname = std::get<game::ValidNickname>(checked).value;
  auto folded = game::fold_nickname(nickname);
  auto& p = ctx.me();
  if (p.nickname_changed) {
    ctx.state().set_awaiting_nickname(ctx.chat_id(), ctx.from().id, false);
    ctx.send("❌ Ты уже менял ник, больше нельзя.", Keyboards::get().main);
    return;
  }
  auto owner = ctx.work().store().nickname_owner(folded);
  if ((owner && *owner != p.user_id) || (!owner && game::is_folded_default_nickname(folded))) {
    try_again(ctx, "❌ Этот ник уже занят.");
    return;
  }
  p.nickname = nickname;
  p.nickname_changed = true;
  ctx.work().changed(p);
  ctx.state().set_awaiting_nickname(ctx.chat_id(), ctx.from().id, false);
  ctx.send(fmt::format("✅ Ник изменён бесплатно!\nТеперь ты: {}"_cf, nickname),
           Keyboards::get().main);
}

void cancel(Context& ctx) {
  if (ctx.state().awaiting_nickname(ctx.chat_id(), ctx.from().id)) {
    ctx.state().set_awaiting_nickname(ctx.chat_id(), ctx.from().id, false);
    ctx.send("❌ Смена ника отменена.", Keyboards::get().main);
  } else {
    ctx.send("🤷 Нечего отменять.", Keyboards::get().main);
  }
}

void my_reputation(Context& ctx) {
  auto& p = ctx.me();
  auto info = game::gofra_info(p.gofra_mm);
  ctx.show(fmt::format("⭐ МОЯ РЕПУТАЦИЯ\n\n"
                       "🎖️ Звание: {} {}\n"
                       "🏗️ Гофра: {}\n"
                       "🔌 Кабель: {}\n"
                       "🐍 Змий: {}г\n\n"
                       "💡 Как поднять репутацию:\n"
                       "• дави коричневага при полном баке\n"
                       "• протаскивай других в радёмке\n"
                       "• расти гофру до следующего звания"_cf,
                       info.emoji, info.name, game::format_length(p.gofra_mm),
                       game::format_length(p.cable_mm), game::fixed(p.zmiy_grams, 0)),
           Keyboards::get().nickname);
}

void top_reputation(Context& ctx) {
  auto rows = ctx.work().store().top_players(game::TopKey::kGofra, 10, ctx.now(), ctx.balance());
  std::string text = "🥇 ТОП РЕПУТАЦИИ\n\n";
  std::optional<std::size_t> mine;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& p = rows[i];
    auto info = game::gofra_info(p.gofra_mm);
    // Rows are formatted in place, their format compiled: a top is ten of them.
    fmt::format_to(std::back_inserter(text), "{} {} - {} {} ({})\n"_cf,
                   game::medal(static_cast<long>(i) + 1), game::shorten(p.nickname, 15, 12),
                   info.emoji, info.name, game::format_length(p.gofra_mm));
    if (p.user_id == ctx.from().id) mine = i + 1;
  }
  if (rows.empty()) text += "Пока никого — стань первым!\n";
  if (mine) text += fmt::format("\n🎯 Твоя позиция: {}"_cf, game::medal(static_cast<long>(*mine)));
  text += fmt::format("\n📋 Показано: {}"_cf, rows.size());
  ctx.show(std::move(text), Keyboards::get().nickname);
}

}  // namespace

void add_nickname_routes(Router& r) {
  r.command("nickname", nickname_menu);
  r.command("cancel", cancel);
  r.callback("nickname_menu", nickname_menu);
  r.callback("change_nickname", change_nickname);
  r.callback("my_reputation", my_reputation);
  r.callback("top_reputation", top_reputation);
  r.nickname_input(nickname_input);
}

}  // namespace bot

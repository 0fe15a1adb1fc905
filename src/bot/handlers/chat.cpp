// Group-chat mode (GAME.md §10): chat registration, the chat menu and its screens, the
// chat davka with per-chat statistics, the chat top, "my contribution" and the chat fight
// info. Every chat screen carries the chat-menu keyboard; every button acts on the
// presser's own data (§10.4, shared-message semantics).
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "bot/handlers/pvp_common.hpp"
#include "bot/handlers/routes.hpp"
#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/chat_stats.hpp"
#include "game/davka.hpp"
#include "game/nickname.hpp"
#include "game/numeric.hpp"
#include "game/pvp.hpp"
#include "game/time_format.hpp"
#include "game/tops.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

namespace {

// Places shown in the chat davka result ("#rank" only within the first 50, §4.3).
constexpr int kDavkaRankShown = 50;
constexpr int kChatTopRows = 10;
// /grademka: candidates are taken from the chat top-20, five are listed (§10.4).
constexpr int kFightPool = 20;
constexpr std::size_t kFightListed = 5;

const KeyboardRef& chat_keyboard() { return Keyboards::get().chat; }

// Grams as kilograms with one decimal: 1234 -> "1.2".
std::string kg(double grams) { return game::fixed(grams / 1000.0, 1); }

// A gap between two members: kilograms from 1 kg up, whole grams below, so that a small
// gap does not read "0.0 кг".
std::string gap(double grams) {
  if (grams >= 1000.0) return kg(grams) + " кг";
  return game::fixed(grams, 0) + "г";
}

std::string chat_type_name(ChatType type) {
  switch (type) {
    case ChatType::kGroup:
      return "group";
    case ChatType::kSupergroup:
      return "supergroup";
    case ChatType::kChannel:
      return "channel";
    case ChatType::kPrivate:
      break;
  }
  return "private";
}

// Upserts the current group (GAME.md §10.1): the store keeps created_at, title and type are
// refreshed, last_activity becomes now.
void register_current_chat(Context& ctx) {
  store::ChatInfo info;
  info.chat_id = ctx.chat_id();
  info.title = ctx.chat().title;
  info.type = chat_type_name(ctx.chat().type);
  info.is_active = true;
  info.created_at = ctx.now();
  info.last_activity = ctx.now();
  ctx.work().register_chat(info);
}

// The Telegram first name for headlines, or the game nickname when Telegram gave none.
std::string display_name(Context& ctx) {
  if (!ctx.from().first_name.empty()) return ctx.from().first_name;
  return ctx.me().nickname;
}


// "+0.2 мм кабеля и +5–20 мм гофры" from the balance (GAME.md §7.4, D-18: the true range).
std::string reward_text(const game::Balance& balance) {
  return fmt::format("🏆 Победа: +{} мм кабеля и +{}–{} мм гофры"_cf,
                     balance.pvp_attacker_cable_gain, balance.pvp_attacker_gain_min,
                     balance.pvp_attacker_gain_base + balance.pvp_attacker_gain_up_cap);
}

// The rank the member will have once this update commits: the store does not hold the
// fresh total yet, so count the stored members (other than the player) ranking before it.
// nullopt when the place is beyond the first kDavkaRankShown.
std::optional<std::int64_t> fresh_rank(Context& ctx, const game::ChatMemberStats& mine) {
  // Members ranking before the fresh total form a prefix of the others' ranking, so the
  // first kDavkaRankShown + 1 stored rows (which hold at least kDavkaRankShown others
  // when the chat is that big) decide whether the place is within the shown range.
  auto rows = ctx.work().store().chat_ranking(mine.chat_id, 0, kDavkaRankShown + 1);
  std::int64_t before = 0;
  for (const auto& row : rows) {
    if (row.stats.user_id == mine.user_id) continue;
    if (game::chat_ranks_before(row.stats, mine)) ++before;
  }
  if (before >= kDavkaRankShown) return std::nullopt;
  return before + 1;
}

// --- screens --------------------------------------------------------------------------

void chat_help(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  ctx.show(
      "🆘 ГОФРОЦЕНТРАЛ В ЧАТЕ — ПОМОЩЬ\n"
      "\n"
      "👤 Личное (твой пацан один на все чаты):\n"
      "/start — начать игру\n"
      "/davka — давить коричневага (в чате идёт в стату чата)\n"
      "/profile — профиль пацана\n"
      "/top — общий топ\n"
      "/rademka — радёмка со случайным пацаном\n"
      "\n"
      "👥 Для чата:\n"
      "/gtop — топ пацанов чата\n"
      "/gstats — статистика чата\n"
      "/gme — твой вклад в чат\n"
      "/gdavka — давка в зачёт чата\n"
      "/grademka — радёмка в чате\n"
      "/fight — ответом на сообщение пацана: вызвать его на радёмку\n"
      "/gmenu — меню чата\n"
      "/ghelp — эта справка\n"
      "\n"
      "📊 Чат ведёт свою стату: сколько змия выдавил каждый пацан здесь.\n"
      "👊 Радёмки в чате — только между участниками чата.",
      chat_keyboard());
}

void chat_menu(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  ctx.show("📱 ГОФРА-МЕНЮ ДЛЯ ЧАТА\n\nВыбирай действие 👇", chat_keyboard());
}

void chat_top(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  auto& store = ctx.work().store();
  auto rows = store.chat_ranking(ctx.chat_id(), 0, kChatTopRows);
  if (rows.empty()) {
    ctx.refuse("📭 Топ чата пока пуст: здесь ещё никто не давил. Будь первым — /gdavka!",
               chat_keyboard());
    return;
  }
  auto agg = store.chat_aggregate(ctx.chat_id(), ctx.now(), ctx.balance());
  std::string text = "🏆 ТОП ПАЦАНОВ ЧАТА\n\n";
  for (const auto& row : rows) {
    // Rows are formatted in place, their format compiled: a top is ten of them.
    fmt::format_to(std::back_inserter(text), "{} {}\n🐍 {} кг змия | #{}\n\n"_cf,
                   game::medal(static_cast<long>(row.rank)), game::shorten(row.nickname, 20, 17),
                   kg(row.stats.total_zmiy_grams), row.rank);
  }
  text += fmt::format(
      "📊 Весь чат:\n"
      "👥 Участников: {}\n"
      "🐍 Всего змия: {} кг\n"
      "💩 Всего давок: {}\n"
      "🔥 Активных пацанов: {}"_cf,
      agg.total_players, kg(agg.total_zmiy_grams), agg.total_davki, agg.active_players);
  ctx.show(std::move(text), chat_keyboard());
}

void chat_stats(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  auto agg = ctx.work().store().chat_aggregate(ctx.chat_id(), ctx.now(), ctx.balance());
  const double players = static_cast<double>(std::max<std::int64_t>(1, agg.total_players));
  const auto window_days = ctx.balance().chat_active_window_seconds / 86400;
  ctx.show(fmt::format("📊 СТАТИСТИКА ЧАТА\n"
                       "\n"
                       "👥 Участников: {}\n"
                       "🔥 Активных ({} дн.): {}\n"
                       "🐍 Змия всего: {} кг (на пацана: {} кг)\n"
                       "💩 Давок всего: {} (на пацана: {})\n"
                       "🕐 Последняя активность: {}"_cf,
                       agg.total_players, window_days, agg.active_players,
                       kg(agg.total_zmiy_grams), kg(agg.total_zmiy_grams / players),
                       agg.total_davki,
                       game::fixed(static_cast<double>(agg.total_davki) / players, 0),
                       game::relative_time(agg.last_activity, ctx.now())),
           chat_keyboard());
}

void chat_me(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  auto& store = ctx.work().store();
  const UserId me = ctx.from().id;
  auto mine = store.chat_member(ctx.chat_id(), me);
  if (!mine || mine->total_zmiy_grams <= 0) {
    ctx.show(
        "👤 ТВОЙ ВКЛАД В ЧАТ\n\n"
        "Ты ещё не давил в этом чате. Жми «🐍 Давить в чате» — и попадёшь в топ!",
        chat_keyboard());
    return;
  }
  auto rank = store.chat_rank(ctx.chat_id(), me).value_or(1);
  auto agg = store.chat_aggregate(ctx.chat_id(), ctx.now(), ctx.balance());
  // Neighbours from the same (fresh) ranking: rows rank-1 and rank+1.
  const auto first = static_cast<int>(std::max<std::int64_t>(0, rank - 2));
  auto near = store.chat_ranking(ctx.chat_id(), first, 3);
  std::optional<double> above;
  std::optional<double> below;
  for (const auto& row : near) {
    if (row.rank == rank - 1) above = row.stats.total_zmiy_grams;
    if (row.rank == rank + 1) below = row.stats.total_zmiy_grams;
  }
  std::string text = fmt::format(
      "👤 ТВОЙ ВКЛАД В ЧАТ\n"
      "\n"
      "🐍 Выдавлено здесь: {} кг\n"
      "🏆 Место: #{} из {}\n"_cf,
      kg(mine->total_zmiy_grams), rank, agg.total_players);
  if (above) {
    text += fmt::format("⬆️ До #{}: {}\n"_cf, rank - 1,
                        gap(std::max(0.0, *above - mine->total_zmiy_grams)));
  } else {
    text += "👑 Ты лидер чата!\n";
  }
  if (below) {
    text += fmt::format("⬇️ Отрыв от #{}: {}\n"_cf, rank + 1,
                        gap(std::max(0.0, mine->total_zmiy_grams - *below)));
  }
  const double share =
      agg.total_zmiy_grams > 0 ? mine->total_zmiy_grams / agg.total_zmiy_grams * 100.0 : 0.0;
  text += fmt::format(
      "\n"
      "👥 Участников в чате: {}, всего змия: {} кг\n"
      "📈 Твоя доля: {}%"_cf,
      agg.total_players, kg(agg.total_zmiy_grams), game::fixed(share, 1));
  ctx.show(std::move(text), chat_keyboard());
}

// /grademka (registers the chat) and chat_rademka (adds the viewer's level and lengths).
void chat_fight_info(Context& ctx, bool with_own_stats) {
  if (refuse_outside_group(ctx)) return;
  if (!with_own_stats) register_current_chat(ctx);
  auto& store = ctx.work().store();
  const auto& balance = ctx.balance();
  const UserId me = ctx.from().id;
  const bool can = may_fight(ctx, me);
  std::string text = "👊 РАДЁМКА В ЧАТЕ\n\n";
  text += can ? "✅ Можно атаковать\n" : "❌ " + pvp_limit_text(balance) + "\n";
  text += "\nВыбирай пацана из чата и протащи его как радёмку!\n";
  text += reward_text(balance) + "\n\n";

  auto agg = store.chat_aggregate(ctx.chat_id(), ctx.now(), balance);
  if (agg.total_players > 1) {
    auto rows = store.chat_ranking(ctx.chat_id(), 0, kFightPool);
    std::vector<std::string> names;
    bool me_listed = false;
    for (const auto& row : rows) {
      if (row.stats.user_id == me) {
        me_listed = true;
        continue;
      }
      if (names.size() < kFightListed) names.push_back(game::shorten(row.nickname, 15, 12));
    }
    if (names.empty()) {
      text += "😴 Других активных пацанов нет.";
    } else {
      // Everybody with chat stats but the viewer is a target.
      bool me_member = me_listed || store.chat_member(ctx.chat_id(), me).has_value();
      text += fmt::format("🎯 Доступные цели ({}):\n"_cf, agg.total_players - (me_member ? 1 : 0));
      for (std::size_t i = 0; i < names.size(); ++i) {
        text += fmt::format("{}. {}\n"_cf, i + 1, names[i]);
      }
      text += "\n↩️ Ответь на сообщение пацана командой /fight";
    }
  } else {
    text += "🫥 Ты тут пока один — зови пацанов в чат!";
  }
  if (with_own_stats) {
    const auto& p = ctx.me();
    text += fmt::format("\n\n👤 Ты: {}\n{}"_cf, level_title(p.gofra_mm), lengths_line(p));
  }
  ctx.show(std::move(text), chat_keyboard());
}

void chat_gofra(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  ctx.show(gofra_screen(ctx.me(), ctx.balance()), chat_keyboard());
}

void chat_cable(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  ctx.show(cable_screen(ctx.me(), ctx.balance()), chat_keyboard());
}

void chat_atm(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  ctx.show(atm_screen(ctx.me(), ctx.now(), ctx.balance()), chat_keyboard());
}

void fight_button_hint(Context& ctx) {
  ctx.alert("↩️ Чтобы протащить пацана, ответь на его сообщение командой /fight");
}

void unknown_chat_action(Context& ctx) { ctx.alert("❓ Неизвестное действие"); }

void commands(Router& r, std::initializer_list<const char*> names, const Handler& handler,
              Category category = Category::kCommand) {
  for (const char* name : names) r.command(name, handler, category);
}

}  // namespace

// --- shared entry points (screens.hpp) ----------------------------------------------

bool refuse_outside_group(Context& ctx) {
  if (ctx.in_group()) return false;
  ctx.refuse(
      "👥 Это команда для групповых чатов. Добавь бота в чат с пацанами и напиши там "
      "/gofrastart.\nДля личной игры — /menu.");
  return true;
}

void chat_welcome(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  register_current_chat(ctx);
  const std::string& title = ctx.chat().title;
  std::string greeting = title.empty()
                             ? std::string("🏭 ГОФРОЦЕНТРАЛ ПОДКЛЮЧЁН К ЧАТУ!")
                             : fmt::format("🏭 ГОФРОЦЕНТРАЛ ПОДКЛЮЧЁН К ЧАТУ «{}»!"_cf, title);
  ctx.show(greeting +
               "\n\n"
               "Теперь у вас тут:\n"
               "📊 общая стата чата — кто сколько змия выдавил\n"
               "🏆 топ пацанов чата\n"
               "👊 радёмки между участниками — /fight ответом на сообщение\n"
               "\n"
               "🆘 Все команды — /ghelp\n"
               "👇 Или жми кнопки:",
           chat_keyboard());
}

void chat_davka(Context& ctx) {
  if (refuse_outside_group(ctx)) return;
  register_current_chat(ctx);  // also sets the chat's last_activity to now (§10.1)
  auto& p = ctx.me();
  const std::string name = display_name(ctx);
  auto outcome = game::davka(p, ctx.now(), ctx.rng(), ctx.balance());
  if (const auto* fail = std::get_if<game::NotEnoughAtmospheres>(&outcome)) {
    ctx.refuse(fmt::format("❌ Нужны все {} атмосфер! Сейчас: {}/{}"_cf, fail->need, fail->have,
                           fail->need),
               chat_keyboard());
    return;
  }
  const auto& r = std::get<game::DavkaResult>(outcome);
  ctx.work().changed(p);
  ctx.work().count_davka();
  auto& member = ctx.work().chat_member(ctx.chat_id(), p.user_id);
  game::record_chat_davka(member, r.grams, ctx.now());
  ctx.work().changed(member);
  const auto rank = fresh_rank(ctx, member);

  static constexpr std::array<const char*, 3> kHeadlines = {
      "🔥 {} ЗАВАРВАРИЛ ДВАНАШКУ!",
      "💩 {} ВЫДАВИЛ КОРИЧНЕВАГА!",
      "🐍 {} ОТЖАЛ ЗМИЯ!",
  };
  std::string text = fmt::format(fmt::runtime(kHeadlines[ctx.rng().index(kHeadlines.size())]),
                                 name);
  text += fmt::format(
      "\n\n"
      "💩 Выдавлено: {}г\n"
      "🏗️ Гофра: {} → {}\n"
      "🔌 Кабель: {} → {}\n"
      "📈 Опыт: +{} мм\n"
      "\n"
      "📊 В этом чате: {} кг змия"_cf,
      r.grams, game::format_length(r.old_gofra_mm), game::format_length(r.new_gofra_mm),
      game::format_length(r.old_cable_mm), game::format_length(r.new_cable_mm),
      game::fixed(r.exp_mm, 1), kg(member.total_zmiy_grams));
  if (rank) {
    text += fmt::format("\n🏆 Место в топе чата: #{}"_cf, *rank);
    if (*rank == 1) text += "\n👑 Лидер чата!";
  }
  ctx.show(std::move(text), chat_keyboard());
}

void add_chat_routes(Router& r) {
  r.command("gofrastart", chat_welcome);
  commands(r, {"ghelp", "g_help", "chathelp"}, chat_help);
  commands(r, {"gmenu", "chatmenu"}, chat_menu);
  commands(r, {"gtop", "g_top", "chattop"}, chat_top);
  commands(r, {"gstats", "g_stats", "chatstats"}, chat_stats);
  commands(r, {"gme", "g_me", "chatme"}, chat_me);
  commands(r, {"gdavka", "g_davka", "chatdavka"}, chat_davka, Category::kDavka);
  commands(r, {"grademka", "g_rademka", "chatrademka"},
           [](Context& ctx) { chat_fight_info(ctx, false); });

  r.callback("chat_davka", chat_davka, Category::kDavka);
  r.callback("chat_top", chat_top);
  r.callback("chat_stats", chat_stats);
  r.callback("chat_me", chat_me);
  r.callback("chat_gofra", chat_gofra);
  r.callback("chat_cable", chat_cable);
  r.callback("chat_atm", chat_atm);
  r.callback("chat_rademka", [](Context& ctx) { chat_fight_info(ctx, true); });
  r.callback("chat_help", chat_help);
  r.callback("chat_menu", chat_menu);
  r.callback("chat_fight", fight_button_hint);
  // Any other chat_* button; chat_fight_<id> is a longer prefix and wins (GAME.md D-9).
  r.callback_prefix("chat_", unknown_chat_action);
}

}  // namespace bot

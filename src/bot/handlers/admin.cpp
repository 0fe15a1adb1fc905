// The admin panel (docs/OPERATIONS.md, "Admin panel"): /admin (alias /Gofroadmin) in a private
// chat for the ids of bot.admins; every screen and action behind one button prefix, adm_,
// whose presser is checked again on every press (callback data anyone can forge). Actions
// that change something are written with the update that asked for them (exactly once) and
// kept in the audit.
#include <fmt/compile.h>
#include <fmt/format.h>

#include <charconv>
#include <ctime>

#include "bot/admin/admin_services.hpp"
#include "bot/admin/broadcast_view.hpp"
#include "bot/contact_book.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "bot/handlers/routes.hpp"
#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/nickname.hpp"
#include "game/numeric.hpp"

namespace bot {

using fmt::literals::operator""_cf;

std::string broadcast_progress_text(const store::BroadcastRecord& b) {
  const char* state = b.state == "running" ? "идёт" : b.state == "done" ? "завершена" : "остановлена";
  std::string text = fmt::format("📣 РАССЫЛКА ({})\n\nОтправлено: {} из {}\nНе дошло: {}\n"
                                 "Заблокировали бота: {}"_cf,
                                 state, b.sent, b.recipients, b.failed, b.blocked);
  if (b.in_doubt > 0) {
    text += fmt::format("\nПосле сбоя отправлены ещё раз (могли получить дважды): {}"_cf, b.in_doubt);
  }
  return text;
}

namespace {

constexpr const char* kDenied = "⛔ Доступ запрещён";
constexpr std::string_view kPrefix = "adm_";

const Button kBackToPanel{"⬅️ Админка", "adm_menu"};

KeyboardRef menu_keyboard() {
  static const auto k = make_keyboard({
      {{"📊 Статистика", "adm_stats"}, {"🔧 Техработы", "adm_maint"}},
      {{"🔄 Перечитать конфиг", "adm_reload"}, {"💾 Бэкап", "adm_backup"}},
      {{"🗄 База", "adm_db"}, {"👤 Игроки", "adm_players"}},
      {{"🧹 Система", "adm_system"}, {"📜 Журнал", "adm_audit"}},
      {{"📣 Рассылка", "adm_bc"}},
      {{"⬅️ В игру", "back_main"}},
  });
  return k;
}

KeyboardRef back_keyboard() {
  static const auto k = make_keyboard({{kBackToPanel}});
  return k;
}

KeyboardRef refresh_keyboard(const char* data) {
  return make_keyboard({{{"🔄 Обновить", data}, kBackToPanel}});
}

// The presser is an admin and the panel is on; otherwise the refusal was given.
bool allowed(Context& ctx) {
  const auto* admin = ctx.admin();
  if (admin && admin->state && admin->store && admin->services &&
      is_admin(ctx.config(), ctx.from().id)) {
    return true;
  }
  if (ctx.callback()) {
    ctx.toast(kDenied);
  } else {
    ctx.send(kDenied);
  }
  return false;
}

AdminAccess& access(Context& ctx) { return *ctx.admin(); }

void audit(Context& ctx, std::string action, std::string detail) {
  ctx.work().admin_changes().audit.push_back(
      {ctx.now(), ctx.from().id, std::move(action), std::move(detail)});
}

std::string utc(game::UnixTime t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return fmt::format("{:02}.{:02} {:02}:{:02}"_cf, tm.tm_mday, tm.tm_mon + 1, tm.tm_hour, tm.tm_min);
}

std::string duration(double seconds) {
  const auto s = static_cast<std::int64_t>(seconds);
  if (s >= 86400) return fmt::format("{} д {} ч"_cf, s / 86400, s % 86400 / 3600);
  if (s >= 3600) return fmt::format("{} ч {} мин"_cf, s / 3600, s % 3600 / 60);
  return fmt::format("{} мин {} с"_cf, s / 60, s % 60);
}

std::string count_or_dash(const std::optional<std::int64_t>& n) {
  return n ? std::to_string(*n) : std::string("—");
}

std::string megabytes(std::int64_t bytes) {
  return game::fixed(static_cast<double>(bytes) / (1024.0 * 1024.0), 1) + " МБ";
}

void menu(Context& ctx) {
  if (ctx.in_group()) {
    ctx.send("🔒 Админка — только в личке с ботом.");
    return;
  }
  if (!allowed(ctx)) return;
  ctx.state().set_admin_input(ctx.chat_id(), ctx.from().id, std::nullopt);
  ctx.show("🛠 АДМИНКА ГОФРОЦЕНТРАЛА\n\nВыбирай, начальник.", menu_keyboard());
}

void stats(Context& ctx) {
  auto& a = access(ctx);
  const auto facts = a.services->facts();
  const auto today = a.store->daily_counts(ctx.now() / 86400);
  const auto db = a.store->database_stats();
  std::int64_t chats = 0;
  for (const auto& [table, rows] : db.rows) {
    if (table == "chats") chats = rows;
  }
  const auto reads = facts.cache_hits + facts.cache_misses;
  const std::string hit_rate =
      reads > 0 ? percent(100.0 * static_cast<double>(facts.cache_hits) / static_cast<double>(reads))
                : std::string("—");
  ctx.show(fmt::format("📊 СТАТИСТИКА\n\n"
                       "👥 Игроков: {}\n"
                       "🟢 Активны за 24 ч: {}, за 7 дней: {} (с запуска)\n"
                       "💩 Давок сегодня: {}\n"
                       "👊 Боёв сегодня: {}\n"
                       "💬 Чатов: {}\n"
                       "🗄 База: {}\n"
                       "🧠 Кэш игроков: {} в памяти, попаданий {}\n"
                       "📤 Ответов в очереди: {}\n"
                       "🚦 429 от Telegram за час: {}\n"
                       "⏱ Аптайм: {}\n"
                       "🏷 Версия {}, режим {}"_cf,
                       ctx.work().store().player_count(), count_or_dash(facts.active_24h),
                       count_or_dash(facts.active_7d), today.davkas, today.fights,
                       chats, megabytes(db.size_bytes), facts.cache_players, hit_rate,
                       facts.replies_waiting, facts.rate_limited_last_hour,
                       duration(facts.uptime_seconds), facts.version, facts.mode),
           refresh_keyboard("adm_stats"));
}

void maintenance(Context& ctx) {
  auto& a = access(ctx);
  const bool on = maintenance_on(ctx);
  const bool switched = a.state->maintenance_override().has_value();
  auto keyboard = make_keyboard({{on ? Button{"🟢 Выключить", "adm_maint_off"}
                                     : Button{"🔴 Включить", "adm_maint_on"}},
                                 {kBackToPanel}});
  ctx.show(fmt::format("🔧 ТЕХРАБОТЫ\n\nСейчас: {} ({}).\nИгроки увидят: «{}»\n\n"
                       "Переключатель хранится в базе: его видят все копии бота, и он "
                       "переживает перезапуск."_cf,
                       on ? "включены" : "выключены",
                       switched ? "переключено в админке" : "по конфигу, bot.maintenance",
                       ctx.config().bot.maintenance_message),
           keyboard);
}

void set_maintenance(Context& ctx, bool on) {
  auto& a = access(ctx);
  ctx.work().admin_changes().bot_states.push_back(
      {AdminState::kMaintenanceKey, on ? "on" : "off", ctx.from().id, ctx.now()});
  audit(ctx, on ? "maintenance_on" : "maintenance_off", "");
  a.state->set_maintenance_override(on);
  maintenance(ctx);
}

void reload(Context& ctx) {
  auto summary = access(ctx).services->reload();
  std::string text;
  using Result = ReloadSummary::Result;
  switch (summary.result) {
    case Result::kApplied:
      text = fmt::format("🔄 Конфиг перечитан, применено: {}"_cf, fmt::join(summary.applied, ", "));
      break;
    case Result::kUnchanged: text = "🔄 Конфиг перечитан: живые настройки не изменились."; break;
    case Result::kRefused:
      text = "❌ Конфиг не принят, работает прежний. Проблемы:\n" + summary.problems;
      break;
    case Result::kUnavailable: text = "🤷 Перечитывать нечего: конфиг задан не файлом."; break;
  }
  if (!summary.needs_restart.empty()) {
    text += fmt::format("\n\n⚠️ Нужен перезапуск, пока работают старые значения: {}"_cf,
                        fmt::join(summary.needs_restart, ", "));
  }
  audit(ctx, "reload",
        summary.result == Result::kApplied   ? "applied"
        : summary.result == Result::kRefused ? "refused"
                                             : "unchanged");
  ctx.show(std::move(text), back_keyboard());
}

void backup(Context& ctx) {
  auto started = access(ctx).services->start_backup(ctx.chat_id(), ctx.from().id);
  if (started.started) audit(ctx, "backup", "");
  ctx.show(std::move(started.text), back_keyboard());
}

void database(Context& ctx) {
  const auto db = access(ctx).store->database_stats();
  std::string rows;
  for (const auto& [table, n] : db.rows) rows += fmt::format("• {}: {}\n"_cf, table, n);
  ctx.show(fmt::format("🗄 БАЗА\n\nРазмер: {}\nВерсия схемы: {}\n\nСтрок в таблицах:\n{}"_cf,
                       megabytes(db.size_bytes), db.schema_version, rows),
           refresh_keyboard("adm_db"));
}

void players_prompt(Context& ctx) {
  ctx.state().set_admin_input(ctx.chat_id(), ctx.from().id, AdminInput::kPlayerLookup);
  ctx.show("👤 ИГРОКИ\n\nПришли id (или #id), @username или ник игрока.", back_keyboard());
}

void player_card(Context& ctx, UserId id) {
  auto& a = access(ctx);
  if (!ctx.work().store().find_player(id)) {
    ctx.refuse(fmt::format("🤷 Игрока {} нет."_cf, id), back_keyboard());
    return;
  }
  const game::Player* p = &ctx.work().player(id);  // with this update's changes
  const bool banned = a.state->banned(id);
  const auto fights = ctx.work().store().fight_stats(id);
  auto keyboard = make_keyboard({
      {{"🔤 Сбросить ник", fmt::format("adm_nick_{}"_cf, id)},
       banned ? Button{"✅ Разбанить", fmt::format("adm_unban_{}"_cf, id)}
              : Button{"⛔ Забанить", fmt::format("adm_ban_{}"_cf, id)}},
      {{"🔎 Другой игрок", "adm_players"}, kBackToPanel},
  });
  ctx.show(fmt::format("👤 ИГРОК {}\n\nНик: {}{}\n{}\n💩 Давок: {}\n👊 Боёв: {} (побед {})\n"
                       "Статус: {}"_cf,
                       id, p->nickname, p->nickname_changed ? " (менял)" : "", status_line(*p),
                       p->total_davki, fights.total, fights.wins,
                       banned ? "⛔ забанен" : "✅ играет"),
           keyboard);
}

// A user id as an admin types it: 123, #123 (the terminal game reads a bare number as a
// button) or id123.
std::optional<UserId> number(std::string_view text) {
  if (text.starts_with('#')) text.remove_prefix(1);
  if (text.starts_with("id")) text.remove_prefix(2);
  UserId id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// --- broadcast ---------------------------------------------------------------------------

// A broadcast's text fits a message with room for the preview's header (Telegram counts
// UTF-16 units, at most 4096).
constexpr std::size_t kBroadcastMaxUnits = 3800;

std::size_t utf16_units(std::string_view text) {
  std::size_t units = 0;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b & 0xC0) != 0x80) units += b >= 0xF0 ? 2 : 1;  // a 4-byte sequence: a surrogate pair
  }
  return units;
}

KeyboardRef stop_keyboard() { return broadcast_progress_keyboard(true); }

void broadcast_screen(Context& ctx) {
  if (!access(ctx).services->broadcasts()) {
    ctx.show("📣 Рассылка уходит только из бота в Telegram (gofrobot run).", back_keyboard());
    return;
  }
  if (auto running = access(ctx).store->running_broadcast()) {
    ctx.show(broadcast_progress_text(*running), stop_keyboard());
    return;
  }
  ctx.state().set_admin_input(ctx.chat_id(), ctx.from().id, AdminInput::kBroadcastText);
  ctx.show(fmt::format("📣 РАССЫЛКА\n\nПришли текст, как его увидят игроки. Получат все, кто "
                       "писал боту в личку и не заблокировал его: сейчас это {}."_cf,
                       access(ctx).store->count_recipients(0, 0)),
           back_keyboard());
}

void broadcast_preview(Context& ctx, std::string_view text) {
  if (text.empty() || utf16_units(text) > kBroadcastMaxUnits) {
    ctx.state().set_admin_input(ctx.chat_id(), ctx.from().id, AdminInput::kBroadcastText);
    ctx.send(text.empty() ? std::string("📣 Пустую рассылку не отправить. Пришли текст.")
                          : fmt::format("📣 Длинновато: не больше {} знаков. Пришли покороче."_cf,
                                        kBroadcastMaxUnits),
             back_keyboard());
    return;
  }
  ctx.state().set_broadcast_draft(ctx.chat_id(), ctx.from().id, std::string(text));
  ctx.send(fmt::format("📣 ПРЕДПРОСМОТР. Так увидят игроки:\n\n{}\n\n— Получателей: {}. "
                       "Отправить?"_cf,
                       text, access(ctx).store->count_recipients(0, 0)),
           make_keyboard({{{"✅ Отправить", "adm_bc_send"}, {"❌ Отмена", "adm_bc_drop"}}}));
}

void broadcast_send(Context& ctx) {
  auto& a = access(ctx);
  if (!a.services->broadcasts()) return broadcast_screen(ctx);
  auto draft = ctx.state().broadcast_draft(ctx.chat_id(), ctx.from().id);
  if (!draft) {
    ctx.alert("📣 Черновика нет (бот перезапускался?). Начни рассылку заново.");
    return;
  }
  if (a.store->running_broadcast()) {
    ctx.alert("📣 Одна рассылка уже идёт: дождись её или останови.");
    return;
  }
  store::BroadcastRecord b;
  b.created_by = ctx.from().id;
  b.created_at = ctx.now();
  b.text = *draft;
  b.recipients = a.store->count_recipients(0, 0);
  b.progress_chat = ctx.chat_id();
  if (ctx.callback() && ctx.callback()->message_id) b.progress_message = *ctx.callback()->message_id;
  ctx.state().set_broadcast_draft(ctx.chat_id(), ctx.from().id, std::nullopt);
  audit(ctx, "broadcast_start", fmt::format("{} recipients"_cf, b.recipients));
  ctx.show(broadcast_progress_text(b), stop_keyboard());
  ctx.work().admin_changes().new_broadcast = std::move(b);
  a.services->broadcast_changed();
}

void broadcast_stop(Context& ctx) {
  auto& a = access(ctx);
  auto running = a.store->running_broadcast();
  if (!running) {
    ctx.alert("📣 Рассылка уже не идёт.");
    return;
  }
  ctx.work().admin_changes().broadcast_end = std::make_pair(running->id, std::string("cancelled"));
  audit(ctx, "broadcast_stop",
        fmt::format("broadcast {} after {} sent"_cf, running->id, running->sent));
  running->state = "cancelled";
  ctx.show(broadcast_progress_text(*running), back_keyboard());
  a.services->broadcast_changed();
}

void broadcast_drop(Context& ctx) {
  ctx.state().set_broadcast_draft(ctx.chat_id(), ctx.from().id, std::nullopt);
  ctx.show("📣 Рассылка отменена, ничего не ушло.", back_keyboard());
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  return text;
}

void lookup(Context& ctx, std::string_view text) {
  std::optional<UserId> id = number(text);
  if (!id && text.starts_with('@')) id = access(ctx).store->user_by_username(folded_username(text));
  if (!id) id = ctx.work().store().nickname_owner(game::fold_nickname(text));
  if (!id) {
    ctx.send(fmt::format("🤷 Не нашёл «{}». Ищу по id, @username или нику."_cf, text),
             make_keyboard({{{"🔎 Ещё раз", "adm_players"}, kBackToPanel}}));
    return;
  }
  player_card(ctx, *id);
}

// An admin's answer to a prompt of the panel.
void admin_input(Context& ctx) {
  if (!allowed(ctx)) return;
  const auto input = ctx.state().admin_input(ctx.chat_id(), ctx.from().id);
  ctx.state().set_admin_input(ctx.chat_id(), ctx.from().id, std::nullopt);
  if (input == AdminInput::kBroadcastText) return broadcast_preview(ctx, trimmed(ctx.args()));
  if (input == AdminInput::kPlayerLookup) return lookup(ctx, trimmed(ctx.args()));
}

void set_ban(Context& ctx, UserId id, bool banned) {
  auto& a = access(ctx);
  if (banned && is_admin(ctx.config(), id)) {
    ctx.alert("⛔ Админа не забанить.");
    return;
  }
  if (!ctx.work().store().find_player(id)) {
    ctx.alert(fmt::format("🤷 Игрока {} нет."_cf, id));
    return;
  }
  ctx.work().admin_changes().bans.push_back({id, banned, ctx.from().id, ctx.now()});
  audit(ctx, banned ? "ban" : "unban", fmt::format("user {}"_cf, id));
  a.state->set_banned(id, banned);
  player_card(ctx, id);
}

void reset_nickname(Context& ctx, UserId id) {
  if (!ctx.work().store().find_player(id)) {
    ctx.alert(fmt::format("🤷 Игрока {} нет."_cf, id));
    return;
  }
  auto& p = ctx.work().player(id);
  const std::string before = p.nickname;
  p.nickname = game::default_nickname(id);
  p.nickname_changed = false;  // the free change is theirs again
  ctx.work().changed(p);
  audit(ctx, "reset_nickname", fmt::format("user {}: {}"_cf, id, before));
  player_card(ctx, id);
}

void system(Context& ctx, bool clear) {
  auto& a = access(ctx);
  std::string done;
  if (clear) {
    const auto dropped = a.services->clear_caches();
    audit(ctx, "clear_caches", fmt::format("{} players, {} chat boards"_cf, dropped.players,
                                           dropped.chat_boards));
    done = fmt::format("🧹 Сброшено: {} игроков, {} досок чатов. Дальше всё читается из базы "
                       "заново.\n\n"_cf,
                       dropped.players, dropped.chat_boards);
  }
  const auto facts = a.services->facts();
  ctx.show(fmt::format("{}🧹 СИСТЕМА\n\nВ памяти игроков: {}\nЗабанено: {}\nRedis: не "
                       "используется\n"_cf,
                       done, facts.cache_players, a.state->banned_count()),
           make_keyboard({{{"🧹 Очистить кэши", "adm_cache_clear"}}, {kBackToPanel}}));
}

void audit_screen(Context& ctx) {
  const auto entries = access(ctx).store->audit_log(15);
  std::string lines;
  for (const auto& e : entries) {
    lines += fmt::format("{} · {} · {}{}{}\n"_cf, utc(e.at), e.admin_id, e.action,
                         e.detail.empty() ? "" : ": ", e.detail);
  }
  ctx.show(fmt::format("📜 ЖУРНАЛ (UTC, новые сверху)\n\n{}"_cf,
                       lines.empty() ? std::string("Пусто.") : lines),
           refresh_keyboard("adm_audit"));
}

// adm_<what>[_<user id>]
void button(Context& ctx) {
  if (!allowed(ctx)) return;
  if (ctx.in_group()) {
    // A panel button pressed in a group (forged data, or a panel message forwarded there)
    // must not show the panel's screens to the whole chat.
    ctx.alert("🔒 Админка — только в личке с ботом.");
    return;
  }
  const std::string_view what = ctx.args();
  if (what != "players" && what != "bc") {
    ctx.state().set_admin_input(ctx.chat_id(), ctx.from().id, std::nullopt);
  }
  auto target = [&](std::string_view prefix) -> std::optional<UserId> {
    if (!what.starts_with(prefix)) return std::nullopt;
    return number(what.substr(prefix.size()));
  };
  if (what == "menu") return menu(ctx);
  if (what == "stats") return stats(ctx);
  if (what == "maint") return maintenance(ctx);
  if (what == "maint_on") return set_maintenance(ctx, true);
  if (what == "maint_off") return set_maintenance(ctx, false);
  if (what == "reload") return reload(ctx);
  if (what == "backup") return backup(ctx);
  if (what == "db") return database(ctx);
  if (what == "players") return players_prompt(ctx);
  if (what == "system") return system(ctx, false);
  if (what == "cache_clear") return system(ctx, true);
  if (what == "audit") return audit_screen(ctx);
  if (what == "bc") return broadcast_screen(ctx);
  if (what == "bc_send") return broadcast_send(ctx);
  if (what == "bc_stop") return broadcast_stop(ctx);
  if (what == "bc_drop") return broadcast_drop(ctx);
  if (auto id = target("ban_")) return set_ban(ctx, *id, true);
  if (auto id = target("unban_")) return set_ban(ctx, *id, false);
  if (auto id = target("nick_")) return reset_nickname(ctx, *id);
  ctx.alert("🤷 Нет такой кнопки.");
}

}  // namespace

KeyboardRef broadcast_progress_keyboard(bool running) {
  static const auto stop = make_keyboard({{{"⛔ Остановить", "adm_bc_stop"}}, {kBackToPanel}});
  return running ? stop : back_keyboard();
}

void add_admin_routes(Router& r) {
  r.command("admin", menu);
  r.command("Gofroadmin", menu);
  r.callback_prefix(std::string(kPrefix), button);
  r.admin_input(admin_input);
}

}  // namespace bot

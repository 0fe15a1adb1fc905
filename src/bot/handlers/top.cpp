// The global leaderboards (GAME.md §9.1, Appendix A decision 12).
#include <fmt/compile.h>
#include <fmt/format.h>

#include <iterator>

#include "bot/handlers/routes.hpp"
#include "bot/handlers/screens.hpp"
#include "bot/keyboards.hpp"
#include "game/atmospheres.hpp"
#include "game/levels.hpp"
#include "game/nickname.hpp"
#include "game/numeric.hpp"
#include "game/tops.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

namespace {

constexpr int kTopRows = 10;

void top_menu(Context& ctx) {
  ctx.show("🏆 ТОП ПАЦАНОВ С ГОФРОЦЕНТРАЛА\n\nВыбери, по чему смотреть:", Keyboards::get().top);
}

struct TopView {
  game::TopKey key;
  const char* title;
  const char* emoji;
};

std::optional<TopView> view_for(std::string_view name) {
  if (name == "gofra") return TopView{game::TopKey::kGofra, "ГОФРЕ", "🏗️"};
  if (name == "cable") return TopView{game::TopKey::kCable, "КАБЕЛЮ", "🔌"};
  if (name == "zmiy") return TopView{game::TopKey::kZmiy, "ЗМИЮ", "🐍"};
  if (name == "atm") return TopView{game::TopKey::kAtm, "АТМОСФЕРАМ", "🌀"};
  return std::nullopt;
}

std::string value_of(const game::Player& p, game::TopKey key, const game::Balance& b) {
  switch (key) {
    case game::TopKey::kGofra:
      return "🏗️ " + game::format_length(p.gofra_mm) + " " + game::gofra_info(p.gofra_mm).emoji;
    case game::TopKey::kCable:
      return "🔌 " + game::format_length(p.cable_mm);
    case game::TopKey::kZmiy:
      return "🐍 " + game::fixed(p.zmiy_grams, 0) + "г";
    default:
      return fmt::format("🌀 {}/{}"_cf, p.atm_count, b.atm_max);
  }
}

void top_by(Context& ctx) {
  auto view = view_for(ctx.args());
  if (!view) {
    ctx.alert("❓ Неизвестный тип топа");
    return;
  }
  const auto& b = ctx.balance();
  auto& store = ctx.work().store();
  // Read-only: looking at a top does not create a player (GAME.md §1).
  auto rows = store.top_players(view->key, kTopRows, ctx.now(), b);
  if (rows.empty()) {
    ctx.show("🏆 Топ пока пуст — стань первым!", Keyboards::get().top);
    return;
  }
  std::string text = fmt::format("🏆 ТОП ПО {} {}\n\n"_cf, view->title, view->emoji);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto p = rows[i];
    game::regenerate(p, ctx.now(), b);
    // Rows are formatted in place, their format compiled: a top is ten of them.
    fmt::format_to(std::back_inserter(text), "{} {} — {}\n"_cf,
                   game::medal(static_cast<long>(i) + 1), game::shorten(p.nickname, 20, 17),
                   value_of(p, view->key, b));
  }
  text += fmt::format("\n👥 Всего пацанов: {}"_cf, store.player_count());
  if (auto rank = store.player_rank(ctx.from().id, view->key, ctx.now(), b)) {
    text += fmt::format("\n🎯 Твоя позиция: {}"_cf, game::medal(*rank));
  } else if (store.find_player(ctx.from().id)) {
    // Positions are counted within the first store::kRankedPlaces only.
    text += fmt::format("\n🎯 Твоя позиция: дальше {}-го места"_cf, store::kRankedPlaces);
  }
  ctx.show(std::move(text), Keyboards::get().top);
}

}  // namespace

void add_top_routes(Router& r) {
  r.command("top", top_menu);
  r.callback("top", top_menu);
  r.callback_prefix("top_", top_by);
}

}  // namespace bot

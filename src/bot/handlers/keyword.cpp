// The keyword responder (GAME.md §10.5, Appendix A decision 8): group texts mentioning
// гофра, змий or давка (any case) get a joke as a reply, at most one per chat per cooldown.
// The router sends only plain group texts here, never while the sender types a nickname.
#include <fmt/compile.h>
#include <fmt/format.h>

#include <string>
#include <vector>

#include "bot/handlers/routes.hpp"
#include "game/nickname.hpp"
#include "game/numeric.hpp"

namespace bot {

// Player texts are formatted with compiled formats (no format string parsed per reply).
using fmt::literals::operator""_cf;

namespace {

enum class Phrase {
  kGofraIsLife,
  kLongerGofra,
  kOwnGofra,  // needs the sender's gofra
  kNoSnakeWithoutGofra,
  kSqueezeDontTalk,
  kTodayGrams,  // draws a random weight
  kBrownWaits,
  kDavkaSacred,
  kAllTwelve,
  kMorningDavka,
};

std::vector<Phrase> pool_for(const std::string& lower) {
  std::vector<Phrase> pool;
  if (lower.find("гофра") != std::string::npos) {
    pool.insert(pool.end(), {Phrase::kGofraIsLife, Phrase::kLongerGofra, Phrase::kOwnGofra,
                             Phrase::kNoSnakeWithoutGofra});
  }
  if (lower.find("змий") != std::string::npos || lower.find("зме") != std::string::npos) {
    pool.insert(pool.end(), {Phrase::kSqueezeDontTalk, Phrase::kTodayGrams, Phrase::kBrownWaits});
  }
  if (lower.find("давка") != std::string::npos) {
    pool.insert(pool.end(), {Phrase::kDavkaSacred, Phrase::kAllTwelve, Phrase::kMorningDavka});
  }
  return pool;
}

std::string render(Phrase phrase, Context& ctx) {
  switch (phrase) {
    case Phrase::kGofraIsLife:
      return "🏗️ Гофра — это жизнь, пацаны!";
    case Phrase::kLongerGofra:
      return "📏 Чем длиннее гофра, тем тяжелее змий. Закон гофроцентрала.";
    case Phrase::kOwnGofra:
      // format_length already ends in "см" (the original appended a second one, D-19).
      return fmt::format("😏 А у тебя гофра уже {}! А у остальных сколько?"_cf,
                         game::format_length(ctx.me().gofra_mm));
    case Phrase::kNoSnakeWithoutGofra:
      return "🐍 Без гофры и змия не выдавишь.";
    case Phrase::kSqueezeDontTalk:
      return "💩 Хватит обсуждать змия — иди дави его! /davka";
    case Phrase::kTodayGrams:
      return fmt::format("🐍 А я сегодня выдавил {}г змия!"_cf, ctx.rng().randint(50, 500));
    case Phrase::kBrownWaits:
      return "🟤 Коричневаг ждёт. Жми /davka!";
    case Phrase::kDavkaSacred:
      return "🙏 Давка — дело святое.";
    case Phrase::kAllTwelve:
      return "🌀 Все 12 атмосфер на месте? Тогда /davka!";
    case Phrase::kMorningDavka:
      return "🌅 Лучшая давка — утренняя давка.";
  }
  return {};
}

void keyword_reply(Context& ctx) {
  const Message* m = ctx.message();
  if (m == nullptr || !m->text || !ctx.in_group()) return;
  if (ctx.state().awaiting_nickname(ctx.chat_id(), ctx.from().id)) return;
  const auto cooldown = ctx.config().gameplay.keyword_cooldown_seconds;
  if (cooldown <= 0) return;  // 0 disables the responder
  const std::string lower = game::to_lower(*m->text);
  const bool triggered = lower.find("гофра") != std::string::npos ||
                         lower.find("змий") != std::string::npos ||
                         lower.find("давка") != std::string::npos;
  if (!triggered) return;
  // Checked only for matching texts, so other chatter does not restart the cooldown.
  if (!ctx.state().keyword_reply_allowed(ctx.chat_id(), ctx.now(), cooldown)) return;
  const auto pool = pool_for(lower);
  const Phrase phrase = pool[ctx.rng().index(pool.size())];
  ctx.send(render(phrase, ctx), nullptr, m->message_id);
}

}  // namespace

void add_keyword_routes(Router& r) { r.keyword(keyword_reply); }

}  // namespace bot

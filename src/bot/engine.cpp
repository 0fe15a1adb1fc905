#include "bot/engine.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "bot/handlers/routes.hpp"

namespace bot {

Engine::Engine(store::Store& store, Services services, std::string bot_username)
    : store_(store), services_(services), bot_username_(std::move(bot_username)) {
  add_all_routes(router_);
}

void Engine::add_guard(std::unique_ptr<Guard> guard) { guards_.push_back(std::move(guard)); }

namespace {

void answer_with_error(const Update& update, Outcome& outcome) {
  outcome.actions.clear();
  outcome.failed = true;
  if (const auto* c = std::get_if<CallbackQuery>(&update.payload)) {
    outcome.actions.push_back(AnswerCallback{c->id, kErrorText, true});
  } else if (const auto* m = std::get_if<Message>(&update.payload)) {
    outcome.actions.push_back(SendMessage{m->chat.id, kErrorText, nullptr, std::nullopt});
  }
}

}  // namespace

Outcome Engine::process(const Update& update, UnixTime now) {
  Outcome outcome;
  const auto& state = *services_.state;
  const Message* message = std::get_if<Message>(&update.payload);
  bool awaiting = message && message->from &&
                  state.awaiting_nickname(message->chat.id, message->from->id);
  Match match = router_.match(update, bot_username_, awaiting);
  if (!match.route || !match.route->handler) return outcome;
  outcome.route = match.route->name;

  try {
    UnitOfWork work(store_, services_.config->balance, now);
    Context ctx(update, work, services_, now);
    ctx.set_args(match.args);
    bool admitted = true;
    for (const auto& guard : guards_) {
      if (!guard->admit(ctx, *match.route)) {
        admitted = false;
        break;
      }
    }
    if (admitted) match.route->handler(ctx);
    ctx.finish();
    auto changes = work.changes();
    if (!changes.empty()) store_.commit(changes);
    outcome.actions = std::move(ctx.actions());
  } catch (const std::exception& e) {
    spdlog::error("update {} route {} failed: {}", update.update_id, outcome.route, e.what());
    answer_with_error(update, outcome);
  } catch (...) {
    spdlog::error("update {} route {} failed: unknown exception", update.update_id,
                  outcome.route);
    answer_with_error(update, outcome);
  }
  return outcome;
}

}  // namespace bot

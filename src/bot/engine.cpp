#include "bot/engine.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

#include "bot/bot_api_encoding.hpp"
#include "bot/handlers/routes.hpp"
#include "ops/log_event.hpp"

namespace bot {
namespace {

// Another process changed a player between our read and our write: reload and re-apply.
constexpr int kConflictRetries = 5;
// A nickname prompt shared through the database is forgotten after a day (one kept in
// memory lasts until a restart).
constexpr game::UnixTime kSharedPromptSeconds = 24 * 3600;

using SteadyClock = std::chrono::steady_clock;

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

const User* sender(const Update& update) {
  if (const auto* m = std::get_if<Message>(&update.payload)) return m->from ? &*m->from : nullptr;
  if (const auto* c = std::get_if<CallbackQuery>(&update.payload)) return &c->from;
  return nullptr;
}

std::vector<Action> error_reply(const Update& update) {
  if (const auto* c = std::get_if<CallbackQuery>(&update.payload)) {
    return {AnswerCallback{c->id, kErrorText, true}};
  }
  if (const auto* m = std::get_if<Message>(&update.payload)) {
    return {SendMessage{m->chat.id, kErrorText, nullptr, std::nullopt}};
  }
  return {};
}

// The update's id, and its reply (the actions, encoded) for the outbox.
store::ChangeSet bookkeeping(const Update& update, std::span<const EncodedAction> reply) {
  store::ChangeSet set;
  if (update.update_id != 0) {
    set.update_id = update.update_id;
    if (!reply.empty()) set.reply = actions_payload(reply);
  }
  return set;
}

// Undoes the conversation-state changes of an attempt unless it succeeded (kept).
class AttemptUndo {
 public:
  explicit AttemptUndo(SessionState& state) : state_(state), mark_(state.mark()) {}
  ~AttemptUndo() {
    if (!kept_) state_.undo_to(mark_);
  }
  AttemptUndo(const AttemptUndo&) = delete;
  AttemptUndo& operator=(const AttemptUndo&) = delete;
  void keep() { kept_ = true; }

 private:
  SessionState& state_;
  SessionState::Mark mark_;
  bool kept_ = false;
};

}  // namespace

Engine::Engine(store::Store& store, Services services, std::string bot_username)
    : store_(store), services_(services), bot_username_(std::move(bot_username)) {
  add_all_routes(router_);
  if (services_.state) services_.state->share(store_.shares_conversation());
}

void Engine::add_guard(std::unique_ptr<Guard> guard) {
  if (metrics_) guard_refusals_.push_back(&metrics_->refused_by(guard->name()));
  guards_.push_back(std::move(guard));
}

void Engine::set_metrics(EngineMetrics* metrics) {
  metrics_ = metrics;
  guard_refusals_.clear();
  if (!metrics_) return;
  for (const auto& guard : guards_) guard_refusals_.push_back(&metrics_->refused_by(guard->name()));
}

Outcome Engine::process(const Update& update, UnixTime now) {
  return process_batch(std::span(&update, 1), now).front();
}

std::vector<Outcome> Engine::process_batch(std::span<const Update> updates, UnixTime now,
                                           std::span<const std::int64_t> sent_update_ids) {
  bool refused = false;
  // A lone update gains nothing from merging (bench/store_bench: on PostgreSQL its
  // set-based statements cost more to plan than the plain ones, 0.75 ms against 0.53 per
  // commit), and needs no second run.
  const bool optimistic = updates.size() > 1;
  auto outcomes = run_batch(updates, now, sent_update_ids, optimistic, refused);
  if (!refused) return outcomes;
  // The second run's updates were counted by the first (the same handlers on the same
  // updates); only what the first could not meet, conflicts and commits, counts again.
  if (metrics_) metrics_->batch_replayed();
  replaying_ = true;
  try {
    outcomes = run_batch(updates, now, sent_update_ids, false, refused);
  } catch (...) {
    replaying_ = false;
    throw;
  }
  replaying_ = false;
  return outcomes;
}

std::vector<Outcome> Engine::run_batch(std::span<const Update> updates, UnixTime now,
                                       std::span<const std::int64_t> sent_update_ids,
                                       bool optimistic, bool& refused) {
  std::vector<Outcome> outcomes(updates.size());
  last_batch_committed_ = false;
  refused = false;
  try {
    if (optimistic) {
      store_.begin_optimistic();
    } else {
      store_.begin();
    }
  } catch (const std::exception& e) {
    spdlog::error("storage unavailable, {} updates not processed: {}", updates.size(), e.what());
    count_error(ErrorKind::kStorage);
    return outcomes;  // none committed: Telegram will deliver them again
  }
  auto& state = *services_.state;
  state.expire(now);
  try {
    store_.remove_outbox(sent_update_ids);
    // The duplicates among the batch, looked up at once.
    std::vector<std::int64_t> ids;
    ids.reserve(updates.size());
    for (const auto& u : updates) {
      if (u.update_id != 0) ids.push_back(u.update_id);
    }
    store_.check_processed(ids);
    if (state.sharing()) adopt_shared_conversation(updates, now);
  } catch (const std::exception& e) {
    // The transaction is open: close it, or every later batch would fail to begin.
    spdlog::error("storage failed, {} updates not processed: {}", updates.size(), e.what());
    count_error(ErrorKind::kStorage);
    try {
      store_.rollback();
    } catch (...) {
    }
    return outcomes;
  }
  for (auto& guard : guards_) guard->batch_started(replaying_);
  plan_guards(updates, now);
  const auto batch_mark = state.mark();
  batch_contacts_.clear();
  for (std::size_t i = 0; i < updates.size(); ++i) outcomes[i] = handle(updates[i], now);
  try {
    const auto commit_started = SteadyClock::now();
    store_.commit();
    last_batch_committed_ = true;
    state.keep();
    for (const auto& c : batch_contacts_) contacts_.remember(c);
    for (auto& o : outcomes) o.committed = !o.deferred;
    if (metrics_) {
      metrics_->batch(updates.size(), seconds_since(commit_started));
      metrics_->publish(now);
    }
  } catch (const store::BatchConflict&) {
    // Refused as a whole: run again, change set by change set (process_batch).
    refused = true;
    try {
      store_.rollback();
    } catch (...) {
    }
    state.undo_to(batch_mark);
    state.keep();
  } catch (const std::exception& e) {
    spdlog::error("commit of {} updates failed, none acknowledged: {}", updates.size(), e.what());
    count_error(ErrorKind::kCommit);
    try {
      store_.rollback();
    } catch (...) {
    }
    // Telegram delivers them again: they must find the conversation as it was.
    state.undo_to(batch_mark);
    state.keep();
    for (auto& o : outcomes) o = Outcome{{}, o.route, o.failed, o.duplicate, false, false, {}};
  }
  return outcomes;
}

std::string_view Engine::result_word(Result r) {
  switch (r) {
    case Result::kOk: return "ok";
    case Result::kRefused: return "refused";
    case Result::kError: return "error";
    case Result::kDuplicate: return "duplicate";
    case Result::kDeferred: return "deferred";
  }
  return "?";
}

void Engine::finished(const Update& update, const Route* route, Result r, bool ran,
                      std::chrono::steady_clock::time_point started) {
  const double seconds = seconds_since(started);
  if (metrics_) {
    if (r == Result::kDuplicate) {
      metrics_->duplicate();
    } else if (r == Result::kDeferred) {
      metrics_->deferred();
    } else if (!replaying_) {
      metrics_->handled(route, r == Result::kError, ran, seconds);
    }
  }
  if (spdlog::should_log(spdlog::level::debug)) {
    const User* user = sender(update);
    ops::log_event(spdlog::level::debug, "update",
                   {{"update_id", update.update_id},
                    {"user_id", user ? user->id : std::int64_t{0}},
                    {"route", route ? std::string_view(route->name) : std::string_view("none")},
                    {"duration_us", static_cast<std::int64_t>(seconds * 1e6)},
                    {"outcome", result_word(r)}});
  }
}

void Engine::adopt_shared_conversation(std::span<const Update> updates, UnixTime now) {
  std::vector<std::pair<ChatId, UserId>> prompt_keys;
  std::vector<ChatId> challenge_chats;
  for (const auto& update : updates) {
    if (const Message* m = std::get_if<Message>(&update.payload); m && m->from) {
      prompt_keys.emplace_back(m->chat.id, m->from->id);
    } else if (const CallbackQuery* q = std::get_if<CallbackQuery>(&update.payload)) {
      const Match match = router_.match(update, bot_username_, false, false);
      if (match.route && match.route->takes_challenge && q->chat) challenge_chats.push_back(q->chat->id);
    }
  }
  if (prompt_keys.empty() && challenge_chats.empty()) return;
  const auto prompts = store_.nickname_prompts(prompt_keys, now);
  const auto challenges = store_.challenges(challenge_chats, now);
  services_.state->adopt_prompts(prompt_keys, prompts);
  services_.state->adopt_challenges(challenge_chats, challenges);
}

Match Engine::route(const Update& update) const {
  const auto& state = *services_.state;
  const Message* message = std::get_if<Message>(&update.payload);
  const bool awaiting = message && message->from &&
                        state.awaiting_nickname(message->chat.id, message->from->id);
  const bool admin_prompt = message && message->from &&
                            state.admin_input(message->chat.id, message->from->id).has_value();
  return router_.match(update, bot_username_, awaiting, admin_prompt);
}

void Engine::plan_guards(std::span<const Update> updates, UnixTime now) {
  bool wanted = false;
  for (const auto& guard : guards_) wanted = wanted || guard->wants_plan();
  if (!wanted) return;
  std::vector<Guard::Planned> planned;
  planned.reserve(updates.size());
  for (const auto& update : updates) {
    const User* user = sender(update);
    if (!user) continue;
    const Match match = route(update);
    if (match.route) planned.push_back({&update, match.route, user->id});
  }
  for (auto& guard : guards_) {
    if (guard->wants_plan()) guard->plan(planned, *services_.config, now);
  }
}

Outcome Engine::handle(const Update& update, UnixTime now) {
  Outcome outcome;
  const auto started = SteadyClock::now();
  if (update.update_id != 0 && store_.update_processed(update.update_id)) {
    outcome.duplicate = true;
    finished(update, nullptr, Result::kDuplicate, false, started);
    return outcome;
  }
  auto& state = *services_.state;
  const Message* message = std::get_if<Message>(&update.payload);
  if (metrics_ && !replaying_) {
    if (message) metrics_->message_received(message->chat.type);
    if (const User* user = sender(update)) metrics_->user_seen(user->id, now);
  }
  Match match = route(update);
  if (match.route) outcome.route = match.route->name;
  auto finish = [&](Result r, bool ran) {
    finished(update, match.route, r, ran, started);
  };
  std::optional<store::StoredChallenge> gone;  // taken by another process: forget, then retry
  for (int attempt = 0;; ++attempt) {
    if (gone) state.forget_challenge(gone->chat, gone->attacker, gone->target);
    gone.reset();
    state.clear_journal();
    // An attempt whose changes are dropped leaves the conversation state as it found it.
    AttemptUndo undo(state);
    try {
      bool ran = false;
      if (!match.route || !match.route->handler) {
        // Nothing to do, but remember the update so a redelivery is recognised.
        store_.apply(bookkeeping(update, {}));
        ran = true;
      } else {
        ran = run_handler(update, match, now, outcome);
      }
      undo.keep();
      finish(ran ? Result::kOk : Result::kRefused, ran);
      return outcome;
    } catch (const store::AlreadyProcessed&) {
      outcome = Outcome{};
      outcome.duplicate = true;
      finish(Result::kDuplicate, false);
      return outcome;
    } catch (const store::Contention&) {
      outcome = Outcome{};
      outcome.deferred = true;
      finish(Result::kDeferred, false);
      return outcome;
    } catch (const store::ChallengeGone& e) {
      if (attempt + 1 >= kConflictRetries) {
        count_error(ErrorKind::kVersionConflict);
        break;
      }
      spdlog::debug("update {}: {}, retrying", update.update_id, e.what());
      gone = e.challenge;
    } catch (const store::VersionConflict& e) {
      if (attempt + 1 >= kConflictRetries) {
        spdlog::error("update {}: gave up after {} conflicts", update.update_id, attempt + 1);
        count_error(ErrorKind::kVersionConflict);
        break;
      }
      spdlog::debug("update {}: {}, retrying", update.update_id, e.what());
    } catch (const std::exception& e) {
      spdlog::error("update {} route {} failed: {}", update.update_id, outcome.route, e.what());
      count_error(ErrorKind::kHandler);
      break;
    } catch (...) {
      spdlog::error("update {} route {} failed: unknown exception", update.update_id,
                    outcome.route);
      count_error(ErrorKind::kHandler);
      break;
    }
  }
  // The error guard: the user hears about it, the update counts as processed (so a crashing
  // update is not redelivered forever), its game changes are dropped.
  outcome.failed = true;
  outcome.actions = error_reply(update);
  outcome.encoded = encode_all(outcome.actions);
  try {
    store_.apply(bookkeeping(update, outcome.encoded));
  } catch (const std::exception& e) {
    spdlog::error("update {}: recording the failure failed: {}", update.update_id, e.what());
  }
  finish(Result::kError, false);
  return outcome;
}

bool Engine::run_handler(const Update& update, const Match& match, UnixTime now,
                         Outcome& outcome) {
  UnitOfWork work(store_, services_.config->balance, now);
  Context ctx(update, work, services_, now);
  ctx.set_args(match.args);
  bool admitted = true;
  for (std::size_t i = 0; i < guards_.size(); ++i) {
    if (!guards_[i]->admit(ctx, *match.route)) {
      if (metrics_ && !replaying_) guard_refusals_[i]->Increment();
      admitted = false;
      break;
    }
  }
  if (admitted) match.route->handler(ctx);
  ctx.finish();
  auto changes = work.take_changes();
  auto encoded = encode_all(ctx.actions());
  auto bookkeeping_part = bookkeeping(update, encoded);
  changes.update_id = bookkeeping_part.update_id;
  changes.reply = std::move(bookkeeping_part.reply);
  if (auto contact = contacts_.change_for(ctx.from(), !ctx.in_group())) {
    changes.contacts.push_back(std::move(*contact));
  }
  if (services_.state->sharing()) {
    changes.conversation = services_.state->take_journal();
    for (auto& w : changes.conversation) {
      if (w.kind == store::ConversationWrite::Kind::kPromptSet) w.expires_at = now + kSharedPromptSeconds;
    }
  }
  store_.apply(changes);
  batch_contacts_.insert(batch_contacts_.end(), changes.contacts.begin(), changes.contacts.end());
  outcome.actions = std::move(ctx.actions());
  outcome.encoded = std::move(encoded);
  return admitted;
}

}  // namespace bot

#pragma once
// The path of updates through the bot (DESIGN.md §1): route -> guards -> handler ->
// apply, many updates in one transaction (group commit), replies released after commit.
//
// The outermost layer is the error guard: whatever a handler throws, the user gets a
// friendly message (an alert for a button), the update's game changes are dropped, and the
// process goes on. A failed commit acknowledges nothing: the transport must not confirm
// those updates to Telegram, which delivers them again.
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bot/bot_api_encoding.hpp"
#include "bot/contact_book.hpp"
#include "bot/engine_metrics.hpp"
#include "bot/guards/guard.hpp"
#include "bot/router.hpp"
#include "store/store.hpp"

namespace bot {

struct Outcome {
  std::vector<Action> actions;  // send only when `committed`
  std::string route;            // for logs and metrics; empty when nothing matched
  bool failed = false;          // the error guard answered instead of the handler
  bool duplicate = false;       // the update was processed before: nothing to do
  bool committed = false;       // its effects (or its duplicate check) are durable
  // Contention with another process: nothing applied; process it again in a later batch.
  bool deferred = false;
  // The actions encoded once (parallel to `actions`): the outbox holds them, and the
  // transports send them without encoding again.
  std::vector<EncodedAction> encoded;
};

class Engine {
 public:
  Engine(store::Store& store, Services services, std::string bot_username);

  void add_guard(std::unique_ptr<Guard> guard);
  // Engine thread: these users' contacts changed in the store behind the engine.
  void forget_contacts(std::span<const UserId> users) {
    for (auto id : users) contacts_.forget(id);
  }
  // Counts into `metrics` from now on (nullptr: counts nothing); the caller keeps it alive.
  void set_metrics(EngineMetrics* metrics);
  // Swaps the running configuration (reload); the caller keeps it alive.
  void set_config(const ops::Config* config) { services_.config = config; }
  const ops::Config& config() const { return *services_.config; }
  const Router& router() const { return router_; }

  // Processes the updates in order in one transaction and commits it. The outbox rows of
  // `sent_update_ids` (replies delivered since) are removed in the same transaction.
  std::vector<Outcome> process_batch(std::span<const Update> updates, UnixTime now,
                                     std::span<const std::int64_t> sent_update_ids = {});
  // A batch of one.
  Outcome process(const Update& update, UnixTime now);
  // Whether the last process_batch committed (its sent marks too).
  bool last_batch_committed() const { return last_batch_committed_; }

 private:
  // One run of a batch. `optimistic`: the store may check the change sets only at commit
  // (Store::begin_optimistic); `refused` is then set when the commit refused the batch,
  // which was rolled back for a run without it.
  std::vector<Outcome> run_batch(std::span<const Update> updates, UnixTime now,
                                 std::span<const std::int64_t> sent_update_ids, bool optimistic,
                                 bool& refused);
  Outcome handle(const Update& update, UnixTime now);
  // The route an update takes now (the router, with the conversation state's prompts).
  Match route(const Update& update) const;
  // Shared conversation state (Store::shares_conversation): loads what the database holds
  // for the batch's senders (nickname prompts) and the chats of its challenge buttons into
  // the session state. Throws what the store throws.
  void adopt_shared_conversation(std::span<const Update> updates, UnixTime now);
  // Tells the guards that want it the batch's expected routes (Guard::plan).
  void plan_guards(std::span<const Update> updates, UnixTime now);
  // Returns whether the guards admitted the update (its handler ran).
  bool run_handler(const Update& update, const Match& match, UnixTime now, Outcome& outcome);
  // What became of an update, for the metrics and the debug log line.
  enum class Result { kOk, kRefused, kError, kDuplicate, kDeferred };
  static std::string_view result_word(Result r);
  // Counts it and, at debug, logs one line for it.
  void finished(const Update& update, const Route* route, Result r, bool ran,
                std::chrono::steady_clock::time_point started);
  void count_error(ErrorKind kind) {
    // A handler that failed in a replayed batch failed in its first run too, and counted.
    if (metrics_ && !(replaying_ && kind == ErrorKind::kHandler)) metrics_->error(kind);
  }

  store::Store& store_;
  Services services_;
  std::string bot_username_;
  Router router_;
  std::vector<std::unique_ptr<Guard>> guards_;
  EngineMetrics* metrics_ = nullptr;
  // Contacts written as they change (the admin panel's lookup and broadcast), and those
  // of the open batch, remembered once it committed.
  ContactBook contacts_;
  std::vector<store::ContactChange> batch_contacts_;
  std::vector<prometheus::Counter*> guard_refusals_;  // parallel to guards_ while metrics_
  bool last_batch_committed_ = false;
  // Running a batch again after its optimistic commit was refused (process_batch): the
  // first run counted its updates.
  bool replaying_ = false;
};

// The friendly text of the error guard.
inline constexpr const char* kErrorText = "❌ Что-то пошло не так. Попробуй ещё раз чуть позже.";

}  // namespace bot

#pragma once
// The path of one update through the bot (DESIGN.md §1): route -> guards -> handler ->
// commit. The outermost layer is the error guard: whatever a handler or the store
// throws, the user gets a friendly message (an alert for a button), the update's
// changes are dropped whole, and the process goes on.
#include <memory>
#include <string>
#include <vector>

#include "bot/guards/guard.hpp"
#include "bot/router.hpp"
#include "store/store.hpp"

namespace bot {

struct Outcome {
  std::vector<Action> actions;  // to be sent only after `changes` committed
  std::string route;            // for logs and metrics; empty when nothing matched
  bool failed = false;          // the error guard answered instead of the handler
};

class Engine {
 public:
  Engine(store::Store& store, Services services, std::string bot_username);

  void add_guard(std::unique_ptr<Guard> guard);
  // Swaps the running configuration (reload); the caller keeps it alive.
  void set_config(const ops::Config* config) { services_.config = config; }
  const Router& router() const { return router_; }

  // Handles one update and commits its effects; the actions may be sent afterwards.
  Outcome process(const Update& update, UnixTime now);

 private:
  store::Store& store_;
  Services services_;
  std::string bot_username_;
  Router router_;
  std::vector<std::unique_ptr<Guard>> guards_;
};

// The friendly texts of the error guard.
inline constexpr const char* kErrorText = "❌ Что-то пошло не так. Попробуй ещё раз чуть позже.";

}  // namespace bot

#pragma once
// A guard runs before a handler and may stop the update, having replied itself
// (the filter chain of DESIGN.md §8: one interface, one file per guard).
#include "bot/context.hpp"
#include "bot/router.hpp"

namespace bot {

class Guard {
 public:
  virtual ~Guard() = default;
  // For logs and metrics (gofrobot_updates_refused_total{guard}): a fixed word.
  virtual std::string_view name() const = 0;
  // False stops the update; the guard has then told the user why.
  virtual bool admit(Context& ctx, const Route& route) = 0;
  // A batch begins. `again`: the same updates as the last batch, run a second time after its
  // commit was refused (Engine::process_batch): a guard that keeps state must decide each
  // update as it did the first time (a token taken once, a notice counted once).
  virtual void batch_started(bool again) { (void)again; }

  // A guard that asks another server (shared rate limits in Redis) asks once a batch:
  // before the batch's updates run, it is told the route each is expected to take (the
  // router's match with the conversation state as the batch begins). Only called when
  // wants_plan(); a guard must still decide an update the plan did not foresee.
  struct Planned {
    const Update* update;
    const Route* route;
    UserId user;
  };
  virtual bool wants_plan() const { return false; }
  virtual void plan(std::span<const Planned> updates, const ops::Config& config, UnixTime now) {
    (void)updates;
    (void)config;
    (void)now;
  }
};

}  // namespace bot

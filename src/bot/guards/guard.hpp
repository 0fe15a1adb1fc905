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
};

}  // namespace bot

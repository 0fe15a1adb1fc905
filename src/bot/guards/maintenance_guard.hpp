#pragma once
// Maintenance mode (GAME.md §13.6): while on, everyone but the admins is turned away
// with the configured message. Driven by the running configuration, so a reload
// switches it without a restart.
#include "bot/guards/guard.hpp"

namespace bot {

class MaintenanceGuard final : public Guard {
 public:
  std::string_view name() const override { return "maintenance"; }
  bool admit(Context& ctx, const Route& route) override;
};

bool is_admin(const ops::Config& config, UserId user);

}  // namespace bot

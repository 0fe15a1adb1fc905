#pragma once
// Maintenance mode (GAME.md §13.6): while on, everyone but the admins is turned away
// with the configured message. Switched by the admin panel (kept in the database, every
// replica follows) or, when no admin has set it, by the running configuration (a reload
// switches it).
#include "bot/guards/guard.hpp"

namespace bot {

class MaintenanceGuard final : public Guard {
 public:
  std::string_view name() const override { return "maintenance"; }
  bool admit(Context& ctx, const Route& route) override;
};

bool is_admin(const ops::Config& config, UserId user);
// Whether maintenance is on: the admins' switch (kept in the database) when one was set,
// else bot.maintenance.
bool maintenance_on(const Context& ctx);

}  // namespace bot

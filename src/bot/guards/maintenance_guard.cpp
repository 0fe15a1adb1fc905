#include "bot/guards/maintenance_guard.hpp"

#include <algorithm>

#include "bot/admin/admin_services.hpp"

namespace bot {

bool is_admin(const ops::Config& config, UserId user) {
  const auto& admins = config.bot.admins;
  return std::find(admins.begin(), admins.end(), user) != admins.end();
}

bool maintenance_on(const Context& ctx) {
  const auto* admin = ctx.admin();
  const bool configured = ctx.config().bot.maintenance;
  return admin && admin->state ? admin->state->maintenance(configured) : configured;
}

bool MaintenanceGuard::admit(Context& ctx, const Route& /*route*/) {
  const auto& config = ctx.config();
  if (!maintenance_on(ctx) || is_admin(config, ctx.from().id)) return true;
  ctx.refuse(config.bot.maintenance_message);
  return false;
}

}  // namespace bot

#include "bot/guards/maintenance_guard.hpp"

#include <algorithm>

namespace bot {

bool is_admin(const ops::Config& config, UserId user) {
  const auto& admins = config.bot.admins;
  return std::find(admins.begin(), admins.end(), user) != admins.end();
}

bool MaintenanceGuard::admit(Context& ctx, const Route& /*route*/) {
  const auto& config = ctx.config();
  if (!config.bot.maintenance || is_admin(config, ctx.from().id)) return true;
  ctx.refuse(config.bot.maintenance_message);
  return false;
}

}  // namespace bot

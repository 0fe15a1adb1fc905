#include "bot/guards/ban_guard.hpp"

#include "bot/admin/admin_services.hpp"
#include "bot/guards/maintenance_guard.hpp"

namespace bot {

bool BanGuard::admit(Context& ctx, const Route& /*route*/) {
  const auto* admin = ctx.admin();
  if (!admin || !admin->state) return true;
  const UserId user = ctx.from().id;
  if (!admin->state->banned(user) || is_admin(ctx.config(), user)) return true;
  if (ctx.callback()) {
    ctx.toast(kBannedText);
  } else if (admin->state->take_ban_notice(user)) {
    ctx.send(kBannedText);
  }
  return false;
}

}  // namespace bot

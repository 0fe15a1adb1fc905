#include "bot/admin/admin_state.hpp"

#include <spdlog/spdlog.h>

namespace bot {

void AdminState::refresh(store::AdminStore& store) {
  try {
    auto ids = store.banned_users();
    std::unordered_set<game::UserId> banned(ids.begin(), ids.end());
    // An unbanned user who is banned again later gets a notice again.
    std::erase_if(ban_noticed_, [&](game::UserId id) { return !banned.contains(id); });
    banned_ = std::move(banned);
    const auto states = store.bot_states();
    if (auto it = states.find(kMaintenanceKey); it != states.end()) {
      maintenance_.store(it->second == "on" ? 1 : 0);
    } else {
      maintenance_.store(-1);
    }
  } catch (const std::exception& e) {
    spdlog::warn("admin state not read again (bans, maintenance switch): {}", e.what());
  }
}

void AdminState::set_banned(game::UserId user, bool banned) {
  if (banned) {
    banned_.insert(user);
  } else {
    banned_.erase(user);
    ban_noticed_.erase(user);
  }
}

std::optional<bool> AdminState::maintenance_override() const {
  const int v = maintenance_.load();
  if (v < 0) return std::nullopt;
  return v == 1;
}

}  // namespace bot

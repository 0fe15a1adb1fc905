#pragma once
// What the admin panel switches for every replica, as this process follows it: the banned
// users and the maintenance switch, kept in the database (bans, bot_state) and read again
// every few seconds (refresh), so that an admin's action through any replica reaches all
// of them within that time; this process's own actions apply at once. The maintenance
// switch, when an admin has set it, overrides bot.maintenance of the configuration (whose
// value is the default).
//
// Engine thread, except maintenance_override(), which any thread may read (the metrics).
#include <atomic>
#include <optional>
#include <unordered_set>

#include "game/player.hpp"
#include "store/admin_store.hpp"

namespace bot {

class AdminState {
 public:
  static constexpr const char* kMaintenanceKey = "maintenance";

  // Reads bans and switches from the store (a failed read keeps what was known).
  void refresh(store::AdminStore& store);

  bool banned(game::UserId user) const { return banned_.contains(user); }
  void set_banned(game::UserId user, bool banned);
  std::size_t banned_count() const { return banned_.size(); }
  // A banned user gets one notice: true the first time it is asked for this user.
  bool take_ban_notice(game::UserId user) { return ban_noticed_.insert(user).second; }

  // The admins' maintenance switch, if one was set (nullopt: the configuration decides).
  std::optional<bool> maintenance_override() const;
  void set_maintenance_override(bool on) { maintenance_.store(on ? 1 : 0); }
  bool maintenance(bool configured) const { return maintenance_override().value_or(configured); }

 private:
  std::unordered_set<game::UserId> banned_;
  std::unordered_set<game::UserId> ban_noticed_;
  std::atomic<int> maintenance_{-1};  // -1 not set, 0 off, 1 on
};

}  // namespace bot

#pragma once
// The reads and writes of one update. Loads players through the store (creating unknown
// ones, GAME.md §1), regenerates atmospheres on every load (§3), and collects what the
// handler changed into one ChangeSet, committed atomically after the handler returns.
#include <map>
#include <optional>
#include <string>

#include "game/balance.hpp"
#include "store/store.hpp"

namespace bot {

class UnitOfWork {
 public:
  UnitOfWork(store::Store& store, const game::Balance& balance, game::UnixTime now);

  // The player, loaded or created, regenerated to now. The reference stays valid for the
  // whole update; call changed() after modifying it.
  game::Player& player(game::UserId id);
  void changed(const game::Player& p);

  // The member's stats in a chat, or a zero row; call changed() after modifying it.
  game::ChatMemberStats& chat_member(game::ChatId chat, game::UserId user);
  void changed(const game::ChatMemberStats& m);

  void record_fight(const store::FightRecord& fight);
  void register_chat(const store::ChatInfo& chat);
  // A davka was done (the day's count, the admin panel's statistics).
  void count_davka() { ++extra_.davkas; }
  // The admin panel's durable effects, committed with the update.
  store::AdminChanges& admin_changes() { return extra_.admin(); }

  store::Store& store() { return store_; }
  // What the handler changed, moved out: call once, after the handler; the unit of work
  // holds nothing afterwards.
  store::ChangeSet take_changes();

 private:
  struct LoadedPlayer {
    game::Player player;
    bool dirty = false;
    std::optional<std::string> stored_nickname;  // as loaded; none for a new player
  };
  struct LoadedMember {
    game::ChatMemberStats before;
    game::ChatMemberStats now;
    bool dirty = false;
  };

  store::Store& store_;
  const game::Balance& balance_;
  game::UnixTime now_;
  std::map<game::UserId, LoadedPlayer> players_;
  std::map<std::pair<game::ChatId, game::UserId>, LoadedMember> members_;
  store::ChangeSet extra_;  // fights and chats
};

}  // namespace bot

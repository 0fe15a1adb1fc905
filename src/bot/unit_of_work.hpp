#pragma once
// The reads and writes of one update. Loads players through the store (creating unknown
// ones, GAME.md §1), regenerates atmospheres on every load (§3), and collects what the
// handler changed into one ChangeSet, committed atomically after the handler returns.
#include <map>
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

  store::Store& store() { return store_; }
  store::ChangeSet changes() const;

 private:
  store::Store& store_;
  const game::Balance& balance_;
  game::UnixTime now_;
  std::map<game::UserId, game::Player> players_;
  std::map<game::UserId, bool> player_dirty_;
  std::map<game::UserId, std::string> nickname_loaded_;  // of the players already stored
  std::map<std::pair<game::ChatId, game::UserId>, game::ChatMemberStats> members_;
  std::map<std::pair<game::ChatId, game::UserId>, game::ChatMemberStats> members_before_;
  std::map<std::pair<game::ChatId, game::UserId>, bool> member_dirty_;
  store::ChangeSet extra_;  // fights and chats
};

}  // namespace bot

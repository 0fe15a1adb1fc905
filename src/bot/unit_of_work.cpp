#include "bot/unit_of_work.hpp"

#include "game/atmospheres.hpp"

namespace bot {

UnitOfWork::UnitOfWork(store::Store& store, const game::Balance& balance, game::UnixTime now)
    : store_(store), balance_(balance), now_(now) {}

game::Player& UnitOfWork::player(game::UserId id) {
  auto it = players_.find(id);
  if (it != players_.end()) return it->second.player;
  LoadedPlayer loaded;
  if (auto stored = store_.find_player(id)) {
    loaded.stored_nickname = stored->nickname;
    loaded.player = std::move(*stored);
  } else {
    loaded.player = game::new_player(id, now_, balance_);
    loaded.dirty = true;  // a new record is persisted even if nothing else changes
  }
  game::regenerate(loaded.player, now_, balance_);
  return players_.emplace(id, std::move(loaded)).first->second.player;
}

void UnitOfWork::changed(const game::Player& p) { players_.at(p.user_id).dirty = true; }

game::ChatMemberStats& UnitOfWork::chat_member(game::ChatId chat, game::UserId user) {
  auto key = std::make_pair(chat, user);
  auto it = members_.find(key);
  if (it != members_.end()) return it->second.now;
  auto loaded = store_.chat_member(chat, user);
  game::ChatMemberStats m = loaded ? *loaded : game::ChatMemberStats{chat, user, 0, 0, 0};
  return members_.emplace(key, LoadedMember{m, m, false}).first->second.now;
}

void UnitOfWork::changed(const game::ChatMemberStats& m) {
  members_.at({m.chat_id, m.user_id}).dirty = true;
}

void UnitOfWork::record_fight(const store::FightRecord& fight) { extra_.fights.push_back(fight); }

void UnitOfWork::register_chat(const store::ChatInfo& chat) { extra_.chats.push_back(chat); }

store::ChangeSet UnitOfWork::take_changes() {
  store::ChangeSet set = std::move(extra_);
  set.day = now_ / 86400;
  for (auto& [id, loaded] : players_) {
    if (!loaded.dirty) continue;
    if (loaded.stored_nickname == loaded.player.nickname) set.nickname_unchanged.push_back(id);
    set.players.push_back(std::move(loaded.player));
  }
  for (const auto& [key, m] : members_) {
    if (m.dirty) set.chat_members.push_back({m.before, m.now});
  }
  players_.clear();
  members_.clear();
  extra_ = {};
  return set;
}

}  // namespace bot

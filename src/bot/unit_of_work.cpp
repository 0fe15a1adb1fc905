#include "bot/unit_of_work.hpp"

#include "game/atmospheres.hpp"

namespace bot {

UnitOfWork::UnitOfWork(store::Store& store, const game::Balance& balance, game::UnixTime now)
    : store_(store), balance_(balance), now_(now) {}

game::Player& UnitOfWork::player(game::UserId id) {
  auto it = players_.find(id);
  if (it != players_.end()) return it->second;
  auto loaded = store_.find_player(id);
  bool created = !loaded;
  if (loaded) nickname_loaded_.emplace(id, loaded->nickname);
  game::Player p = loaded ? std::move(*loaded) : game::new_player(id, now_, balance_);
  game::regenerate(p, now_, balance_);
  player_dirty_[id] = created;  // a new record is persisted even if nothing else changes
  return players_.emplace(id, std::move(p)).first->second;
}

void UnitOfWork::changed(const game::Player& p) { player_dirty_[p.user_id] = true; }

game::ChatMemberStats& UnitOfWork::chat_member(game::ChatId chat, game::UserId user) {
  auto key = std::make_pair(chat, user);
  auto it = members_.find(key);
  if (it != members_.end()) return it->second;
  auto loaded = store_.chat_member(chat, user);
  game::ChatMemberStats m = loaded ? *loaded : game::ChatMemberStats{chat, user, 0, 0, 0};
  members_before_.emplace(key, m);
  return members_.emplace(key, m).first->second;
}

void UnitOfWork::changed(const game::ChatMemberStats& m) {
  member_dirty_[{m.chat_id, m.user_id}] = true;
}

void UnitOfWork::record_fight(const store::FightRecord& fight) { extra_.fights.push_back(fight); }

void UnitOfWork::register_chat(const store::ChatInfo& chat) { extra_.chats.push_back(chat); }

store::ChangeSet UnitOfWork::changes() const {
  store::ChangeSet set = extra_;
  for (const auto& [id, p] : players_) {
    if (!player_dirty_.at(id)) continue;
    set.players.push_back(p);
    auto loaded = nickname_loaded_.find(id);
    if (loaded != nickname_loaded_.end() && loaded->second == p.nickname) {
      set.nickname_unchanged.push_back(id);
    }
  }
  for (const auto& [key, m] : members_) {
    auto dirty = member_dirty_.find(key);
    if (dirty != member_dirty_.end() && dirty->second) {
      set.chat_members.push_back({members_before_.at(key), m});
    }
  }
  return set;
}

}  // namespace bot

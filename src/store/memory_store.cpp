#include "store/memory_store.hpp"

#include <limits>

#include <algorithm>
#include <cmath>

#include "game/nickname.hpp"

namespace store {

std::optional<game::Player> MemoryStore::find_player(UserId id) {
  auto it = players_.find(id);
  if (it == players_.end()) return std::nullopt;
  return it->second;
}

std::optional<UserId> MemoryStore::nickname_owner(std::string_view folded) {
  auto it = nickname_owners_.find(std::string(folded));
  if (it == nickname_owners_.end()) return std::nullopt;
  return it->second;
}

std::int64_t MemoryStore::player_count() { return static_cast<std::int64_t>(players_.size()); }

std::vector<game::Player> MemoryStore::top_players(game::TopKey key, int limit, UnixTime now,
                                                   const game::Balance& balance) {
  std::vector<game::Player> all;
  all.reserve(players_.size());
  for (const auto& [id, p] : players_) all.push_back(p);
  auto before = [&](const game::Player& a, const game::Player& b) {
    return game::ranks_before(a, b, key, now, balance);
  };
  auto n = std::min<std::size_t>(all.size(), static_cast<std::size_t>(std::max(limit, 0)));
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), before);
  all.resize(n);
  return all;
}

std::optional<std::int64_t> MemoryStore::player_rank(UserId id, game::TopKey key, UnixTime now,
                                                     const game::Balance& balance) {
  auto it = players_.find(id);
  if (it == players_.end()) return std::nullopt;
  std::int64_t ahead = 0;
  for (const auto& [other_id, p] : players_) {
    if (game::ranks_before(p, it->second, key, now, balance)) ++ahead;
  }
  if (ahead >= kRankedPlaces) return std::nullopt;
  return ahead + 1;
}

std::vector<NearbyPlayer> MemoryStore::players_near(double gofra_mm, UserId exclude, int limit) {
  std::vector<NearbyPlayer> others;
  for (const auto& [id, p] : players_) {
    if (id != exclude) others.push_back({id, p.gofra_mm});
  }
  auto closer = [&](const NearbyPlayer& a, const NearbyPlayer& b) {
    return nearer(a, b, gofra_mm);
  };
  auto n = std::min<std::size_t>(others.size(), static_cast<std::size_t>(std::max(limit, 0)));
  std::partial_sort(others.begin(), others.begin() + static_cast<std::ptrdiff_t>(n), others.end(),
                    closer);
  others.resize(n);
  return others;
}

std::int64_t MemoryStore::fights_since(UserId id, UnixTime since) {
  return std::count_if(fights_.begin(), fights_.end(), [&](const FightRecord& f) {
    return (f.winner_id == id || f.loser_id == id) && f.created_at > since;
  });
}

FightStats MemoryStore::fight_stats(UserId id) {
  FightStats s;
  for (const auto& f : fights_) {
    if (f.winner_id == id) ++s.wins;
    if (f.loser_id == id) ++s.losses;
    if (f.winner_id == id || f.loser_id == id) ++s.total;
  }
  return s;
}

std::vector<FightTopRow> MemoryStore::fight_top(int limit) {
  std::unordered_map<UserId, FightTopRow> rows;
  for (const auto& f : fights_) {
    rows[f.winner_id].wins++;
    rows[f.loser_id].losses++;
  }
  std::vector<FightTopRow> result;
  for (auto& [id, row] : rows) {
    if (row.wins == 0) continue;
    auto p = players_.find(id);
    if (p == players_.end()) continue;
    row.player = p->second;
    result.push_back(row);
  }
  // Win rates compared by cross-multiplication: exact, no floating point ties.
  std::sort(result.begin(), result.end(), [](const FightTopRow& a, const FightTopRow& b) {
    if (a.wins != b.wins) return a.wins > b.wins;
    auto lhs = a.wins * (b.wins + b.losses);
    auto rhs = b.wins * (a.wins + a.losses);
    if (lhs != rhs) return lhs > rhs;
    return a.player.user_id < b.player.user_id;
  });
  if (result.size() > static_cast<std::size_t>(std::max(limit, 0))) {
    result.resize(static_cast<std::size_t>(limit));
  }
  return result;
}

std::optional<ChatInfo> MemoryStore::find_chat(ChatId id) {
  auto it = chats_.find(id);
  if (it == chats_.end()) return std::nullopt;
  return it->second;
}

std::optional<game::ChatMemberStats> MemoryStore::chat_member(ChatId chat, UserId user) {
  auto c = chat_members_.find(chat);
  if (c == chat_members_.end()) return std::nullopt;
  auto m = c->second.find(user);
  if (m == c->second.end()) return std::nullopt;
  return m->second;
}

std::vector<game::ChatMemberStats> MemoryStore::sorted_members(ChatId chat) const {
  std::vector<game::ChatMemberStats> members;
  auto c = chat_members_.find(chat);
  if (c == chat_members_.end()) return members;
  for (const auto& [id, m] : c->second) members.push_back(m);
  std::sort(members.begin(), members.end(), game::chat_ranks_before);
  return members;
}

std::vector<ChatRankRow> MemoryStore::chat_ranking(ChatId chat, int offset, int limit) {
  auto members = sorted_members(chat);
  std::vector<ChatRankRow> rows;
  for (std::size_t i = static_cast<std::size_t>(std::max(offset, 0));
       i < members.size() && rows.size() < static_cast<std::size_t>(std::max(limit, 0)); ++i) {
    auto p = players_.find(members[i].user_id);
    rows.push_back({members[i],
                    p != players_.end() ? p->second.nickname
                                        : game::default_nickname(members[i].user_id),
                    static_cast<std::int64_t>(i) + 1});
  }
  return rows;
}

std::optional<std::int64_t> MemoryStore::chat_rank(ChatId chat, UserId user) {
  auto members = sorted_members(chat);
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].user_id == user) return static_cast<std::int64_t>(i) + 1;
  }
  return std::nullopt;
}

game::ChatAggregate MemoryStore::chat_aggregate(ChatId chat, UnixTime now,
                                                const game::Balance& balance) {
  return game::aggregate(sorted_members(chat), now, balance);
}

struct MemoryStore::Snapshot {
  std::unordered_map<UserId, game::Player> players;
  std::unordered_map<std::string, UserId> nickname_owners;
  std::size_t fights = 0;
  std::unordered_map<ChatId, ChatInfo> chats;
  std::unordered_map<ChatId, std::map<UserId, game::ChatMemberStats>> chat_members;
  std::set<std::int64_t> processed_updates;
  std::map<std::int64_t, std::string> outbox;
  AdminData admin;
};

MemoryStore::MemoryStore() = default;
MemoryStore::~MemoryStore() = default;

void MemoryStore::begin() {
  snapshot_ = std::make_unique<Snapshot>(Snapshot{players_, nickname_owners_, fights_.size(),
                                                  chats_, chat_members_, processed_updates_,
                                                  outbox_, admin_});
}

void MemoryStore::commit() { snapshot_.reset(); }

void MemoryStore::rollback() {
  if (!snapshot_) return;
  players_ = std::move(snapshot_->players);
  nickname_owners_ = std::move(snapshot_->nickname_owners);
  fights_.resize(snapshot_->fights);
  chats_ = std::move(snapshot_->chats);
  chat_members_ = std::move(snapshot_->chat_members);
  processed_updates_ = std::move(snapshot_->processed_updates);
  outbox_ = std::move(snapshot_->outbox);
  admin_ = std::move(snapshot_->admin);
  snapshot_.reset();
}

bool MemoryStore::update_processed(std::int64_t update_id) {
  return processed_updates_.contains(update_id);
}

std::vector<OutboxRow> MemoryStore::pending_outbox(int limit) {
  std::vector<OutboxRow> rows;
  for (const auto& [update_id, payload] : outbox_) {
    if (rows.size() >= static_cast<std::size_t>(std::max(limit, 0))) break;
    rows.push_back({update_id, payload});
  }
  return rows;
}

void MemoryStore::remove_outbox(std::span<const std::int64_t> update_ids) {
  for (auto id : update_ids) outbox_.erase(id);
}

void MemoryStore::apply(const ChangeSet& changes) {
  // Check every constraint before touching anything, so a refused change set changes nothing.
  if (changes.update_id && processed_updates_.contains(*changes.update_id)) {
    throw AlreadyProcessed();
  }
  for (const auto& p : changes.players) {
    auto it = players_.find(p.user_id);
    std::int64_t stored_version = it != players_.end() ? it->second.version : 0;
    if (stored_version != p.version) throw VersionConflict(p.user_id);
    auto owner = nickname_owner(game::fold_nickname(p.nickname));
    if (owner && *owner != p.user_id) throw NicknameTaken();
  }
  for (const auto& p : changes.players) {
    auto it = players_.find(p.user_id);
    if (it != players_.end()) nickname_owners_.erase(game::fold_nickname(it->second.nickname));
    game::Player stored = p;
    stored.version = p.version + 1;
    nickname_owners_[game::fold_nickname(stored.nickname)] = stored.user_id;
    players_[p.user_id] = std::move(stored);
  }
  fights_.insert(fights_.end(), changes.fights.begin(), changes.fights.end());
  for (const auto& c : changes.chats) {
    auto it = chats_.find(c.chat_id);
    ChatInfo row = c;
    if (it != chats_.end()) row.created_at = it->second.created_at;
    chats_[c.chat_id] = row;
  }
  for (const auto& change : changes.chat_members) {
    // The difference, as the SQL engines write it.
    auto& row = chat_members_[change.after.chat_id][change.after.user_id];
    row.chat_id = change.after.chat_id;
    row.user_id = change.after.user_id;
    row.total_zmiy_grams += change.after.total_zmiy_grams - change.before.total_zmiy_grams;
    row.total_davki += change.after.total_davki - change.before.total_davki;
    row.last_davka_at = std::max(row.last_davka_at, change.after.last_davka_at);
  }
  if (changes.update_id) {
    processed_updates_.insert(*changes.update_id);
    if (changes.reply) outbox_[*changes.update_id] = *changes.reply;
  }
  for (const auto& c : changes.contacts) {
    auto& row = admin_.contacts[c.user_id];
    row.user_id = c.user_id;
    row.username = c.username;
    row.private_chat = row.private_chat || c.private_chat;
    if (c.private_chat) admin_.blocked.erase(c.user_id);
  }
  if (const auto* admin = changes.admin_changes()) apply_admin(*admin);
  if (changes.davkas > 0 || !changes.fights.empty()) {
    auto& d = admin_.daily[changes.day];
    d.davkas += changes.davkas;
    d.fights += static_cast<std::int64_t>(changes.fights.size());
  }
}

void MemoryStore::apply_admin(const AdminChanges& a) {
  if (a.new_broadcast) {
    auto b = *a.new_broadcast;
    b.id = admin_.broadcasts.empty() ? 1 : admin_.broadcasts.rbegin()->first + 1;
    b.state = "running";
    admin_.broadcasts[b.id] = b;
  }
  if (const auto& p = a.broadcast_progress) {
    if (auto it = admin_.broadcasts.find(p->id); it != admin_.broadcasts.end()) {
      auto& b = it->second;
      b.cursor = p->cursor;
      b.launched = p->launched;
      b.sent = p->sent;
      b.failed = p->failed;
      b.blocked = p->blocked;
      b.in_doubt = p->in_doubt;
      b.progress_message = p->progress_message;
    }
  }
  if (const auto& end = a.broadcast_end) {
    if (auto it = admin_.broadcasts.find(end->first);
        it != admin_.broadcasts.end() && it->second.state == "running") {
      it->second.state = end->second;
    }
  }
  for (auto id : a.blocked) admin_.blocked.insert(id);
  for (const auto& b : a.bans) {
    if (b.banned) {
      admin_.bans.insert(b.user_id);
    } else {
      admin_.bans.erase(b.user_id);
    }
  }
  for (const auto& s : a.bot_states) admin_.states[s.key] = s.value;
  admin_.audit.insert(admin_.audit.end(), a.audit.begin(), a.audit.end());
}

std::vector<UserId> MemoryStore::banned_users() { return {admin_.bans.begin(), admin_.bans.end()}; }

std::map<std::string, std::string> MemoryStore::bot_states() { return admin_.states; }

std::vector<AuditEntry> MemoryStore::audit_log(int limit) {
  std::vector<AuditEntry> newest(admin_.audit.rbegin(), admin_.audit.rend());
  if (newest.size() > static_cast<std::size_t>(std::max(limit, 0))) newest.resize(static_cast<std::size_t>(limit));
  return newest;
}

DailyCounts MemoryStore::daily_counts(std::int64_t day) {
  auto it = admin_.daily.find(day);
  return it == admin_.daily.end() ? DailyCounts{} : it->second;
}

std::optional<UserId> MemoryStore::user_by_username(std::string_view username) {
  for (const auto& [id, c] : admin_.contacts) {
    if (!username.empty() && c.username == username) return id;
  }
  return std::nullopt;
}

DatabaseStats MemoryStore::database_stats() {
  DatabaseStats stats;
  stats.rows = {{"users", static_cast<std::int64_t>(players_.size())},
                {"rademka_fights", static_cast<std::int64_t>(fights_.size())},
                {"chats", static_cast<std::int64_t>(chats_.size())},
                {"processed_updates", static_cast<std::int64_t>(processed_updates_.size())},
                {"bans", static_cast<std::int64_t>(admin_.bans.size())},
                {"admin_audit", static_cast<std::int64_t>(admin_.audit.size())}};
  return stats;
}

std::optional<BroadcastRecord> MemoryStore::running_broadcast() {
  for (const auto& [id, b] : admin_.broadcasts) {
    if (b.state == "running") return b;
  }
  return std::nullopt;
}

std::optional<BroadcastRecord> MemoryStore::broadcast(std::int64_t id) {
  auto it = admin_.broadcasts.find(id);
  if (it == admin_.broadcasts.end()) return std::nullopt;
  return it->second;
}

std::vector<UserId> MemoryStore::broadcast_recipients(UserId after, UserId up_to, int limit) {
  std::vector<UserId> ids;
  for (auto it = admin_.contacts.upper_bound(after); it != admin_.contacts.end(); ++it) {
    if (up_to != 0 && it->first > up_to) break;
    if (static_cast<int>(ids.size()) >= limit) break;
    if (it->second.private_chat && !admin_.blocked.contains(it->first)) ids.push_back(it->first);
  }
  return ids;
}

std::int64_t MemoryStore::count_recipients(UserId after, UserId up_to) {
  return static_cast<std::int64_t>(
      broadcast_recipients(after, up_to, std::numeric_limits<int>::max()).size());
}

bool MemoryStore::claim_broadcast(std::int64_t id, std::string_view owner, UnixTime now,
                                  UnixTime until) {
  auto it = admin_.broadcasts.find(id);
  if (it == admin_.broadcasts.end() || it->second.state != "running") return false;
  auto& lease = admin_.leases[id];
  if (lease.first != owner && lease.second >= now) return false;
  lease = {std::string(owner), until};
  return true;
}

bool MemoryStore::private_contact(UserId id) const {
  auto it = admin_.contacts.find(id);
  return it != admin_.contacts.end() && it->second.private_chat;
}

}  // namespace store

#include "store/sql/set_writes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "game/atmospheres.hpp"
#include "game/nickname.hpp"
#include "store/sql/array_text.hpp"
#include "store/sql/player_row.hpp"
#include "store/sql/queries.hpp"

namespace store::sql {
namespace {

using namespace queries;

// Columns of one statement, filled row by row.
template <std::size_t N>
struct Columns {
  std::array<ArrayText, N> column;
  Statement statement(std::string_view sql) {
    Statement s{sql, {}};
    s.params.reserve(N);
    for (auto& c : column) s.params.push_back(c.take());
    return s;
  }
};

std::int64_t flag(bool b) { return b ? 1 : 0; }

}  // namespace

bool SetWrites::add(const ChangeSet& changes, const game::Balance& balance, std::int64_t now) {
  // Rare, and a take must be checked row by row: written alone.
  if (changes.admin_changes() || !changes.conversation.empty()) return false;
  if (changes.update_id && update_ids_.contains(*changes.update_id)) return false;
  for (const auto& p : changes.players) {
    auto it = players_.find(p.user_id);
    if (it != players_.end() && p.version != it->second.base_version + it->second.writes) {
      return false;
    }
  }
  if (changes.update_id) {
    processed_.push_back({*changes.update_id, now, changes.reply});
    update_ids_.insert(*changes.update_id);
  }
  for (const auto& p : changes.players) {
    auto [it, inserted] = players_.try_emplace(p.user_id, PlayerRow{p, p.version, 0, 0, 0});
    auto& row = it->second;
    if (!inserted) row.last = p;
    ++row.writes;
    // As the change set's own statement would have stored them, under the balance of now.
    row.max_atm = balance.atm_max;
    row.atm_full_at = game::atm_full_at(p, balance);
  }
  for (const auto& f : changes.fights) {
    fights_.push_back(f);
    ++pvp_[f.winner_id].wins;
    ++pvp_[f.loser_id].losses;
  }
  for (const auto& c : changes.chats) {
    auto [it, inserted] = chats_.try_emplace(c.chat_id, c);
    if (!inserted) {  // created_at stays the first one's, as the upsert keeps it
      const auto created_at = it->second.created_at;
      it->second = c;
      it->second.created_at = created_at;
    }
  }
  for (const auto& m : changes.chat_members) {
    auto& d = members_[MemberKey{m.after.chat_id, m.after.user_id}];
    d.zmiy += m.after.total_zmiy_grams - m.before.total_zmiy_grams;
    d.davki += m.after.total_davki - m.before.total_davki;
    d.last_davka_at = std::max(d.last_davka_at, m.after.last_davka_at);
  }
  for (const auto& c : changes.contacts) {
    auto [it, inserted] = contacts_.try_emplace(c.user_id, c);
    if (!inserted) {  // the last username; a private chat once seen stays
      it->second.username = c.username;
      it->second.private_chat = it->second.private_chat || c.private_chat;
    }
  }
  return true;
}

bool SetWrites::empty() const {
  return processed_.empty() && players_.empty() && fights_.empty() && chats_.empty() &&
         members_.empty() && contacts_.empty();
}

void SetWrites::clear() {
  processed_.clear();
  update_ids_.clear();
  players_.clear();
  fights_.clear();
  pvp_.clear();
  chats_.clear();
  members_.clear();
  contacts_.clear();
}

SetWrites::Plan SetWrites::plan() const {
  Plan plan;
  const auto add = [&](Statement s, std::int64_t expected) {
    plan.statements.push_back(std::move(s));
    plan.expected.push_back(expected);
  };
  if (!processed_.empty()) {
    Columns<3> c;
    for (const auto& r : processed_) {
      c.column[0].add(r.update_id);
      c.column[1].add(r.processed_at);
      if (r.reply) {
        c.column[2].add(*r.reply);
      } else {
        c.column[2].add_null();
      }
    }
    add(c.statement(kBatchMarkProcessed), static_cast<std::int64_t>(processed_.size()));
  }
  std::vector<const PlayerRow*> rows;
  rows.reserve(players_.size());
  for (const auto& [id, row] : players_) rows.push_back(&row);
  std::sort(rows.begin(), rows.end(), [](const PlayerRow* a, const PlayerRow* b) {
    return a->last.user_id < b->last.user_id;
  });
  // The columns after the key (and, for updates, the version and the count of writes).
  const auto add_state = [](auto& column, std::size_t first, const PlayerRow& row) {
    const auto& p = row.last;
    column[first + 0].add(std::string_view(p.nickname));
    column[first + 1].add(std::string_view(game::fold_nickname(p.nickname)));
    std::size_t next = first + 2;
    emit_player_state(p, row.max_atm, row.atm_full_at, [&](auto v) { column[next++].add(v); });
  };
  Columns<18> inserts;
  Columns<19> updates;
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  for (const auto* row : rows) {
    if (row->base_version == 0) {
      inserts.column[0].add(row->last.user_id);
      add_state(inserts.column, 1, *row);
      inserts.column[17].add(row->writes);
      ++inserted;
    } else {
      updates.column[0].add(row->last.user_id);
      updates.column[1].add(row->base_version);
      updates.column[2].add(row->writes);
      add_state(updates.column, 3, *row);
      ++updated;
    }
  }
  if (inserted > 0) add(inserts.statement(kBatchInsertPlayers), inserted);
  if (updated > 0) add(updates.statement(kBatchUpdatePlayers), updated);
  if (!fights_.empty()) {
    Columns<3> f;
    for (const auto& fight : fights_) {
      f.column[0].add(fight.winner_id);
      f.column[1].add(fight.loser_id);
      f.column[2].add(fight.created_at);
    }
    add(f.statement(kBatchInsertFights), -1);
    Columns<3> counts;
    for (const auto& [id, c] : pvp_) {
      counts.column[0].add(id);
      counts.column[1].add(c.wins);
      counts.column[2].add(c.losses);
    }
    add(counts.statement(kBatchCountFights), -1);
  }
  if (!chats_.empty()) {
    Columns<6> c;
    for (const auto& [id, chat] : chats_) {
      c.column[0].add(id);
      c.column[1].add(std::string_view(chat.title));
      c.column[2].add(std::string_view(chat.type));
      c.column[3].add(flag(chat.is_active));
      c.column[4].add(chat.created_at);
      c.column[5].add(chat.last_activity);
    }
    add(c.statement(kBatchUpsertChats), -1);
  }
  if (!members_.empty()) {
    Columns<5> c;
    for (const auto& [key, d] : members_) {
      c.column[0].add(key.chat);
      c.column[1].add(key.user);
      c.column[2].add(d.zmiy);
      c.column[3].add(d.davki);
      c.column[4].add(d.last_davka_at);
    }
    add(c.statement(kBatchAddChatStats), -1);
  }
  if (!contacts_.empty()) {
    Columns<3> c;
    for (const auto& [id, contact] : contacts_) {
      c.column[0].add(id);
      c.column[1].add(std::string_view(contact.username));
      c.column[2].add(flag(contact.private_chat));
    }
    add(c.statement(kBatchUpsertContacts), -1);
  }
  return plan;
}

}  // namespace store::sql

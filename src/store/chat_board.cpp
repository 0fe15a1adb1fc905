#include "store/chat_board.hpp"

#include <algorithm>

namespace store {

namespace {

// What the store shows for a member: the stored nickname, or the default one (D-15).
std::string shown_nickname(UserId user, const std::string& nickname) {
  return nickname.empty() ? game::default_nickname(user) : nickname;
}

}  // namespace

ChatBoard::ChatBoard(const std::vector<ChatRankRow>& rows) {
  rows_.reserve(rows.size());
  for (const auto& row : rows) {
    rows_.push_back(row.stats);
    nicknames_.emplace(row.stats.user_id, row.nickname);
  }
}

std::size_t ChatBoard::position(UserId user) const {
  return static_cast<std::size_t>(
      std::find_if(rows_.begin(), rows_.end(),
                   [user](const game::ChatMemberStats& m) { return m.user_id == user; }) -
      rows_.begin());
}

std::vector<ChatRankRow> ChatBoard::ranking(int offset, int limit) const {
  std::vector<ChatRankRow> out;
  const auto first = std::min(static_cast<std::size_t>(std::max(offset, 0)), rows_.size());
  const auto last = std::min(first + static_cast<std::size_t>(std::max(limit, 0)), rows_.size());
  out.reserve(last - first);
  for (auto i = first; i < last; ++i) {
    out.push_back({rows_[i], nicknames_.at(rows_[i].user_id), static_cast<std::int64_t>(i) + 1});
  }
  return out;
}

std::optional<std::int64_t> ChatBoard::rank(UserId user) const {
  const auto at = position(user);
  if (at == rows_.size()) return std::nullopt;
  return static_cast<std::int64_t>(at) + 1;
}

std::optional<game::ChatMemberStats> ChatBoard::member(UserId user) const {
  const auto at = position(user);
  if (at == rows_.size()) return std::nullopt;
  return rows_[at];
}

bool ChatBoard::add(const ChatMemberChange& change, const std::string* nickname) {
  const auto& after = change.after;
  auto at = position(after.user_id);
  game::ChatMemberStats row{after.chat_id, after.user_id, 0, 0, 0};
  if (at < rows_.size()) {
    row = rows_[at];
    rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(at));
  } else {
    if (nickname == nullptr) return false;
    nicknames_[after.user_id] = shown_nickname(after.user_id, *nickname);
  }
  // The same arithmetic as the store's increment (kAddChatStats), so both agree exactly.
  row.total_zmiy_grams += after.total_zmiy_grams - change.before.total_zmiy_grams;
  row.total_davki += after.total_davki - change.before.total_davki;
  row.last_davka_at = std::max(row.last_davka_at, after.last_davka_at);
  rows_.insert(std::upper_bound(rows_.begin(), rows_.end(), row, game::chat_ranks_before), row);
  return true;
}

void ChatBoard::rename(UserId user, const std::string& nickname) {
  auto it = nicknames_.find(user);
  if (it != nicknames_.end()) it->second = shown_nickname(user, nickname);
}

}  // namespace store

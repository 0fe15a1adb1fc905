#include "store/leaderboard.hpp"

#include <algorithm>

namespace store {

void Leaderboard::load(std::vector<game::Player> rows, std::size_t capacity, game::UnixTime now,
                       Clock::time_point loaded_at, const game::Balance& balance) {
  balance_ = balance;
  rows_ = std::move(rows);
  members_.clear();
  for (const auto& p : rows_) members_.insert(p.user_id);
  capacity_ = capacity;
  complete_ = rows_.size() < capacity;
  sorted_at_ = now;
  loaded_now_ = now;
  loaded_at_ = loaded_at;
  loaded_ = true;
}

bool Leaderboard::fresh(game::UnixTime now, Clock::time_point at,
                        std::chrono::milliseconds max_age, const game::Balance& balance) const {
  if (!loaded_ || at - loaded_at_ >= max_age || !(balance == balance_)) return false;
  if (key_ != game::TopKey::kAtm) return true;
  const auto drift = std::chrono::seconds(now >= loaded_now_ ? now - loaded_now_ : loaded_now_ - now);
  return drift < max_age;
}

bool Leaderboard::before(const game::Player& a, const game::Player& b) const {
  return game::ranks_before(a, b, key_, sorted_at_, balance_);
}

void Leaderboard::sort_at(game::UnixTime now) {
  if (key_ != game::TopKey::kAtm || now == sorted_at_) return;
  sorted_at_ = now;
  std::stable_sort(rows_.begin(), rows_.end(),
                   [&](const game::Player& a, const game::Player& b) { return before(a, b); });
}

std::vector<game::Player> Leaderboard::top(int limit, game::UnixTime now) {
  sort_at(now);
  const auto n = std::min(static_cast<std::size_t>(std::max(limit, 0)), rows_.size());
  return std::vector<game::Player>(rows_.begin(), rows_.begin() + static_cast<std::ptrdiff_t>(n));
}

std::optional<std::int64_t> Leaderboard::position(game::UserId id, game::UnixTime now) {
  sort_at(now);  // first: the order's time moves on as before, asked about anyone
  if (!members_.contains(id)) return std::nullopt;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].user_id == id) return static_cast<std::int64_t>(i) + 1;
  }
  return std::nullopt;
}

void Leaderboard::on_write(const game::Player& player) {
  if (!loaded_) return;
  if (members_.contains(player.user_id)) {
    auto old = std::find_if(rows_.begin(), rows_.end(),
                            [&](const game::Player& p) { return p.user_id == player.user_id; });
    if (old != rows_.end()) {
      // Another process's row that crossed a newer one (CachedStore::refresh): keep the newer.
      if (old->version > player.version) return;
      rows_.erase(old);
    }
    members_.erase(player.user_id);
  }
  // Outside a complete head, a player ranking after the last row kept may rank after
  // players the head does not hold: it stays out.
  if (!complete_ && (rows_.empty() || !before(player, rows_.back()))) return;
  auto at = std::upper_bound(rows_.begin(), rows_.end(), player,
                             [&](const game::Player& a, const game::Player& b) {
                               return before(a, b);
                             });
  rows_.insert(at, player);
  members_.insert(player.user_id);
  if (rows_.size() > capacity_) {
    members_.erase(rows_.back().user_id);
    rows_.pop_back();
    complete_ = false;
  }
}

}  // namespace store

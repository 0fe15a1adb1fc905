#include "store/cached_store.hpp"

#include <algorithm>

namespace store {

namespace {

constexpr auto kHeadSize = static_cast<std::size_t>(kRankedPlaces);

}  // namespace

CachedStore::CachedStore(Store& inner, std::size_t capacity,
                         std::chrono::milliseconds leaderboard_max_age)
    : inner_(inner),
      capacity_(capacity > 0 ? capacity : 1),
      leaderboard_max_age_(leaderboard_max_age) {
  for (auto key : game::kTopKeys) boards_.emplace_back(key);
}

void CachedStore::clear() {
  lru_.clear();
  entries_.clear();
  forget_rankings();
}

void CachedStore::forget_rankings() {
  for (auto& b : boards_) b.invalidate();
  player_count_.reset();
}

std::int64_t CachedStore::player_count() {
  const auto at = Leaderboard::Clock::now();
  if (!player_count_ || at - player_count_at_ >= leaderboard_max_age_) {
    player_count_ = inner_.player_count();
    player_count_at_ = at;
  }
  return *player_count_;
}

Leaderboard& CachedStore::board(game::TopKey key, UnixTime now, const game::Balance& balance,
                                std::size_t rows) {
  auto& b = boards_.at(static_cast<std::size_t>(key));
  // Writes that pushed players out of the head can leave it holding fewer rows than asked.
  if (!b.fresh(now, Leaderboard::Clock::now(), leaderboard_max_age_, balance) || !b.holds(rows)) {
    b.load(inner_.top_players(key, kRankedPlaces, now, balance), kHeadSize, now,
           Leaderboard::Clock::now(), balance);
  }
  return b;
}

std::vector<game::Player> CachedStore::top_players(game::TopKey key, int limit, UnixTime now,
                                                   const game::Balance& balance) {
  if (limit > kRankedPlaces) return inner_.top_players(key, limit, now, balance);
  const auto rows = static_cast<std::size_t>(std::max(limit, 0));
  return board(key, now, balance, rows).top(limit, now);
}

std::optional<std::int64_t> CachedStore::player_rank(UserId id, game::TopKey key, UnixTime now,
                                                     const game::Balance& balance) {
  return board(key, now, balance, kHeadSize).position(id, now);
}

std::optional<game::Player> CachedStore::find_player(UserId id) {
  auto it = entries_.find(id);
  if (it != entries_.end()) {
    ++counters_.hits;
    lru_.splice(lru_.begin(), lru_, it->second);
    return *it->second;
  }
  ++counters_.misses;
  auto loaded = inner_.find_player(id);
  if (loaded) put(*loaded);
  return loaded;
}

void CachedStore::put(const game::Player& p) {
  auto it = entries_.find(p.user_id);
  if (it != entries_.end()) {
    *it->second = p;
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.push_front(p);
  entries_[p.user_id] = lru_.begin();
  // Entries written in the open batch are not durable yet, but evicting one is safe:
  // the store's transaction holds the write and a reload reads it back.
  while (entries_.size() > capacity_) {
    entries_.erase(lru_.back().user_id);
    lru_.pop_back();
    ++counters_.evictions;
  }
}

void CachedStore::evict(UserId id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  lru_.erase(it->second);
  entries_.erase(it);
}

void CachedStore::begin() {
  touched_in_batch_.clear();
  batch_updates_.clear();
  inner_.begin();
}

void CachedStore::apply(const ChangeSet& changes) {
  try {
    inner_.apply(changes);
  } catch (const VersionConflict& conflict) {
    evict(conflict.user_id);  // the retry reloads the newer version
    forget_rankings();        // another process writes players: read the heads again
    throw;
  }
  for (const auto& p : changes.players) {
    game::Player stored = p;
    stored.version = p.version + 1;
    put(stored);
    touched_in_batch_.insert(p.user_id);
    for (auto& b : boards_) b.on_write(stored);
    if (p.version == 0 && player_count_) ++*player_count_;
  }
  if (changes.update_id) {
    batch_updates_.insert(*changes.update_id);
  }
}

void CachedStore::commit() {
  inner_.commit();
  for (auto id : batch_updates_) highest_update_seen_ = std::max(highest_update_seen_, id);
  touched_in_batch_.clear();
  batch_updates_.clear();
}

void CachedStore::rollback() {
  for (auto id : touched_in_batch_) evict(id);
  if (!touched_in_batch_.empty()) forget_rankings();
  touched_in_batch_.clear();
  batch_updates_.clear();
  inner_.rollback();
}

bool CachedStore::update_processed(std::int64_t update_id) {
  if (batch_updates_.contains(update_id)) return true;
  // Telegram numbers updates in increasing order: an id above every id this process has
  // committed is new, unless another process took it, which the store's key refuses.
  if (highest_update_seen_ >= 0 && update_id > highest_update_seen_) return false;
  bool processed = inner_.update_processed(update_id);
  if (highest_update_seen_ < 0 && !processed) highest_update_seen_ = update_id - 1;
  return processed;
}

}  // namespace store

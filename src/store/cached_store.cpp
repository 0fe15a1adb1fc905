#include "store/cached_store.hpp"

namespace store {

CachedStore::CachedStore(Store& inner, std::size_t capacity)
    : inner_(inner), capacity_(capacity > 0 ? capacity : 1) {}

void CachedStore::clear() {
  lru_.clear();
  entries_.clear();
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
    throw;
  }
  for (const auto& p : changes.players) {
    game::Player stored = p;
    stored.version = p.version + 1;
    put(stored);
    touched_in_batch_.insert(p.user_id);
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

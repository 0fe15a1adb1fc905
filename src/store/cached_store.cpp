#include "store/cached_store.hpp"

#include <algorithm>

namespace store {

namespace {

constexpr auto kHeadSize = static_cast<std::size_t>(kRankedPlaces);

}  // namespace

CachedStore::CachedStore(Store& inner, std::size_t capacity,
                         std::chrono::milliseconds leaderboard_max_age, std::size_t chat_rows)
    : inner_(inner),
      capacity_(capacity > 0 ? capacity : 1),
      leaderboard_max_age_(leaderboard_max_age),
      chat_rows_budget_(chat_rows) {
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
  chats_.clear();
}

const ChatBoard* CachedStore::chat_board(ChatId chat, bool load) {
  const auto at = std::chrono::steady_clock::now();
  auto it = chats_.find(chat);
  if (it != chats_.end() && at - it->second.read_at >= leaderboard_max_age_) {
    chats_.erase(it);
    it = chats_.end();
  }
  if (it == chats_.end()) {
    if (!load || leaderboard_max_age_.count() <= 0) return nullptr;
    const auto limit = static_cast<int>(kMaxChatBoardMembers) + 1;
    auto rows = inner_.chat_ranking(chat, 0, limit);
    KeptChat kept{std::nullopt, at, 0};
    if (rows.size() <= kMaxChatBoardMembers && rows.size() <= chat_rows_budget_) {
      kept.board.emplace(rows);
    }
    // Room for it: the least recently read chats go.
    std::size_t kept_rows = kept.board ? kept.board->size() : 0;
    for (const auto& [id, c] : chats_) kept_rows += c.board ? c.board->size() : 0;
    while (!chats_.empty() && (chats_.size() >= kMaxChatBoards || kept_rows > chat_rows_budget_)) {
      auto oldest = std::min_element(chats_.begin(), chats_.end(), [](const auto& a, const auto& b) {
        return a.second.last_used < b.second.last_used;
      });
      kept_rows -= oldest->second.board ? oldest->second.board->size() : 0;
      chats_.erase(oldest);
    }
    it = chats_.emplace(chat, std::move(kept)).first;
  }
  it->second.last_used = ++chat_reads_;
  return it->second.board ? &*it->second.board : nullptr;
}

std::optional<game::ChatMemberStats> CachedStore::chat_member(ChatId chat, UserId user) {
  // A davka reads the member before the rank it shows: a board already kept answers, but
  // reading the member alone does not load one.
  if (const auto* board = chat_board(chat, false)) return board->member(user);
  return inner_.chat_member(chat, user);
}

std::vector<ChatRankRow> CachedStore::chat_ranking(ChatId chat, int offset, int limit) {
  if (const auto* board = chat_board(chat, true)) return board->ranking(offset, limit);
  return inner_.chat_ranking(chat, offset, limit);
}

std::optional<std::int64_t> CachedStore::chat_rank(ChatId chat, UserId user) {
  if (const auto* board = chat_board(chat, true)) return board->rank(user);
  return inner_.chat_rank(chat, user);
}

game::ChatAggregate CachedStore::chat_aggregate(ChatId chat, UnixTime now,
                                                const game::Balance& balance) {
  if (const auto* board = chat_board(chat, true)) return board->aggregate(now, balance);
  return inner_.chat_aggregate(chat, now, balance);
}

// After the store applied `changes`: the kept boards follow, in the same arithmetic. A
// rollback forgets them all (a board read later in the batch holds its writes too).
void CachedStore::apply_to_chat_boards(const ChangeSet& changes) {
  if (!changes.chat_members.empty()) chats_touched_in_batch_ = true;
  if (record_commits_) {
    for (const auto& m : changes.chat_members) chats_in_batch_.insert(m.after.chat_id);
  }
  if (chats_.empty()) return;
  for (const auto& p : changes.players) {
    if (changes.keeps_nickname(p.user_id)) continue;
    // A player stored for the first time under the default nickname: a board shows that
    // name already for a member without a stored row (D-15). Most new players; looking
    // each up in every kept board cost ~1k instructions an update in the replay.
    if (p.version == 0 && game::is_default_nickname(p.nickname, p.user_id)) continue;
    for (auto& [chat, c] : chats_) {
      if (c.board) c.board->rename(p.user_id, p.nickname);
    }
  }
  for (const auto& m : changes.chat_members) {
    auto it = chats_.find(m.after.chat_id);
    if (it == chats_.end() || !it->second.board) continue;
    // A member new to the board: its nickname is that of the player written with it, or
    // of the cached player; unknown, the board is read again when next asked.
    const std::string* nickname = nullptr;
    for (const auto& p : changes.players) {
      if (p.user_id == m.after.user_id) nickname = &p.nickname;
    }
    if (nickname == nullptr) {
      auto cached = entries_.find(m.after.user_id);
      if (cached != entries_.end()) nickname = &cached->second->player.nickname;
    }
    if (!it->second.board->add(m, nickname)) chats_.erase(it);
  }
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
  if (it != entries_.end() &&
      (player_max_age_.count() == 0 ||
       std::chrono::steady_clock::now() - it->second->stored_at < player_max_age_)) {
    ++counters_.hits;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->player;
  }
  ++counters_.misses;
  auto loaded = inner_.find_player(id);
  if (loaded) put(*loaded);
  return loaded;
}

std::chrono::steady_clock::time_point CachedStore::stored_now() const {
  // The clock only matters with a maximum age (scale-out without the change feed).
  return player_max_age_.count() ? std::chrono::steady_clock::now()
                                 : std::chrono::steady_clock::time_point{};
}

void CachedStore::put(const game::Player& p) {
  const auto at = stored_now();
  auto it = entries_.find(p.user_id);
  if (it != entries_.end()) {
    *it->second = {p, at};
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.push_front({p, at});
  entries_[p.user_id] = lru_.begin();
  // Entries written in the open batch are not durable yet, but evicting one is safe:
  // the store's transaction holds the write and a reload reads it back.
  while (entries_.size() > capacity_) {
    entries_.erase(lru_.back().player.user_id);
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
  forget_batch();
  inner_.begin();
}

void CachedStore::begin_optimistic() {
  forget_batch();
  inner_.begin_optimistic();
}

void CachedStore::forget_batch() {
  touched_in_batch_.clear();
  chats_touched_in_batch_ = false;
  chats_in_batch_.clear();
  rows_in_batch_.clear();
  batch_updates_.clear();
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
    if (record_commits_) rows_in_batch_.push_back(stored);
    touched_in_batch_.insert(p.user_id);
    for (auto& b : boards_) b.on_write(stored);
    if (p.version == 0 && player_count_) ++*player_count_;
  }
  apply_to_chat_boards(changes);
  if (changes.update_id) {
    batch_updates_.insert(*changes.update_id);
  }
}

void CachedStore::commit() {
  inner_.commit();
  if (record_commits_) {
    committed_.players.insert(committed_.players.end(), rows_in_batch_.begin(),
                              rows_in_batch_.end());
    committed_.chats.insert(committed_.chats.end(), chats_in_batch_.begin(), chats_in_batch_.end());
  }
  for (auto id : batch_updates_) highest_update_seen_ = std::max(highest_update_seen_, id);
  forget_batch();
}

CommittedChanges CachedStore::take_committed() {
  CommittedChanges out;
  std::swap(out, committed_);
  return out;
}

void CachedStore::invalidate(std::span<const UserId> players, std::span<const ChatId> chats) {
  for (auto id : players) {
    if (entries_.contains(id)) ++counters_.invalidated;
    evict(id);
  }
  if (!players.empty()) {
    for (auto& b : boards_) b.invalidate();
    player_count_.reset();
  }
  for (auto chat : chats) chats_.erase(chat);
}

void CachedStore::refresh(std::span<const game::Player> rows) {
  bool created = false;
  for (const auto& row : rows) {
    auto it = entries_.find(row.user_id);
    if (it != entries_.end()) {
      if (it->second->player.version >= row.version) continue;  // as new here already
      put(row);
      ++counters_.refreshed;
    } else if (entries_.size() < capacity_) {
      // Kept as the least recently used while there is room: the player's next update may
      // come here, and then costs no read; a full cache keeps what its own updates read.
      lru_.push_back({row, stored_now()});
      entries_[row.user_id] = std::prev(lru_.end());
      ++counters_.refreshed;
    }
    for (auto& b : boards_) b.on_write(row);
    created = created || row.version == 1;
  }
  if (created) player_count_.reset();
}

void CachedStore::invalidate_everything() {
  counters_.invalidated += static_cast<std::int64_t>(entries_.size());
  clear();
}

void CachedStore::rollback() {
  for (auto id : touched_in_batch_) evict(id);
  if (!touched_in_batch_.empty() || chats_touched_in_batch_) forget_rankings();
  forget_batch();
  inner_.rollback();
}

void CachedStore::check_processed(std::span<const std::int64_t> update_ids) {
  // Only the ids update_processed would ask the store about.
  std::vector<std::int64_t> unknown;
  for (auto id : update_ids) {
    if (batch_updates_.contains(id)) continue;
    if (highest_update_seen_ >= 0 && id > highest_update_seen_) continue;
    unknown.push_back(id);
  }
  if (!unknown.empty()) inner_.check_processed(unknown);
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

#pragma once
// The player cache in front of a store: a warm player is read from memory, never from
// the database. Writes go through to the store inside its transaction and refresh the
// cache; a rolled-back batch evicts what it touched. Other processes may change a cached
// player (scale-out): the stale version then makes apply() throw VersionConflict, the
// entry is evicted, and the engine reloads and re-applies the action.
//
// Keeps the head of every leaderboard and the player count too (see Leaderboard), so a top
// screen costs no query while the head is fresh; and the whole ranking of the chats read
// lately (see ChatBoard), so the chat screens and a chat davka's place cost none either.
//
// Also remembers processed update ids: an id above every id seen needs no read (the
// store's primary key still refuses a duplicate from another process).
#include <chrono>
#include <cstdint>
#include <list>
#include <set>
#include <unordered_map>

#include "store/chat_board.hpp"
#include "store/leaderboard.hpp"
#include "store/store.hpp"

namespace store {

struct CacheCounters {
  std::int64_t hits = 0;
  std::int64_t misses = 0;
  std::int64_t evictions = 0;
  std::int64_t invalidated = 0;  // players dropped because another process changed them
  std::int64_t refreshed = 0;    // players kept or replaced from another process's row
};

// What committed batches changed (for the other replicas' caches: redis::ChangeFeed): the
// players as stored (their new versions), in commit order, and the chats whose members'
// stats changed.
struct CommittedChanges {
  std::vector<game::Player> players;
  std::vector<ChatId> chats;
  bool empty() const { return players.empty() && chats.empty(); }
};

class CachedStore final : public Store {
 public:
  // `leaderboard_max_age`: how long the head of each leaderboard and the player count are
  // served from memory before they are read again (0: never kept). They follow this
  // process's writes exactly; the age bounds what they miss: other processes' writes and
  // atmospheres regenerating.
  // `chat_rows`: how many chat member rows the kept chat rankings may hold in all (the
  // least recently read chats are dropped to stay below).
  CachedStore(Store& inner, std::size_t capacity,
              std::chrono::milliseconds leaderboard_max_age = kDefaultLeaderboardMaxAge,
              std::size_t chat_rows = kDefaultChatRows);

  static constexpr std::chrono::milliseconds kDefaultLeaderboardMaxAge{10'000};

  const CacheCounters& counters() const { return counters_; }

  // Scale-out: keep what every committed batch changed until take_committed() (off by
  // default: a process alone has nobody to tell).
  void record_commits(bool on) { record_commits_ = on; }
  CommittedChanges take_committed();
  // Another process changed these: they are read from the store again, and so are the
  // leaderboards' heads and the player count (a changed player may move in any of them)
  // and these chats' boards.
  void invalidate(std::span<const UserId> players, std::span<const ChatId> chats);
  // Another process committed these rows: a kept copy of an older version is replaced (no
  // read), a player not kept is kept while there is room (as the least recently used), the
  // leaderboards' heads follow them as they follow this process's writes, and the player
  // count is read again when one is new. Rows of a version this process has already (or
  // newer) change nothing: messages of two processes may cross.
  void refresh(std::span<const game::Player> rows);
  // Another process changed what is not known: everything is read again.
  void invalidate_everything();
  // How long a kept player is served before it is read again: zero (the default) keeps it
  // until it is evicted or invalidated. Replicas sharing a database without the change feed
  // (no Redis, or Redis away) set the leaderboards' age, which then bounds how late another
  // replica's change shows here too.
  void set_player_max_age(std::chrono::milliseconds age) { player_max_age_ = age; }
  std::size_t size() const { return entries_.size(); }
  std::size_t chat_boards() const { return chats_.size(); }
  void clear();

  std::optional<game::Player> find_player(UserId id) override;
  std::optional<UserId> nickname_owner(std::string_view folded) override {
    return inner_.nickname_owner(folded);
  }
  std::int64_t player_count() override;
  std::vector<game::Player> top_players(game::TopKey key, int limit, UnixTime now,
                                        const game::Balance& balance) override;
  std::optional<std::int64_t> player_rank(UserId id, game::TopKey key, UnixTime now,
                                          const game::Balance& balance) override;
  std::vector<NearbyPlayer> players_near(double gofra_mm, UserId exclude, int limit) override {
    return inner_.players_near(gofra_mm, exclude, limit);
  }
  std::int64_t fights_since(UserId id, UnixTime since) override {
    return inner_.fights_since(id, since);
  }
  FightStats fight_stats(UserId id) override { return inner_.fight_stats(id); }
  std::vector<FightTopRow> fight_top(int limit) override { return inner_.fight_top(limit); }
  std::optional<ChatInfo> find_chat(ChatId id) override { return inner_.find_chat(id); }
  std::optional<game::ChatMemberStats> chat_member(ChatId chat, UserId user) override;
  std::vector<ChatRankRow> chat_ranking(ChatId chat, int offset, int limit) override;
  std::optional<std::int64_t> chat_rank(ChatId chat, UserId user) override;
  game::ChatAggregate chat_aggregate(ChatId chat, UnixTime now,
                                     const game::Balance& balance) override;

  // Chats whose ranking is kept, the largest chat kept (a bigger one is read from the
  // store each time: a board is a copy of the whole chat), and the rows kept in all by
  // default (~130 bytes each with the nickname: ~13 MB).
  static constexpr std::size_t kMaxChatBoards = 256;
  static constexpr std::size_t kMaxChatBoardMembers = 10'000;
  static constexpr std::size_t kDefaultChatRows = 100'000;

  void begin() override;
  void begin_optimistic() override;
  void apply(const ChangeSet& changes) override;
  void commit() override;
  void rollback() override;
  bool update_processed(std::int64_t update_id) override;
  void check_processed(std::span<const std::int64_t> update_ids) override;
  std::vector<OutboxRow> pending_outbox(int limit) override { return inner_.pending_outbox(limit); }
  bool shares_conversation() const override { return inner_.shares_conversation(); }
  // Never cached: another process may have changed them since.
  std::vector<std::pair<ChatId, UserId>> nickname_prompts(
      std::span<const std::pair<ChatId, UserId>> keys, UnixTime now) override {
    return inner_.nickname_prompts(keys, now);
  }
  std::vector<StoredChallenge> challenges(std::span<const ChatId> chats, UnixTime now) override {
    return inner_.challenges(chats, now);
  }
  void remove_outbox(std::span<const std::int64_t> update_ids) override {
    inner_.remove_outbox(update_ids);
  }

 private:
  // The open batch's bookkeeping, cleared at its start.
  void forget_batch();
  void put(const game::Player& p);
  // An entry's stored_at for now (none without a maximum age: no clock read).
  std::chrono::steady_clock::time_point stored_now() const;
  void evict(UserId id);
  // The key's head holding at least its first `rows` rows, read again from the store when
  // it is too old or no longer holds them.
  Leaderboard& board(game::TopKey key, UnixTime now, const game::Balance& balance,
                     std::size_t rows);
  void forget_rankings();
  // The chat's board, read again from the store when missing or too old; null for a chat
  // too big to keep. `load`: false to use only a board already fresh.
  const ChatBoard* chat_board(ChatId chat, bool load);
  void apply_to_chat_boards(const ChangeSet& changes);

  Store& inner_;
  std::size_t capacity_;
  struct Entry {
    game::Player player;
    std::chrono::steady_clock::time_point stored_at;  // read or written
  };
  // A kept player older than this is read again (zero: kept until evicted or invalidated).
  std::chrono::milliseconds player_max_age_{0};
  std::list<Entry> lru_;  // front = most recently used
  std::unordered_map<UserId, std::list<Entry>::iterator> entries_;
  std::set<UserId> touched_in_batch_;
  std::set<std::int64_t> batch_updates_;  // ids applied in the open batch
  std::int64_t highest_update_seen_ = -1;  // -1: not known yet, ask the store
  std::chrono::milliseconds leaderboard_max_age_;
  std::vector<Leaderboard> boards_;  // indexed by game::TopKey
  std::optional<std::int64_t> player_count_;
  Leaderboard::Clock::time_point player_count_at_{};
  struct KeptChat {
    std::optional<ChatBoard> board;  // none: the chat is too big to keep
    std::chrono::steady_clock::time_point read_at;
    std::uint64_t last_used = 0;
  };
  std::unordered_map<ChatId, KeptChat> chats_;
  std::size_t chat_rows_budget_;
  std::uint64_t chat_reads_ = 0;
  bool chats_touched_in_batch_ = false;
  bool record_commits_ = false;
  std::set<ChatId> chats_in_batch_;  // with record_commits_
  std::vector<game::Player> rows_in_batch_;  // as stored, with record_commits_
  CommittedChanges committed_;
  CacheCounters counters_;
};

}  // namespace store

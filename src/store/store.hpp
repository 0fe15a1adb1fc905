#pragma once
// The storage interface (DESIGN.md §2): everything the game reads and writes.
// Reads see every change committed before them. Implementations: MemoryStore (tests,
// terminal play), SQLite and PostgreSQL (durable).
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "game/balance.hpp"
#include "game/tops.hpp"
#include "store/records.hpp"

namespace store {

// apply() refuses a player's nickname that another player holds (case-folded).
struct NicknameTaken : std::runtime_error {
  NicknameTaken() : std::runtime_error("nickname taken") {}
};

// apply() found the change set's update id already recorded: a redelivered update that
// another process (or an earlier run) processed. Nothing was applied.
struct AlreadyProcessed : std::runtime_error {
  AlreadyProcessed() : std::runtime_error("update already processed") {}
};

// apply() was cancelled because another process's transaction held what it needed
// (a deadlock between two batches, say). Nothing was applied; apply the update again in a
// later batch, after this one committed and released its locks.
struct Contention : std::runtime_error {
  Contention() : std::runtime_error("contention with another transaction") {}
};

// commit() of a batch begun with begin_optimistic() found that a change set would have been
// refused (a version conflict, an update already processed, a nickname taken, contention).
// Nothing of the batch is written; the caller rolls back and runs the batch again with
// begin(), where apply() refuses each such change set as it comes.
struct BatchConflict : std::runtime_error {
  BatchConflict() : std::runtime_error("a change set of the batch was refused at commit") {}
};

// apply() found a player stored with another version than the change was based on: another
// process changed it. The caller reloads the player and applies the action again.
struct VersionConflict : std::runtime_error {
  explicit VersionConflict(UserId id)
      : std::runtime_error("version conflict on player " + std::to_string(id)), user_id(id) {}
  UserId user_id;
};

// apply() found that a challenge it takes (ConversationWrite::kTake) is gone: another
// process took it, or it expired. Nothing was applied; the caller forgets the challenge and
// runs the update again.
struct ChallengeGone : std::runtime_error {
  explicit ChallengeGone(const StoredChallenge& c)
      : std::runtime_error("challenge taken elsewhere or expired"), challenge(c) {}
  StoredChallenge challenge;
};

// How far down a leaderboard a player's position is reported.
inline constexpr int kRankedPlaces = 100;

class Store {
 public:
  virtual ~Store() = default;

  // --- players -------------------------------------------------------------------------
  virtual std::optional<game::Player> find_player(UserId id) = 0;
  // Owner of a case-folded nickname (game::fold_nickname), if any.
  virtual std::optional<UserId> nickname_owner(std::string_view folded) = 0;
  virtual std::int64_t player_count() = 0;
  // Best `limit` players by `key` (exact value desc, user_id asc). kAtm is ranked by
  // atmospheres regenerated to `now`.
  virtual std::vector<game::Player> top_players(game::TopKey key, int limit, UnixTime now,
                                                const game::Balance& balance) = 0;
  // 1-based position of the player in that ranking when within the first kRankedPlaces;
  // nullopt for an unknown player or one ranked further down. Exact ranks further down
  // would cost a scan that grows with the position (no B-tree here counts in log time),
  // paid on the engine thread by every update behind it (docs/DECISIONS.md).
  virtual std::optional<std::int64_t> player_rank(UserId id, game::TopKey key, UnixTime now,
                                                  const game::Balance& balance) = 0;
  // Up to `limit` other players closest in gofra_mm (matchmaking, Appendix A decision 5).
  // Ids and lengths only: the caller loads the one it picks (through the player cache).
  virtual std::vector<NearbyPlayer> players_near(double gofra_mm, UserId exclude,
                                                 int limit) = 0;

  // --- fights --------------------------------------------------------------------------
  virtual std::int64_t fights_since(UserId id, UnixTime since) = 0;
  virtual FightStats fight_stats(UserId id) = 0;
  // Players with at least one win: wins desc, win rate desc, user_id asc.
  virtual std::vector<FightTopRow> fight_top(int limit) = 0;

  // --- chats ---------------------------------------------------------------------------
  virtual std::optional<ChatInfo> find_chat(ChatId id) = 0;
  virtual std::optional<game::ChatMemberStats> chat_member(ChatId chat, UserId user) = 0;
  // Rows [offset, offset+limit) of the chat ranking (total desc, user_id asc).
  virtual std::vector<ChatRankRow> chat_ranking(ChatId chat, int offset, int limit) = 0;
  // 1-based rank of the user in the chat; nullopt without a row.
  virtual std::optional<std::int64_t> chat_rank(ChatId chat, UserId user) = 0;
  virtual game::ChatAggregate chat_aggregate(ChatId chat, UnixTime now,
                                             const game::Balance& balance) = 0;

  // --- writes: group commit -------------------------------------------------------------
  // A batch is one transaction holding the changes of many updates (DESIGN.md §1). Reads
  // inside a batch see its applied changes. Nothing is durable before commit() returns.
  virtual void begin() = 0;
  // A batch whose change sets may be checked only at commit, all at once (PostgreSQL: a few
  // set-based statements instead of a round trip per change set). apply() then refuses
  // nothing, and commit() throws BatchConflict if it would have refused any. Reads inside
  // the batch still see its applied changes. Stores that check as they apply, as cheaply,
  // begin an ordinary batch.
  virtual void begin_optimistic() { begin(); }
  // Applies one update's changes inside the batch, all or nothing: on NicknameTaken,
  // VersionConflict or a database error the batch stays usable without them.
  // Player versions are bumped.
  virtual void apply(const ChangeSet& changes) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

  // Whether an update id was already applied (its changes committed, or applied in the
  // open batch): a redelivered update must change nothing.
  virtual bool update_processed(std::int64_t update_id) = 0;
  // Inside a batch, before its updates run: the store may look these ids up at once (one
  // round trip on PostgreSQL instead of one per update), for update_processed to answer
  // them from what it found.
  virtual void check_processed(std::span<const std::int64_t> update_ids) { (void)update_ids; }

  // Replies waiting to be sent, in update order; removed, by update id, once sent. Outside
  // a batch, remove_outbox commits on its own.
  virtual std::vector<OutboxRow> pending_outbox(int limit) = 0;
  virtual void remove_outbox(std::span<const std::int64_t> update_ids) = 0;

  // --- conversation state shared by several processes (scale-out) ----------------------
  // Whether this store keeps it (PostgreSQL, which several replicas share): the engine then
  // writes the nickname prompt and fight challenges with each update (ChangeSet::conversation)
  // and reads what the batch needs before it runs.
  virtual bool shares_conversation() const { return false; }
  // Which of the (chat, user) pairs have a live nickname prompt.
  virtual std::vector<std::pair<ChatId, UserId>> nickname_prompts(
      std::span<const std::pair<ChatId, UserId>> keys, UnixTime now) {
    (void)keys;
    (void)now;
    return {};
  }
  // The live challenges of these chats.
  virtual std::vector<StoredChallenge> challenges(std::span<const ChatId> chats, UnixTime now) {
    (void)chats;
    (void)now;
    return {};
  }

  // One change set in a batch of its own (tools, tests, imports).
  void write(const ChangeSet& changes) {
    begin();
    try {
      apply(changes);
      commit();
    } catch (...) {
      rollback();
      throw;
    }
  }
};

}  // namespace store

#pragma once
// The Store over a SQL connection: the same statements serve SQLite and PostgreSQL.
// One SqlStore is used by one thread (the engine thread); its batch is one transaction,
// and a refused apply() undoes only itself (a savepoint, or on SQLite for the smallest
// change sets the statement's own undo: see apply), so the batch stays usable.
//
// Every leaderboard and chat query is served by an index (see migrations.cpp and the
// query-plan tests); ranks count the rows ahead through the same indexes.
#include <memory>

#include "game/balance.hpp"
#include "store/admin_store.hpp"
#include "store/sql/connection.hpp"
#include "store/sql/set_writes.hpp"
#include "store/store.hpp"

namespace store::sql {

class SqlStore : public Store, public AdminStore {
 public:
  // Takes the connection; migrate() it first (open_store does both).
  SqlStore(std::unique_ptr<Connection> connection, const game::Balance& balance);

  Connection& connection() { return *db_; }
  // The balance a reload brought (written players' atm_full_at follows it from now on).
  void set_balance(const game::Balance& balance) { balance_ = balance; }

  std::optional<game::Player> find_player(UserId id) override;
  std::optional<UserId> nickname_owner(std::string_view folded) override;
  std::int64_t player_count() override;
  std::vector<game::Player> top_players(game::TopKey key, int limit, UnixTime now,
                                        const game::Balance& balance) override;
  std::optional<std::int64_t> player_rank(UserId id, game::TopKey key, UnixTime now,
                                          const game::Balance& balance) override;
  std::vector<NearbyPlayer> players_near(double gofra_mm, UserId exclude, int limit) override;

  std::int64_t fights_since(UserId id, UnixTime since) override;
  FightStats fight_stats(UserId id) override;
  std::vector<FightTopRow> fight_top(int limit) override;

  std::optional<ChatInfo> find_chat(ChatId id) override;
  std::optional<game::ChatMemberStats> chat_member(ChatId chat, UserId user) override;
  std::vector<ChatRankRow> chat_ranking(ChatId chat, int offset, int limit) override;
  std::optional<std::int64_t> chat_rank(ChatId chat, UserId user) override;
  game::ChatAggregate chat_aggregate(ChatId chat, UnixTime now,
                                     const game::Balance& balance) override;

  void begin() override;
  // PostgreSQL: change sets are merged (SetWrites) and written with a few set-based
  // statements when the batch is read from or committed; SQLite: begin().
  void begin_optimistic() override;
  void apply(const ChangeSet& changes) override;
  void commit() override;
  void rollback() override;
  bool shares_conversation() const override;
  std::vector<std::pair<ChatId, UserId>> nickname_prompts(
      std::span<const std::pair<ChatId, UserId>> keys, UnixTime now) override;
  std::vector<StoredChallenge> challenges(std::span<const ChatId> chats, UnixTime now) override;
  bool update_processed(std::int64_t update_id) override;
  void check_processed(std::span<const std::int64_t> update_ids) override;
  std::vector<OutboxRow> pending_outbox(int limit) override;
  void remove_outbox(std::span<const std::int64_t> update_ids) override;

  // Forgets processed update ids older than `before` (Telegram never redelivers those),
  // with their replies if still pending (too old to be worth sending).
  std::int64_t prune_processed_updates(UnixTime before);

  // --- AdminStore ------------------------------------------------------------------------
  std::vector<UserId> banned_users() override;
  std::map<std::string, std::string> bot_states() override;
  std::vector<AuditEntry> audit_log(int limit) override;
  DailyCounts daily_counts(std::int64_t day) override;
  std::optional<UserId> user_by_username(std::string_view username) override;
  DatabaseStats database_stats() override;
  std::optional<BroadcastRecord> running_broadcast() override;
  std::optional<BroadcastRecord> broadcast(std::int64_t id) override;
  std::vector<UserId> broadcast_recipients(UserId after, UserId up_to, int limit) override;
  std::int64_t count_recipients(UserId after, UserId up_to) override;
  bool claim_broadcast(std::int64_t id, std::string_view owner, UnixTime now,
                       UnixTime until) override;

 private:
  std::vector<game::Player> top_by_atm(int limit, UnixTime now, const game::Balance& balance);
  // A change set's writes, and which of them wrote which player (a player statement that
  // changed no row is a version conflict).
  struct Writes {
    std::vector<Statement> statements;
    std::vector<std::pair<std::size_t, UserId>> players;
    // Challenges taken: each statement must delete its row (ChallengeGone otherwise).
    std::vector<std::pair<std::size_t, StoredChallenge>> takes;
  };
  Writes write_statements(const ChangeSet& changes) const;
  static void admin_statements(const AdminChanges& changes, std::vector<Statement>& statements);
  void execute_writes(Writes writes, bool savepoint);
  void execute_undoable(Writes writes, std::int64_t update_id);
  // Forgets what the open batch held (savepoint, counts, merged writes, answers).
  void reset_batch_state();
  // The davkas and fights of an applied change set, for the day's counts at commit.
  void count_daily(const ChangeSet& changes);
  std::vector<std::int64_t> run(std::span<const Statement> statements);
  // Every read of the store: the merged writes of an optimistic batch go first, so that
  // the read sees them.
  std::vector<Row> query(std::string_view sql, std::span<const Value> params = {});
  // A read that the merged writes could change only when `touched` (they write its rows):
  // otherwise it goes without them, saving a round trip and keeping the batch merged.
  std::vector<Row> query_if_touched(bool touched, std::string_view sql,
                                    std::span<const Value> params);
  // Writes the merged change sets, then `more`, in one round trip. A change set that would
  // have been refused refuses the whole batch (batch_conflict_): the transaction starts
  // over, so that the batch's remaining reads work, and commit() throws BatchConflict.
  void flush_pending(std::vector<Statement> more = {});

  std::unique_ptr<Connection> db_;
  game::Balance balance_;  // for the stored atm_full_at of written players
  bool in_batch_ = false;
  bool savepoint_held_ = false;  // the last change set's savepoint, not released yet
  // The batch cannot commit: an error rolled its transaction back, or left a change set
  // half-written (see apply). Cleared by rollback().
  bool batch_failed_ = false;
  // The davkas and fights of the change sets applied in the open batch, by day: one
  // increment of the day's counts at commit, not one per change set.
  std::map<std::int64_t, DailyCounts> batch_counts_;
  // An optimistic batch (begin_optimistic on PostgreSQL): its change sets merged, not yet
  // written; and whether one of them was refused when they were.
  bool optimistic_ = false;
  bool batch_conflict_ = false;
  SetWrites pending_;
  // check_processed's answers for the open batch (PostgreSQL): update id → recorded
  // already. An id applied in the batch leaves it (it is recorded then).
  std::unordered_map<std::int64_t, bool> checked_processed_;
};

}  // namespace store::sql

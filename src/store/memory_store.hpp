#pragma once
// A Store held in process memory: for unit tests and `gofrobot play` before a durable
// engine is configured. Not durable; linear scans where a database would use an index.
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "store/admin_store.hpp"
#include "store/store.hpp"

namespace store {

class MemoryStore : public Store, public AdminStore {
 public:
  MemoryStore();
  ~MemoryStore() override;

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
  void apply(const ChangeSet& changes) override;
  void commit() override;
  void rollback() override;
  bool update_processed(std::int64_t update_id) override;
  std::vector<OutboxRow> pending_outbox(int limit) override;
  void remove_outbox(std::span<const std::int64_t> update_ids) override;

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
  // Whether the user is known to talk to the bot privately (tests).
  bool private_contact(UserId id) const;

 private:
  // The admin panel's tables.
  struct AdminData {
    std::map<UserId, ContactChange> contacts;
    std::set<UserId> blocked;
    std::map<std::int64_t, BroadcastRecord> broadcasts;
    std::map<std::int64_t, std::pair<std::string, UnixTime>> leases;  // owner, until
    std::set<UserId> bans;
    std::map<std::string, std::string> states;
    std::vector<AuditEntry> audit;
    std::map<std::int64_t, DailyCounts> daily;
  };
  std::vector<game::ChatMemberStats> sorted_members(ChatId chat) const;
  void apply_admin(const AdminChanges& changes);

  std::unordered_map<UserId, game::Player> players_;
  std::unordered_map<std::string, UserId> nickname_owners_;  // folded nickname -> owner
  std::vector<FightRecord> fights_;
  std::unordered_map<ChatId, ChatInfo> chats_;
  std::unordered_map<ChatId, std::map<UserId, game::ChatMemberStats>> chat_members_;
  std::set<std::int64_t> processed_updates_;
  std::map<std::int64_t, std::string> outbox_;  // by update id
  AdminData admin_;
  // Rollback restores this copy of everything, taken at begin(): simple, and this store
  // only serves tests and terminal play.
  struct Snapshot;
  std::unique_ptr<Snapshot> snapshot_;
};

}  // namespace store

#pragma once
// A Store held in process memory: for unit tests and `gofrobot play` before a durable
// engine is configured. Not durable; linear scans where a database would use an index.
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "store/store.hpp"

namespace store {

class MemoryStore : public Store {
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

 private:
  std::vector<game::ChatMemberStats> sorted_members(ChatId chat) const;

  std::unordered_map<UserId, game::Player> players_;
  std::unordered_map<std::string, UserId> nickname_owners_;  // folded nickname -> owner
  std::vector<FightRecord> fights_;
  std::unordered_map<ChatId, ChatInfo> chats_;
  std::unordered_map<ChatId, std::map<UserId, game::ChatMemberStats>> chat_members_;
  std::set<std::int64_t> processed_updates_;
  std::map<std::int64_t, std::string> outbox_;  // by update id
  // Rollback restores this copy of everything, taken at begin(): simple, and this store
  // only serves tests and terminal play.
  struct Snapshot;
  std::unique_ptr<Snapshot> snapshot_;
};

}  // namespace store

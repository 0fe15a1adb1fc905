#pragma once
// What the admin panel reads besides the game (its writes go through ChangeSet, with the
// update that made them). Same thread and connection as the Store it belongs to (the
// engine's); every read here is one small query, or a count per table (database_stats),
// paid only when an admin asks.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace store {

struct DailyCounts {
  std::int64_t davkas = 0;
  std::int64_t fights = 0;
};

struct DatabaseStats {
  std::int64_t size_bytes = 0;
  std::vector<std::pair<std::string, std::int64_t>> rows;  // table, rows
  int schema_version = 0;
};

class AdminStore {
 public:
  virtual ~AdminStore() = default;

  virtual std::vector<UserId> banned_users() = 0;
  virtual std::map<std::string, std::string> bot_states() = 0;
  // Newest first.
  virtual std::vector<AuditEntry> audit_log(int limit) = 0;
  // The counts of a UTC day (days since the epoch).
  virtual DailyCounts daily_counts(std::int64_t day) = 0;
  // The user whose @username is `username` (lower case, without '@'), if known.
  virtual std::optional<UserId> user_by_username(std::string_view username) = 0;
  virtual DatabaseStats database_stats() = 0;

  // --- broadcasts --------------------------------------------------------------------------
  // The broadcast under way, if any (at most one runs).
  virtual std::optional<BroadcastRecord> running_broadcast() = 0;
  virtual std::optional<BroadcastRecord> broadcast(std::int64_t id) = 0;
  // Recipients with an id above `after` (and at most `up_to`, when not 0), in id order.
  virtual std::vector<UserId> broadcast_recipients(UserId after, UserId up_to, int limit) = 0;
  virtual std::int64_t count_recipients(UserId after, UserId up_to) = 0;
  // Takes (or renews) the right to send a running broadcast until `until`, for `owner`: true
  // when no other owner holds an unexpired lease. Outside a batch: a statement of its own.
  // One process sends a broadcast however many share the database.
  virtual bool claim_broadcast(std::int64_t id, std::string_view owner, UnixTime now,
                               UnixTime until) = 0;
};

}  // namespace store

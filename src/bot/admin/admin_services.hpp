#pragma once
// What the admin panel (handlers/admin.cpp) reaches beyond the engine: facts only the
// running process knows (uptime, queues, caches, the Bot API's 429s), the live reload, the
// caches, backups. `gofrobot run` and `gofrobot play` each implement it (app/admin_ops);
// every call is made on the engine thread and returns at once (slow work, a backup, runs
// elsewhere and reports back by itself).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/admin/admin_state.hpp"
#include "bot/update.hpp"
#include "store/admin_store.hpp"

namespace bot {

struct RuntimeFacts {
  double uptime_seconds = 0;
  std::string version;
  std::string mode;  // polling, webhook, terminal
  std::int64_t replies_waiting = 0;
  std::int64_t rate_limited_last_hour = 0;  // 429 answers of the Bot API
  std::int64_t cache_players = 0;
  std::int64_t cache_hits = 0;
  std::int64_t cache_misses = 0;
  // Distinct users active in the last 24 hours and 7 days, counted since the process
  // started; none where nothing counts them (the terminal game).
  std::optional<std::int64_t> active_24h;
  std::optional<std::int64_t> active_7d;
};

struct ReloadSummary {
  enum class Result { kApplied, kUnchanged, kRefused, kUnavailable } result = Result::kUnavailable;
  std::vector<std::string> applied;
  std::vector<std::string> needs_restart;
  std::string problems;  // refused: every problem, one a line (secrets redacted)
};

struct BackupStarted {
  bool started = false;  // false: one is running already, or backups are not available
  std::string text;      // what to show the admin now
};

struct CacheDrop {
  std::int64_t players = 0;
  std::int64_t chat_boards = 0;
};

class AdminServices {
 public:
  virtual ~AdminServices() = default;
  virtual RuntimeFacts facts() = 0;
  virtual ReloadSummary reload() = 0;
  // Empties the caches (the player cache, leaderboard heads, chat boards) before the next
  // batch; says what they held.
  virtual CacheDrop clear_caches() = 0;
  // Starts a consistent backup; when it is done the admin gets the file in `chat` (or its
  // path and size when Telegram would not take it).
  virtual BackupStarted start_backup(ChatId chat, UserId admin) = 0;
  // Whether broadcasts go out here (not in the terminal game: nobody to reach).
  virtual bool broadcasts() const = 0;
  // A broadcast was started or stopped in this update: the sender looks again once the
  // update committed.
  virtual void broadcast_changed() = 0;
};

// Everything of the admin panel a handler may use; all three present, or the panel is off.
struct AdminAccess {
  AdminState* state = nullptr;
  store::AdminStore* store = nullptr;
  AdminServices* services = nullptr;
};

}  // namespace bot

#pragma once
// `gofrobot import-legacy FILE` (GAME.md Appendix A decision 10): brings the players,
// fights, chats and chat stats of the original Python bot's bot_database.db (§12.1) into
// the current store.
//
// - The original file is opened read-only and never changed (it may be the database of a
//   stopped Python bot). chat_top is a derived cache: it is counted and ignored.
// - Players are normalised with the rules of migration 2 (store/sql/legacy_rows.hpp):
//   NULLs become a new player's defaults, nicknames are made unique case-insensitively
//   (a nickname already held by a player of the store is reset too), version 1,
//   atm_full_at computed; PvP counters are recounted from the fights.
// - Rows that cannot be imported are skipped, each with its reason: ids that are NULL or
//   not valid, fights with a NULL or unknown winner or loser, chat stats without a chat
//   or user id.
// - Idempotent: a player already in the store is left alone ("already present"), fights
//   carry the original id in rademka_fights.legacy_id (unique), chats and chat stats are
//   inserted only when absent. Importing the same file again imports nothing. (Import one
//   original database per store: legacy ids of two different originals would collide.)
// - Everything happens in one transaction on the target: a failure imports nothing.
//   Best run with the bot stopped.
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "game/balance.hpp"
#include "ops/config.hpp"
#include "store/sql/connection.hpp"

namespace app {

struct ImportCounts {
  std::int64_t read = 0;             // rows in the original
  std::int64_t imported = 0;
  std::int64_t already_present = 0;  // from an earlier import, or the store's own
  std::int64_t skipped = 0;          // refused, for the reason in ImportReport::skipped
};

// The reason of a row skipped because the store already has it.
inline constexpr std::string_view kAlreadyPresent = "already present in the store";

struct ImportNote {
  std::string table;   // of the original: users, rademka_fights, chats, chat_stats
  std::string row;     // which row: "user_id=5", "id=12", "chat_id=-100 user_id=5"
  std::string reason;
};

struct ImportReport {
  ImportCounts users;
  ImportCounts fights;
  ImportCounts chats;
  ImportCounts chat_stats;
  std::int64_t chats_created = 0;     // for chat stats whose chat had no chats row
  std::int64_t chat_top_ignored = 0;  // rows of the derived chat_top cache
  std::vector<ImportNote> skipped;    // every row not imported (already present included)
  std::vector<ImportNote> adjusted;   // rows imported with a change (nickname reset, …)
};

// Imports `original_db` into `target`, which must be migrated to the latest schema.
// Throws std::runtime_error (nothing imported) when the file is not an original database
// or the target fails.
ImportReport import_legacy(const std::filesystem::path& original_db,
                           store::sql::Connection& target, const game::Balance& balance);

// The report for the operator: counts per table, then the first `max_lines` adjusted and
// skipped rows and how many more there were.
std::string describe(const ImportReport& report, const std::filesystem::path& original_db,
                     std::size_t max_lines = 100);

// The command: migrates the configured store, imports, prints the report. 0 on success,
// 1 with the reason on `err`.
int run_import_legacy(const ops::Config& config, const std::filesystem::path& original_db,
                      std::ostream& out, std::ostream& err);

}  // namespace app

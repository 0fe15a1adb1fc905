// Feeds: rows of the original Python bot's users table as SQLite hands them over (the
// columns migration 2 and import-legacy select: user_id, nickname, gofra_mm, cable_mm,
// zmiy_grams, total_zmiy_grams, total_davki, atm_count, last_update, last_davka, experience,
// nickname_changed, version), each value NULL, an integer, a real or a text of any bytes
// (SQLite lets any column hold any of them; only user_id, INTEGER PRIMARY KEY, is always a
// distinct integer). They go through store::sql::legacy_player_from_row and
// deduplicate_nicknames, then through what both callers compute for the row they write
// (gofra, cable power, the folded nickname, atm_full_at). No SQLite file is involved: the
// decoding is pure; reading the file is SQLite's.
// Checks beyond "no crash, no undefined behaviour":
//  * atmospheres end within 0..atm_max, lengths and grams finite within 0..10^15, times
//    from 1970 (legacy_rows.hpp);
//  * after deduplication the players are in user id order, every nickname is non-empty and
//    no two fold to the same text; every reset player has its own default nickname and the
//    free change back.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "check.hpp"
#include "game/atmospheres.hpp"
#include "game/nickname.hpp"
#include "store/sql/legacy_rows.hpp"

using fuzz::check;

namespace {

store::sql::Value any_value(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0: return nullptr;
    case 1: return in.ConsumeIntegral<std::int64_t>();
    case 2: return in.ConsumeFloatingPoint<double>();
    default: return in.ConsumeRandomLengthString(40);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const game::Balance balance;
  std::vector<game::Player> players;
  std::unordered_set<std::int64_t> ids;
  while (players.size() < 16 && in.remaining_bytes() > 0) {
    std::vector<store::sql::Value> values;
    const auto id = in.ConsumeIntegral<std::int64_t>();
    if (!ids.insert(id).second) continue;  // a primary key
    values.emplace_back(id);
    for (int column = 1; column < 12; ++column) values.push_back(any_value(in));
    values.emplace_back(std::int64_t{0});  // version: the query's literal 0
    const store::sql::Row row(std::move(values));
    auto p = store::sql::legacy_player_from_row(row, balance);
    check(p.user_id == id, "the id is the row's");
    check(p.atm_count >= 0 && p.atm_count <= balance.atm_max, "atmospheres within 0..atm_max");
    for (const double amount : {p.gofra_mm, p.cable_mm, p.zmiy_grams, p.total_zmiy_grams}) {
      check(std::isfinite(amount) && amount >= 0 && amount <= 1e15, "amounts within 0..10^15");
    }
    check(p.last_update >= 0 && p.last_davka >= 0, "times from 1970");
    players.push_back(std::move(p));
  }

  const auto resets = store::sql::deduplicate_nicknames(players);
  std::unordered_set<std::string> folded;
  for (std::size_t i = 0; i < players.size(); ++i) {
    const auto& p = players[i];
    if (i > 0) check(players[i - 1].user_id < p.user_id, "players in user id order");
    check(!p.nickname.empty(), "every nickname is set");
    check(folded.insert(game::fold_nickname(p.nickname)).second, "nicknames are unique, folded");
    // What migration 2 and the import write for the row.
    (void)p.gofra();
    (void)p.cable_power();
    (void)game::atm_full_at(p, balance);
  }
  for (const auto& reset : resets) {
    for (const auto& p : players) {
      if (p.user_id != reset.user_id) continue;
      check(p.nickname == game::default_nickname(p.user_id), "a reset gives the default back");
      check(!p.nickname_changed, "and the free change");
    }
  }
  return 0;
}

#include "store/sql/legacy_rows.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "game/atmospheres.hpp"
#include "game/nickname.hpp"
#include "store/sql/player_row.hpp"

namespace store::sql {

bool is_foreign_default_nickname(const std::string& folded, game::UserId owner) {
  return game::is_folded_default_nickname(folded) &&
         folded != game::fold_nickname(game::default_nickname(owner));
}

namespace {

// Lengths and grams only grow from a new player's values, and the derived columns (gofra,
// cable_power: floor of a quotient, as integers) must be computable: a legacy value that is
// not a number or infinite is the default, one below zero is zero, and one beyond
// kLegacyMaxAmount (10^15 mm, a million kilometres) is that.
constexpr double kLegacyMaxAmount = 1e15;

double legacy_amount(double value, double fallback) {
  if (!std::isfinite(value)) return fallback;
  return std::clamp(value, 0.0, kLegacyMaxAmount);
}

// Counters (davkas, experience) only grow by small steps: within 0..10^15 they keep growing
// for ever without overflow.
std::int64_t legacy_count(std::int64_t value) {
  return std::clamp<std::int64_t>(value, 0, static_cast<std::int64_t>(kLegacyMaxAmount));
}

// Times are Unix seconds; one past 9999-12-31 or before 1970 is brought within, so that the
// regeneration's arithmetic on them (atm_full_at: the anchor plus hours) cannot overflow.
constexpr std::int64_t kLegacyLastTime = 253'402'300'799;  // 9999-12-31 23:59:59 UTC

std::int64_t legacy_time(std::int64_t value) {
  return std::clamp<std::int64_t>(value, 0, kLegacyLastTime);
}

}  // namespace

game::Player legacy_player_from_row(const Row& row, const game::Balance& balance) {
  auto p = player_from_row(row);
  const game::Player fresh;
  p.gofra_mm = legacy_amount(p.gofra_mm, fresh.gofra_mm);
  p.cable_mm = legacy_amount(p.cable_mm, fresh.cable_mm);
  p.zmiy_grams = legacy_amount(p.zmiy_grams, fresh.zmiy_grams);
  p.total_zmiy_grams = legacy_amount(p.total_zmiy_grams, fresh.total_zmiy_grams);
  p.total_davki = legacy_count(p.total_davki);
  p.experience = legacy_count(p.experience);
  p.last_update = legacy_time(p.last_update);
  p.last_davka = legacy_time(p.last_davka);
  p.atm_count = std::clamp(p.atm_count, 0, balance.atm_max);
  return p;
}

std::vector<NicknameReset> deduplicate_nicknames(std::vector<game::Player>& players) {
  std::sort(players.begin(), players.end(),
            [](const auto& a, const auto& b) { return a.user_id < b.user_id; });
  std::vector<NicknameReset> resets;
  std::unordered_set<std::string> taken;
  // Every default belongs to its id, whether or not the player still uses it.
  for (const auto& p : players) taken.insert(game::fold_nickname(game::default_nickname(p.user_id)));
  for (auto& p : players) {
    auto own_default = game::default_nickname(p.user_id);
    if (p.nickname.empty() || p.nickname == own_default) {
      // Still on the default (or no name at all): the one free change is still theirs.
      p.nickname = own_default;
      p.nickname_changed = false;
      continue;
    }
    auto folded = game::fold_nickname(p.nickname);
    std::string reason;
    if (is_foreign_default_nickname(folded, p.user_id)) {
      reason = "looks like another player's default nickname";
    } else if (!taken.insert(folded).second) {
      reason = "duplicate of an earlier player's nickname (case-insensitive)";
    }
    if (!reason.empty()) {
      resets.push_back({p.user_id, p.nickname, std::move(reason)});
      p.nickname = own_default;
      p.nickname_changed = false;
    }
  }
  return resets;
}

void normalise_legacy_players(Connection& db, const game::Balance& balance) {
  std::vector<game::Player> players;
  for (const auto& row : db.query(
           "SELECT user_id, nickname, gofra_mm, cable_mm, zmiy_grams, total_zmiy_grams, "
           "total_davki, atm_count, last_update, last_davka, experience, nickname_changed, 0 "
           "FROM users WHERE user_id IS NOT NULL")) {
    players.push_back(legacy_player_from_row(row, balance));
  }
  deduplicate_nicknames(players);
  std::vector<Statement> statements;
  statements.reserve(players.size());
  for (const auto& p : players) {
    statements.push_back(
        {"UPDATE users SET nickname = ?, nickname_folded = ?, gofra_mm = ?, cable_mm = ?, "
         "gofra = ?, cable_power = ?, zmiy_grams = ?, total_zmiy_grams = ?, total_davki = ?, "
         "atm_count = ?, max_atm = ?, last_update = ?, last_davka = ?, experience = ?, "
         "nickname_changed = ?, atm_full_at = ?, version = 1, "
         "pvp_wins = (SELECT COUNT(*) FROM rademka_fights WHERE winner_id = users.user_id), "
         "pvp_losses = (SELECT COUNT(*) FROM rademka_fights WHERE loser_id = users.user_id) "
         "WHERE user_id = ?",
         {p.nickname, game::fold_nickname(p.nickname), p.gofra_mm, p.cable_mm, p.gofra(),
          p.cable_power(), p.zmiy_grams, p.total_zmiy_grams, p.total_davki,
          static_cast<std::int64_t>(p.atm_count), static_cast<std::int64_t>(balance.atm_max),
          p.last_update, p.last_davka, p.experience,
          static_cast<std::int64_t>(p.nickname_changed ? 1 : 0), game::atm_full_at(p, balance),
          p.user_id}});
  }
  db.execute_many(statements);
  db.execute_script("DELETE FROM users WHERE user_id IS NULL");
  // Fights of a database migrated in place keep their id as legacy id, so importing the
  // same original file later (import-legacy) does not insert them again.
  db.execute_script("UPDATE rademka_fights SET legacy_id = id WHERE legacy_id IS NULL");
}

}  // namespace store::sql

#include "store/sql/legacy_rows.hpp"

#include <algorithm>
#include <unordered_set>

#include "game/atmospheres.hpp"
#include "game/nickname.hpp"
#include "store/sql/player_row.hpp"

namespace store::sql {

bool is_foreign_default_nickname(const std::string& folded, game::UserId owner) {
  return game::is_folded_default_nickname(folded) &&
         folded != game::fold_nickname(game::default_nickname(owner));
}

game::Player legacy_player_from_row(const Row& row, const game::Balance& balance) {
  auto p = player_from_row(row);
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

#pragma once
// Bringing rows written by the original Python bot (GAME.md §12.1) up to our rules:
// NULLs become the defaults of a new player, nicknames are made unique case-insensitively
// (Appendix A decision 1), derived columns are recomputed.
#include <cstdint>
#include <string>
#include <vector>

#include "game/balance.hpp"
#include "game/player.hpp"
#include "store/sql/connection.hpp"

namespace store::sql {

// Why a legacy nickname was replaced by the player's default one.
struct NicknameReset {
  game::UserId user_id = 0;
  std::string old_nickname;
  std::string reason;
};

// A player read from a legacy users row, with values outside our rules brought back into
// them: NULLs and texts that are not numbers are a new player's values; atmospheres within
// 0..atm_max; lengths and grams that are not finite numbers are the defaults, and lengths,
// grams and counters are kept within 0..10^15 (the derived gofra and cable_power must fit
// an integer, counters must have room to grow); times within 1970..9999. Each value changed
// so is described in `repairs`, when given ("gofra_mm: -5 → 0 (below zero)"). Nicknames
// are decided by deduplicate_nicknames.
game::Player legacy_player_from_row(const Row& row, const game::Balance& balance,
                                    std::vector<std::string>* repairs = nullptr);

// Decides the nickname of each legacy player, in user id order: an empty or NULL nickname
// becomes the default; a nickname that breaks the nickname rules (GAME.md §8: length,
// characters, forbidden words, spaces), collides (case-folded) with an earlier one, or
// looks like another id's default, is reset to the default with nickname_changed cleared,
// so that player may choose again.
std::vector<NicknameReset> deduplicate_nicknames(std::vector<game::Player>& players);

// Runs inside migration 2: rewrites every users row with the rules above, version 1,
// atm_full_at, and the PvP counters counted from rademka_fights.
void normalise_legacy_players(Connection& db, const game::Balance& balance);

// Whether `folded` is the folded default nickname of some id other than `owner`.
bool is_foreign_default_nickname(const std::string& folded, game::UserId owner);

}  // namespace store::sql

#include "store/sql/legacy_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
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

// The columns of a legacy users row, as both callers select them.
enum Column : std::size_t {
  kUserId, kNickname, kGofra, kCable, kZmiy, kTotalZmiy, kDavki, kAtm, kLastUpdate,
  kLastDavka, kExperience, kNicknameChanged,
};

// Lengths and grams only grow from a new player's values, and the derived columns (gofra,
// cable_power: floor of a quotient, as integers) must be computable: a value one below
// zero is zero, and one beyond kLegacyMaxAmount (10^15 mm, a million kilometres) is that.
// Counters (davkas, experience) only grow by small steps: within 0..10^15 they keep growing
// for ever without overflow.
constexpr double kLegacyMaxAmount = 1e15;

// Times are Unix seconds; one past 9999-12-31 or before 1970 is brought within, so that the
// regeneration's arithmetic on them (atm_full_at: the anchor plus hours) cannot overflow.
constexpr std::int64_t kLegacyLastTime = 253'402'300'799;  // 9999-12-31 23:59:59 UTC

// Reads one row's columns into the game's domain and describes each value it changed.
class LegacyColumns {
 public:
  LegacyColumns(const Row& row, std::vector<std::string>* repairs) : row_(row), repairs_(repairs) {}

  double amount(Column c, const char* name, double fallback) {
    const auto v = number(c, name, fallback);
    if (!v) return fallback;
    if (*v < 0) return repaired(name, c, 0.0, "below zero");
    if (*v > kLegacyMaxAmount) return repaired(name, c, kLegacyMaxAmount, "above 10^15");
    return *v;
  }

  // An integer column within [low, high]; `why_high` says what the bound is.
  std::int64_t integer(Column c, const char* name, std::int64_t fallback, std::int64_t low,
                       std::int64_t high, const char* why_low, const char* why_high) {
    const auto v = number(c, name, static_cast<double>(fallback));
    if (!v) return fallback;
    // Compared as reals first: a real column may hold a value no integer can.
    if (*v < static_cast<double>(low)) return repaired(name, c, low, why_low);
    if (*v > static_cast<double>(high)) return repaired(name, c, high, why_high);
    const auto whole = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::llround(*v)), low, high);
    if (static_cast<double>(whole) != *v) return repaired(name, c, whole, "not a whole number");
    return whole;
  }

  bool flag(Column c, const char* name) {
    if (row_.is_null(c)) return repaired(name, c, false, "NULL");
    return row_.integer(c) != 0;
  }

 private:
  // The column as a finite number; nullopt, with the repair noted, when it is NULL, a
  // text that is not a number, or not finite (then it is `fallback`).
  std::optional<double> number(Column c, const char* name, double fallback) {
    const auto& value = row_.value(c);
    if (std::holds_alternative<std::nullptr_t>(value)) {
      repaired(name, c, fallback, "NULL: a new player's value");
      return std::nullopt;
    }
    if (const auto* n = std::get_if<std::int64_t>(&value)) return static_cast<double>(*n);
    double d = 0;
    if (const auto* r = std::get_if<double>(&value)) {
      d = *r;
    } else {
      const auto& text = std::get<std::string>(value);
      char* end = nullptr;
      d = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size()) {
        repaired(name, c, fallback, "not a number: a new player's value");
        return std::nullopt;
      }
    }
    if (!std::isfinite(d)) {
      repaired(name, c, fallback, "not a finite number: a new player's value");
      return std::nullopt;
    }
    return d;
  }

  template <class T>
  T repaired(const char* name, Column c, T to, const char* why) {
    if (repairs_) repairs_->push_back(fmt::format("{}: {} → {} ({})", name, shown(c), to, why));
    return to;
  }

  std::string shown(Column c) const {
    const auto& value = row_.value(c);
    if (std::holds_alternative<std::nullptr_t>(value)) return "NULL";
    if (const auto* s = std::get_if<std::string>(&value)) return fmt::format("{:?}", *s);
    if (const auto* n = std::get_if<std::int64_t>(&value)) return fmt::format("{}", *n);
    return fmt::format("{}", std::get<double>(value));
  }

  const Row& row_;
  std::vector<std::string>* repairs_;
};

// Why an imported nickname is not one the game would accept; empty when it is.
std::string rule_broken(const std::string& nickname) {
  const auto checked = game::validate_nickname(nickname);
  if (const auto* valid = std::get_if<game::ValidNickname>(&checked)) {
    return valid->value == nickname ? "" : "leading or trailing spaces";
  }
  switch (std::get<game::NicknameError>(checked)) {
    case game::NicknameError::kLength: return "not 3 to 20 characters";
    case game::NicknameError::kForbidden: return "contains a forbidden word";
    case game::NicknameError::kCharset: return "a character other than letters, digits, space, '-', '_'";
    case game::NicknameError::kOuterSpaces: return "leading or trailing spaces";
    case game::NicknameError::kDoubleSpace: return "two spaces in a row";
  }
  return "breaks the nickname rules";
}

}  // namespace

game::Player legacy_player_from_row(const Row& row, const game::Balance& balance,
                                    std::vector<std::string>* repairs) {
  const game::Player fresh;
  LegacyColumns in(row, repairs);
  game::Player p;
  p.user_id = row.integer(kUserId);
  p.nickname = row.text(kNickname);
  if (p.nickname.empty()) {
    p.nickname = game::default_nickname(p.user_id);
    if (repairs) {
      repairs->push_back(fmt::format("nickname: {} → {} (the default)",
                                     row.is_null(kNickname) ? "NULL" : "\"\"", p.nickname));
    }
  }
  p.gofra_mm = in.amount(kGofra, "gofra_mm", fresh.gofra_mm);
  p.cable_mm = in.amount(kCable, "cable_mm", fresh.cable_mm);
  p.zmiy_grams = in.amount(kZmiy, "zmiy_grams", fresh.zmiy_grams);
  p.total_zmiy_grams = in.amount(kTotalZmiy, "total_zmiy_grams", fresh.total_zmiy_grams);
  constexpr auto kMaxCount = static_cast<std::int64_t>(kLegacyMaxAmount);
  p.total_davki = in.integer(kDavki, "total_davki", 0, 0, kMaxCount, "below zero", "above 10^15");
  p.atm_count = static_cast<int>(in.integer(kAtm, "atm_count", balance.atm_max, 0, balance.atm_max,
                                            "below zero", "above balance.atm_max"));
  p.last_update = in.integer(kLastUpdate, "last_update", 0, 0, kLegacyLastTime, "before 1970",
                             "after 9999");
  p.last_davka = in.integer(kLastDavka, "last_davka", 0, 0, kLegacyLastTime, "before 1970",
                            "after 9999");
  p.experience = in.integer(kExperience, "experience", 0, 0, kMaxCount, "below zero", "above 10^15");
  p.nickname_changed = in.flag(kNicknameChanged, "nickname_changed");
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
    if (auto broken = rule_broken(p.nickname); !broken.empty()) {
      reason = "breaks the nickname rules: " + broken;
    } else if (is_foreign_default_nickname(folded, p.user_id)) {
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

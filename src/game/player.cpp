#include "game/player.hpp"

#include <array>
#include <charconv>

namespace game {

namespace {
constexpr std::string_view kDefaultNicknamePrefix = "Пацанчик_";
}  // namespace

std::string default_nickname(UserId id) {
  return std::string(kDefaultNicknamePrefix) + std::to_string(id);
}

bool is_default_nickname(std::string_view nickname, UserId id) {
  if (!nickname.starts_with(kDefaultNicknamePrefix)) return false;
  std::array<char, 24> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), id).ptr;
  return nickname.substr(kDefaultNicknamePrefix.size()) ==
         std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

Player new_player(UserId id, UnixTime now, const Balance& balance) {
  Player p;
  p.user_id = id;
  p.nickname = default_nickname(id);
  p.gofra_mm = balance.start_gofra_mm;
  p.cable_mm = balance.start_cable_mm;
  p.atm_count = balance.atm_max;
  // A new player starts full; the anchor only matters once a davka empties the tank.
  p.last_update = now;
  return p;
}

}  // namespace game

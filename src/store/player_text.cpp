#include "store/player_text.hpp"

#include <charconv>
#include <cstdint>

namespace store {

namespace {

template <typename T>
void put(std::string& out, T value) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out.append(buffer, end);
  out += ' ';
}

// The next space-ended field of `text`, parsed into `value`; false when it is not one.
template <typename T>
bool take(std::string_view& text, T& value) {
  const auto space = text.find(' ');
  if (space == std::string_view::npos) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + space, value);
  if (error != std::errc() || end != text.data() + space) return false;
  text.remove_prefix(space + 1);
  return true;
}

}  // namespace

std::string player_to_text(const game::Player& p) {
  std::string out;
  out.reserve(128 + p.nickname.size());
  put(out, p.user_id);
  put(out, p.gofra_mm);
  put(out, p.cable_mm);
  put(out, p.zmiy_grams);
  put(out, p.total_zmiy_grams);
  put(out, p.total_davki);
  put(out, p.atm_count);
  put(out, p.last_update);
  put(out, p.last_davka);
  put(out, p.experience);
  put(out, p.nickname_changed ? 1 : 0);
  put(out, p.version);
  out += p.nickname;
  return out;
}

std::optional<game::Player> player_from_text(std::string_view text) {
  game::Player p;
  int changed = 0;
  if (!take(text, p.user_id) || !take(text, p.gofra_mm) || !take(text, p.cable_mm) ||
      !take(text, p.zmiy_grams) || !take(text, p.total_zmiy_grams) ||
      !take(text, p.total_davki) || !take(text, p.atm_count) || !take(text, p.last_update) ||
      !take(text, p.last_davka) || !take(text, p.experience) || !take(text, changed) ||
      !take(text, p.version) || (changed != 0 && changed != 1)) {
    return std::nullopt;
  }
  p.nickname_changed = changed == 1;
  p.nickname = std::string(text);
  return p;
}

}  // namespace store

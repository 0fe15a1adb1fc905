#include "game/tops.hpp"

#include <array>
#include <utility>

#include "game/atmospheres.hpp"

namespace game {
namespace {

// The names used in callback data (`top_<name>`) and in the storage layer's sort keys.
constexpr std::array<std::pair<TopKey, std::string_view>, 7> kKeyNames{{
    {TopKey::kGofra, "gofra"},
    {TopKey::kCable, "cable"},
    {TopKey::kZmiy, "zmiy"},
    {TopKey::kAtm, "atm"},
    {TopKey::kTotalDavki, "total_davki"},
    {TopKey::kTotalZmiy, "total_zmiy"},
    {TopKey::kExperience, "experience"},
}};

constexpr std::array<std::string_view, 10> kMedals{
    "\U0001F947", "\U0001F948", "\U0001F949", "4\uFE0F\u20E3", "5\uFE0F\u20E3",
    "6\uFE0F\u20E3", "7\uFE0F\u20E3", "8\uFE0F\u20E3", "9\uFE0F\u20E3", "\U0001F51F"};

}  // namespace

std::optional<TopKey> parse_top_key(std::string_view key) {
  for (const auto& [k, name] : kKeyNames) {
    if (name == key) return k;
  }
  return std::nullopt;
}

std::string_view top_key_name(TopKey key) {
  for (const auto& [k, name] : kKeyNames) {
    if (k == key) return name;
  }
  return {};
}

double top_value(const Player& p, TopKey key, UnixTime now, const Balance& balance) {
  switch (key) {
    case TopKey::kGofra:
      return p.gofra_mm;
    case TopKey::kCable:
      return p.cable_mm;
    case TopKey::kZmiy:
      return p.zmiy_grams;
    case TopKey::kAtm:
      // Stored counts are stale by design (lazy regeneration); rank what the player would see.
      return atm_count_at(p, now, balance);
    case TopKey::kTotalDavki:
      return static_cast<double>(p.total_davki);
    case TopKey::kTotalZmiy:
      return p.total_zmiy_grams;
    case TopKey::kExperience:
      return static_cast<double>(p.experience);
  }
  return 0;
}

bool ranks_before(const Player& a, const Player& b, TopKey key, UnixTime now,
                  const Balance& balance) {
  const double va = top_value(a, key, now, balance);
  const double vb = top_value(b, key, now, balance);
  if (va != vb) return va > vb;
  return a.user_id < b.user_id;
}

std::string medal(long position) {
  if (position >= 1 && position <= static_cast<long>(kMedals.size())) {
    return std::string(kMedals[static_cast<std::size_t>(position - 1)]);
  }
  return std::to_string(position) + ".";
}

}  // namespace game

#pragma once
// Leaderboards (GAME.md §9, Appendix A decision 12): sort keys and medals.
#include <optional>
#include <string>
#include <string_view>

#include "game/balance.hpp"
#include "game/player.hpp"

namespace game {

enum class TopKey { kGofra, kCable, kZmiy, kAtm, kTotalDavki, kTotalZmiy, kExperience };
// Every key, in the enum's order.
inline constexpr TopKey kTopKeys[] = {TopKey::kGofra,      TopKey::kCable,     TopKey::kZmiy,
                                      TopKey::kAtm,        TopKey::kTotalDavki, TopKey::kTotalZmiy,
                                      TopKey::kExperience};

// "gofra" -> kGofra, ...; nullopt for an unknown key.
std::optional<TopKey> parse_top_key(std::string_view key);
std::string_view top_key_name(TopKey key);

// The exact value a top sorts by (descending); kAtm uses regenerated atmospheres.
double top_value(const Player& p, TopKey key, UnixTime now, const Balance& balance);

// Strict "ranks before": larger value first, ties by user_id ascending.
bool ranks_before(const Player& a, const Player& b, TopKey key, UnixTime now,
                  const Balance& balance);

// 🥇 🥈 🥉 4️⃣ … 🔟 for 1..10, "{n}." beyond.
std::string medal(long position);

}  // namespace game

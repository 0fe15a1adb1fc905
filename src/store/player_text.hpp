#pragma once
// A player record as one line of text, for the replicas' change feed: every field, the
// lengths exact (shortest round-trip form), the nickname last (it may hold spaces). Read
// back, it equals the record written; anything else reads as nothing.
#include <optional>
#include <string>
#include <string_view>

#include "game/player.hpp"

namespace store {

std::string player_to_text(const game::Player& p);
std::optional<game::Player> player_from_text(std::string_view text);

}  // namespace store

#include "game/chat_stats.hpp"

#include <algorithm>

namespace game {

void record_chat_davka(ChatMemberStats& s, long grams, UnixTime now) {
  s.total_zmiy_grams += static_cast<double>(grams);
  s.total_davki += 1;
  s.last_davka_at = now;
}

bool chat_ranks_before(const ChatMemberStats& a, const ChatMemberStats& b) {
  if (a.total_zmiy_grams != b.total_zmiy_grams) return a.total_zmiy_grams > b.total_zmiy_grams;
  return a.user_id < b.user_id;
}

ChatAggregate aggregate(const std::vector<ChatMemberStats>& members, UnixTime now,
                        const Balance& balance) {
  ChatAggregate agg;
  const UnixTime active_since = now - balance.chat_active_window_seconds;
  for (const ChatMemberStats& m : members) {
    agg.total_players += 1;
    agg.total_zmiy_grams += m.total_zmiy_grams;
    agg.total_davki += m.total_davki;
    agg.last_activity = std::max(agg.last_activity, m.last_davka_at);
    if (m.last_davka_at > active_since) agg.active_players += 1;
  }
  return agg;
}

std::optional<ChatStanding> chat_standing(const std::vector<ChatMemberStats>& members,
                                          UserId user_id) {
  const auto self = std::find_if(members.begin(), members.end(),
                                 [user_id](const ChatMemberStats& m) { return m.user_id == user_id; });
  if (self == members.end()) return std::nullopt;

  // One pass instead of a sort: the rank is 1 + the members ranked before, and the
  // neighbours are the closest members on either side in ranking order.
  ChatStanding st;
  st.rank = 1;
  st.of = static_cast<std::int64_t>(members.size());
  const ChatMemberStats* above = nullptr;
  const ChatMemberStats* below = nullptr;
  for (const ChatMemberStats& m : members) {
    if (&m == &*self) continue;
    if (chat_ranks_before(m, *self)) {
      st.rank += 1;
      if (above == nullptr || chat_ranks_before(*above, m)) above = &m;
    } else if (below == nullptr || chat_ranks_before(m, *below)) {
      below = &m;
    }
  }
  if (above != nullptr) st.gap_up_grams = above->total_zmiy_grams - self->total_zmiy_grams;
  if (below != nullptr) st.lead_down_grams = self->total_zmiy_grams - below->total_zmiy_grams;
  return st;
}

}  // namespace game

#pragma once
// A deterministic stream of realistic Telegram updates, as the webhook receives them (JSON
// bodies), for every benchmark that feeds the bot: the in-process replay, the query counter,
// and the wrk load (through a file of bodies).
//
// Many distinct players (10,000 by default) in their private chats and in group chats, with
// the mix of a live bot: private commands (/start, /davka, /profile), buttons (davka,
// profile, top and its four boards, back to the menu, gofra/cable/atm screens), the private
// PvP flow (rademka_random, then rademka_confirm_<target> a little later), group commands
// (/gdavka, /gtop), chat buttons (chat_davka, chat_top, chat_me, chat_stats), reply-based
// group fights (/fight as a reply, then chat_fight_<target>), and plain text (the private
// hint, the keyword responder in groups). Callback queries carry the message they belong
// to, with its text and keyboard, as Telegram sends them (which makes them ~1-2 KB).
//
// The body holds kUpdateIdMark where the update id goes: a replay puts increasing ids
// there, the wrk script does the same per request.
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bench {

inline constexpr std::string_view kUpdateIdMark = "__UPDATE_ID__";

// Players are numbered from here (Telegram-like magnitudes); group chats are -100… ids.
inline constexpr std::int64_t kFirstUserId = 100'000'001;
inline constexpr std::int64_t kFirstGroupId = -1'001'000'000'001;

enum class Mix {
  kAll,      // the realistic mix above
  kButtons,  // button presses only: each reply is an edit sent by an outbound call
  kDavka,    // /davka in private chats only: the main action, one player write each
};

struct WorkloadOptions {
  std::uint64_t seed = 1;
  int users = 10'000;
  int groups = 200;      // user u is a member of group u % groups
  Mix mix = Mix::kAll;
  // 0: every player equally likely. Else Zipf's law with this exponent (0.99 is YCSB's):
  // the player of popularity rank r acts with probability ~ 1/r^s, ranks spread over the
  // ids by a fixed permutation (the busiest players are not the first ids).
  double zipf = 0;
  // A follow-up (a confirmation press) comes this many updates after what prompted it,
  // so that a batched replay has processed the prompt first.
  int follow_up_distance = 300;
};

struct Event {
  std::string kind;  // "btn:davka", "cmd:/gtop", … (for per-kind statistics)
  std::string body;  // JSON with kUpdateIdMark in place of the update id
  std::int64_t user = 0;
};

class Workload {
 public:
  explicit Workload(WorkloadOptions options);

  Event next();
  // The replay tells who a rademka_random offered to `user`, so that the follow-up
  // confirmation names the right target (without it the target is a guess and the bot
  // answers "challenge expired", as for a stale button).
  void offered(std::int64_t user, std::int64_t target);

  std::int64_t user_id(int index) const { return kFirstUserId + index; }
  const WorkloadOptions& options() const { return options_; }

 private:
  struct FollowUp {
    std::int64_t due = 0;  // emitted once `emitted_` reaches this
    std::int64_t user = 0;
    std::int64_t group = 0;  // 0: private rademka confirmation; else a chat fight
    std::int64_t target = 0;
  };

  Event private_command(std::int64_t user, std::string_view command);
  Event private_text(std::int64_t user, std::string_view text);
  Event private_button(std::int64_t user, std::string_view data);
  Event group_command(std::int64_t user, std::int64_t group, std::string_view command,
                      std::optional<std::int64_t> reply_to = std::nullopt);
  Event group_text(std::int64_t user, std::int64_t group, std::string_view text);
  Event group_button(std::int64_t user, std::int64_t group, std::string_view data);
  Event follow_up(const FollowUp& f);

  std::int64_t random_user();
  int zipf_rank();
  std::int64_t group_of(std::int64_t user) const;
  std::int64_t other_member(std::int64_t user);

  WorkloadOptions options_;
  std::mt19937_64 rng_;
  std::int64_t emitted_ = 0;
  std::int64_t message_id_ = 1000;
  std::int64_t callback_id_ = 0;
  std::deque<FollowUp> follow_ups_;
  std::vector<double> zipf_cdf_;  // by rank, when options_.zipf > 0
  std::unordered_map<std::int64_t, std::int64_t> offered_;  // private: user -> target
};

// Replaces kUpdateIdMark in `body` by `update_id`.
std::string with_update_id(std::string_view body, std::int64_t update_id);

}  // namespace bench

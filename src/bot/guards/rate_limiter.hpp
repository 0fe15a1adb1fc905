#pragma once
// Per-user rate limits (GAME.md §13.4) by GCRA, the token bucket kept as one time: a limit of
// N per period T lets N through at once and then one every T/N; each (user, category) keeps
// its "theoretical arrival time" (TAT), the time at which its bucket is full again. An
// action at t is admitted when TAT - t <= T - T/N, and moves TAT on by T/N.
//
// Memory stays bounded whatever comes: the entries live in two generations of at most
// kGenerationSize each. An entry used is moved to the current generation; when the current
// one is full it becomes the previous one and the previous one is dropped. So a million
// distinct users leave at most 2 × kGenerationSize entries. An entry dropped is one not used
// for a whole generation: its bucket had refilled unless the bot saw more than
// kGenerationSize other users meanwhile, in which case that user starts full (a limit
// loosened, never tightened, under extreme load).
#include <chrono>
#include <cstdint>
#include <optional>
#include <unordered_map>

namespace bot {

class RateLimiter {
 public:
  using Millis = std::int64_t;  // a point in time or a length, ms
  static constexpr std::size_t kGenerationSize = 65'536;

  struct Decision {
    bool admitted = true;
    Millis retry_after = 0;  // refused: how long until the next action is admitted
    // Refused, and the first refusal of this key within `period` since its last notice:
    // a message refused gets one notice a window, not one per message.
    bool notify = false;
  };

  // One action of `key` at `now` under a limit of `count` per `period`.
  Decision take(std::uint64_t key, Millis now, int count, Millis period);

  std::size_t size() const { return current_.size() + previous_.size(); }

 private:
  struct Entry {
    Millis tat = 0;          // the bucket is full again at this time
    Millis last_notice = -1;  // when a refusal was last notified (-1: never)
  };
  Entry& entry(std::uint64_t key);

  std::unordered_map<std::uint64_t, Entry> current_;
  std::unordered_map<std::uint64_t, Entry> previous_;
};

}  // namespace bot

#pragma once
// True at most once per clock minute, from any thread: for a warning that a flood would
// otherwise log once per event (a reply dropped, an update refused).
#include <atomic>
#include <chrono>
#include <cstdint>

namespace telegram {

class OncePerMinute {
 public:
  using Clock = std::chrono::steady_clock;

  // Whether this minute (of `now`) has not had its turn yet; takes it if so.
  bool due(Clock::time_point now = Clock::now()) {
    const auto minute =
        std::chrono::duration_cast<std::chrono::minutes>(now.time_since_epoch()).count();
    return last_minute_.exchange(minute) != minute;
  }

 private:
  std::atomic<std::int64_t> last_minute_{-1};
};

}  // namespace telegram

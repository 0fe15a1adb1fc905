#pragma once
// The flood limits of telegram::OutboundQueue, apart from the queue (no Asio here) so that
// the configuration can be mapped onto them anywhere.
#include <chrono>

namespace telegram {

// Defaults are Telegram's limits (and our retry policy); ops::TelegramSettings
// (telegram.outbound_*) repeats them and a test checks that the two agree.
struct OutboundLimits {
  double per_chat_per_second = 1.0;  // > 0
  int per_chat_burst = 3;            // >= 1
  int per_group_per_minute = 20;     // >= 1
  double global_per_second = 30.0;   // also the global burst (at least one token)
  int max_attempts = 8;  // for 5xx and network errors
  // Requests one chat may have waiting; more are dropped (0: no cap).
  int max_pending_per_chat = 200;
  std::chrono::milliseconds request_timeout{15000};
};

}  // namespace telegram

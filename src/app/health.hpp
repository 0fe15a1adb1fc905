#pragma once
// /health (liveness; docs/OPERATIONS.md): 200 and JSON while the process serves HTTP at all.
// The fields of the original bot's health check (GAME.md §13.7), with real values; it never
// touches the database, so it answers while the database hangs.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace app {

struct HealthFacts {
  std::chrono::steady_clock::time_point started;
  std::int64_t requests_processed = 0;  // updates the engine processed
  double errors_encountered = 0;        // bot_errors_total, every kind
  std::string_view version;
  std::string_view mode;  // polling or webhook
  bool stopping = false;
};

std::string health_json(const HealthFacts& facts);

}  // namespace app

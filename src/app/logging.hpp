#pragma once
// The process's logs (docs/OPERATIONS.md, "Logs"): on stderr, readable text on a terminal
// and JSON lines otherwise (log.format = auto | text | json), one line an event:
//   text  [2026-12-06 22:41:07.123] [info] logged in as @gofrobot update_id=5 route=/start
//   json  {"time":"2026-12-06T22:41:07.123Z","level":"info","message":"logged in as
//         @gofrobot","update_id":5,"route":"/start"}
// Fields come from ops::log_event. The level changes on reload (set_log_level).
#include <spdlog/formatter.h>

#include <memory>

#include "ops/config.hpp"

namespace app {

// Installs the default logger. `quiet`: warnings and worse only (the terminal game, tools).
void setup_logging(const ops::Config& config, bool quiet);
void set_log_level(ops::LogLevel level);

// The formatters, for tests: text (with spdlog's colour markers) or JSON lines.
std::unique_ptr<spdlog::formatter> make_log_formatter(ops::LogFormat format, bool terminal);

}  // namespace app

#pragma once
// `gofrobot healthcheck` (issue 17): asks the running bot's GET /health on ops.listen and
// exits 0 when it answers 200, non-zero with one line saying why otherwise. It is the
// container image's HEALTHCHECK, so that the image needs no curl: it reads the same
// configuration (file, .env, environment) as `run`, and so asks the port `run` listens on.
//
// A listen address on every interface (0.0.0.0, ::) is asked on the loopback of the same
// family: that is where a process beside the bot (in the same container) reaches it.
#include <chrono>
#include <ostream>
#include <string>

#include "ops/config.hpp"

namespace app {

struct HealthcheckResult {
  bool healthy = false;
  std::string line;  // one line: what was asked and what came back, or why nothing did
};

// GET /health on `listen` (ops.listen's HOST:PORT), everything within `timeout`.
HealthcheckResult check_health(const std::string& listen, std::chrono::milliseconds timeout);

// The command: 0 when healthy (the line on `out`), 1 otherwise (the line on `err`).
int run_healthcheck(const ops::Config& config, std::chrono::milliseconds timeout,
                    std::ostream& out, std::ostream& err);

}  // namespace app

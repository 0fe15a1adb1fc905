#pragma once
// `gofrobot simulate` (issue 19): runs the balance simulator (src/sim) with the configured
// balance, writes its CSV files to --out and, when gnuplot is on the PATH, draws them as
// SVG pictures there (plots.gp stays, to draw them again). With --compare, the same seed
// runs the other file's balance too: its CSV files go to OUT/b, the configured one's to
// OUT/a, and each picture shows both side by side on one scale.
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "game/balance.hpp"
#include "sim/simulation.hpp"

namespace app {

struct SimulateRequest {
  sim::SimOptions options;
  game::Balance balance;
  std::string balance_name = "config/gofrobot.toml";  // what the panels call it
  std::optional<game::Balance> compare;
  std::string compare_name;
  std::filesystem::path out = "sim";
  // The gnuplot to run; empty skips the pictures.
  std::string gnuplot = "gnuplot";
};

// Returns the exit status: 0 when the CSV files (and pictures, if gnuplot ran) are written.
int run_simulate(const SimulateRequest& request, std::ostream& out, std::ostream& err);

}  // namespace app

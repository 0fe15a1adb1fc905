#pragma once
// The gnuplot script that draws the simulator's CSV files as SVG pictures: gofra and cable
// growth per habit (median and the 10–90 % band), days to reach each level, the level
// distribution at the end, and the PvP win rate by level difference. With two runs (a
// comparison of two balances) each picture has two panels side by side on the same scale.
// Titles, axes and legends are in Russian, as the game is.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/simulation.hpp"

namespace sim {

struct Panel {
  const SimResult* result = nullptr;
  std::string csv_dir;  // where its CSV files are, relative to the output directory ("" or "a")
  std::string title;    // what the panel shows (the balance's file)
};

// The pictures the script draws, in the output directory.
inline const std::vector<std::string> kPlotFiles{"growth_gofra.svg", "growth_cable.svg",
                                                 "days_to_level.svg", "final_levels.svg",
                                                 "pvp_win_rate.svg"};

// The script; gnuplot runs it in the output directory (the CSV paths are relative to it).
std::string plot_script(const std::vector<Panel>& panels);

}  // namespace sim

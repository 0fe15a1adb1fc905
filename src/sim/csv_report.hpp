#pragma once
// The simulator's figures as CSV files, one table each, with a header row: what a
// spreadsheet opens and what the plots are drawn from.
//   daily.csv         a habit's figures at the end of every day (habit-major)
//   levels.csv        days to reach each level, per habit (habit-major, every level)
//   final_levels.csv  the level distribution at the end, per habit
//   pvp.csv           private fights by level difference: attacker win rate, mean chance
//   davkas.csv        davkas by level: mean grams and gofra growth
#include <filesystem>
#include <string>

#include "sim/simulation.hpp"

namespace sim {

// The level's name as the game shows it (the cosmic ones as one).
std::string level_name(int level);

// Writes the five files into `dir` (created if missing); throws on an I/O error.
void write_csv(const SimResult& result, const std::filesystem::path& dir);

}  // namespace sim

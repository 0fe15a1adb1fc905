#pragma once
// Gofra levels (GAME.md §2): the table of ten levels and the endless cosmic levels.
#include <string>

namespace game {

struct GofraInfo {
  std::string name;
  std::string emoji;
  long min_grams = 0;
  long max_grams = 0;
  double atm_speed = 1.0;
  double threshold = 0.0;
  double next_threshold = 0.0;
  double progress = 0.0;  // 0..1 towards next_threshold
  double length_mm = 0.0;
  std::string length_display;  // "1.2 см" on table levels, "123.5 м" on cosmic ones
  int table_index = 0;         // 0..9 for table levels, -1 for cosmic
  bool cosmic() const { return table_index < 0; }
};

inline constexpr int kTableLevels = 10;
inline constexpr double kCosmicThresholdMm = 100000.0;

GofraInfo gofra_info(double gofra_mm);

// Just the atmosphere speed of gofra_info(gofra_mm), without building the strings: the
// regeneration of every player in a top needs it.
double atm_speed(double gofra_mm);

// The level as a number: 0..9 for the table levels, kTableLevels (10) for every cosmic one
// (without building the strings: the balance simulator counts levels of every player).
int level_number(double gofra_mm);

// Row `index` (0..9, clamped) of the level table, as gofra_info(threshold) describes it.
GofraInfo table_level(int index);

}  // namespace game

#include "game/levels.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "game/numeric.hpp"

namespace game {
namespace {

struct LevelRow {
  double threshold_mm;  // inclusive lower bound
  const char* name;
  const char* emoji;
  long min_grams;
  long max_grams;
  double atm_speed;
};

// GAME.md §2.1. Emoji are spelled as code points so that invisible selectors (U+FE0F) and
// the zero-width joiner of level 8 survive editors and reviews.
constexpr std::array<LevelRow, kTableLevels> kTable{{
    {10.0, "Новая гофра", "\U0001F195", 30, 100, 1.0},
    {50.0, "Слегка разъезжена", "\U0001F504", 45, 120, 1.1},
    {150.0, "Рабочая гофра", "\u2699\uFE0F", 60, 150, 1.2},
    {300.0, "Разъезжена хорошо", "\U0001F525", 80, 190, 1.3},
    {600.0, "Заезженная гофра", "\U0001F3CE\uFE0F", 110, 250, 1.4},
    {1200.0, "Убитая гофра", "\U0001F480", 150, 320, 1.5},
    {2500.0, "Легендарная гофра", "\U0001F451", 200, 420, 1.6},
    {5000.0, "Царь-гофра", "\U0001F409", 270, 550, 1.7},
    {10000.0, "БОГ ГОФРЫ", "\U0001F441\uFE0F\u200D\U0001F5E8\uFE0F", 350, 700, 1.8},
    {20000.0, "ВСЕЛЕННАЯ ГОФРА", "\U0001F30C", 450, 900, 2.0},
}};

// Cosmic levels (§2.2): the coefficients of the original's expressions, kept as written there.
constexpr double kMmPerMetre = 1000.0;
constexpr double kCosmicSpeedBase = 2.5;
constexpr double kCosmicSpeedMetres = 100.0;
constexpr double kCosmicSpeedStep = 0.1;
constexpr double kCosmicWeightMetres = 100.0;
constexpr double kCosmicWeightPer = 50.0;
constexpr double kCosmicWeightStep = 0.05;
constexpr double kCosmicMinGrams = 1000.0;
constexpr double kCosmicMaxGrams = 2500.0;
constexpr double kCosmicStepMm = 5000.0;  // the "next level" is always 5 m ahead
constexpr const char* kCosmicName = "КОСМИЧЕСКАЯ ГОФРА ";
constexpr const char* kCosmicEmoji = "\U0001F680";

// The last row whose threshold is <= mm; row 0 below the first threshold.
int table_index_for(double mm) {
  int index = 0;
  for (int i = 1; i < kTableLevels; ++i) {
    if (kTable[static_cast<std::size_t>(i)].threshold_mm <= mm) index = i;
  }
  return index;
}

double cosmic_speed(double metres) {
  return py_round(kCosmicSpeedBase + (metres / kCosmicSpeedMetres) * kCosmicSpeedStep, 2);
}

GofraInfo cosmic_info(double mm) {
  const double metres = mm / kMmPerMetre;
  const double weight_bonus =
      1 + ((metres - kCosmicWeightMetres) / kCosmicWeightPer) * kCosmicWeightStep;
  GofraInfo info;
  info.name = kCosmicName + std::to_string(static_cast<std::int64_t>(std::floor(metres))) + "м";
  info.emoji = kCosmicEmoji;
  info.min_grams = static_cast<long>(py_round0(kCosmicMinGrams * weight_bonus));
  info.max_grams = static_cast<long>(py_round0(kCosmicMaxGrams * weight_bonus));
  info.atm_speed = cosmic_speed(metres);
  info.threshold = kCosmicThresholdMm;
  info.next_threshold = mm + kCosmicStepMm;
  info.progress = std::fmod(mm, kCosmicStepMm) / kCosmicStepMm;
  info.length_mm = mm;
  info.length_display = fixed(metres, 1) + " м";
  info.table_index = -1;
  return info;
}

GofraInfo table_info(double mm) {
  const int index = table_index_for(mm);
  const LevelRow& row = kTable[static_cast<std::size_t>(index)];
  const double next = index + 1 < kTableLevels
                          ? kTable[static_cast<std::size_t>(index + 1)].threshold_mm
                          : kCosmicThresholdMm;
  GofraInfo info;
  info.name = row.name;
  info.emoji = row.emoji;
  info.min_grams = row.min_grams;
  info.max_grams = row.max_grams;
  info.atm_speed = row.atm_speed;
  info.threshold = row.threshold_mm;
  info.next_threshold = next;
  info.progress = (mm - row.threshold_mm) / (next - row.threshold_mm);
  info.length_mm = mm;
  info.length_display = format_length(mm);
  info.table_index = index;
  return info;
}

}  // namespace

GofraInfo gofra_info(double gofra_mm) {
  return gofra_mm >= kCosmicThresholdMm ? cosmic_info(gofra_mm) : table_info(gofra_mm);
}

double atm_speed(double gofra_mm) {
  if (gofra_mm >= kCosmicThresholdMm) return cosmic_speed(gofra_mm / kMmPerMetre);
  return kTable[static_cast<std::size_t>(table_index_for(gofra_mm))].atm_speed;
}

int level_number(double gofra_mm) {
  return gofra_mm >= kCosmicThresholdMm ? kTableLevels : table_index_for(gofra_mm);
}

GofraInfo table_level(int index) {
  const int clamped = std::clamp(index, 0, kTableLevels - 1);
  return gofra_info(kTable[static_cast<std::size_t>(clamped)].threshold_mm);
}

}  // namespace game

#include "sim/csv_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace sim {

namespace {

class CsvFile {
 public:
  CsvFile(const std::filesystem::path& path, std::string_view header) : path_(path), out_(path) {
    if (!out_) throw std::runtime_error("cannot write " + path.string());
    out_ << header << '\n';
  }
  template <typename... Args>
  void row(fmt::format_string<Args...> format, Args&&... args) {
    out_ << fmt::format(format, std::forward<Args>(args)...) << '\n';
  }
  // Flushes and says whether all of it was written (a full disk shows here).
  void finish() {
    out_.close();
    if (!out_) throw std::runtime_error("cannot write " + path_.string());
  }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

// An empty field where a figure does not exist (too few reached the level, no fights).
std::string maybe(bool present, double value) {
  return present ? fmt::format("{:.3f}", value) : std::string();
}

}  // namespace

std::string level_name(int level) {
  return level < game::kTableLevels ? game::table_level(level).name : "КОСМИЧЕСКАЯ ГОФРА";
}

void write_csv(const SimResult& result, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  {
    CsvFile f(dir / "daily.csv",
              "day,habit,players,gofra_p10_mm,gofra_median_mm,gofra_p90_mm,cable_p10_mm,"
              "cable_median_mm,cable_p90_mm,snake_median_kg,level_median,davkas_mean,"
              "fights_mean,fights_won_mean");
    for (const auto& r : result.daily) {
      f.row("{},{},{},{:.2f},{:.2f},{:.2f},{:.2f},{:.2f},{:.2f},{:.3f},{:.1f},{:.3f},{:.3f},{:.3f}",
            r.day, habit_key(r.habit), r.players, r.gofra_mm.p10, r.gofra_mm.median,
            r.gofra_mm.p90, r.cable_mm.p10, r.cable_mm.median, r.cable_mm.p90,
            r.snake_kg_median, r.level_median, r.davkas_mean, r.fights_mean, r.fights_won_mean);
    }
    f.finish();
  }
  {
    CsvFile f(dir / "levels.csv",
              "habit,level,level_name,reached,days_p10,days_median,days_p90");
    for (const auto& r : result.levels) {
      f.row("{},{},{},{},{},{},{}", habit_key(r.habit), r.level, level_name(r.level), r.reached,
            maybe(std::isfinite(r.days.p10), r.days.p10),
            maybe(std::isfinite(r.days.median), r.days.median),
            maybe(std::isfinite(r.days.p90), r.days.p90));
    }
    f.finish();
  }
  {
    CsvFile f(dir / "final_levels.csv", "habit,level,level_name,players,share");
    for (Habit h : kHabits) {
      const auto& counts = result.final_levels[index_of(h)];
      std::size_t total = 0;
      for (auto c : counts) total += c;
      if (total == 0) continue;
      for (int l = 0; l < kLevels; ++l) {
        const auto c = counts[static_cast<std::size_t>(l)];
        f.row("{},{},{},{},{:.4f}", habit_key(h), l, level_name(l), c,
              static_cast<double>(c) / static_cast<double>(total));
      }
    }
    f.finish();
  }
  {
    CsvFile f(dir / "pvp.csv", "level_difference,fights,attacker_wins,attacker_win_rate,mean_chance");
    for (const auto& r : result.pvp) {
      const bool any = r.fights > 0;
      const auto n = static_cast<double>(r.fights);
      f.row("{},{},{},{},{}", r.level_difference, r.fights, r.attacker_wins,
            maybe(any, static_cast<double>(r.attacker_wins) / n), maybe(any, r.chance_sum / n));
    }
    f.finish();
  }
  {
    CsvFile f(dir / "davkas.csv", "level,level_name,davkas,mean_grams,mean_exp_mm");
    for (const auto& r : result.davkas) {
      const bool any = r.davkas > 0;
      const auto n = static_cast<double>(r.davkas);
      f.row("{},{},{},{},{}", r.level, level_name(r.level), r.davkas,
            maybe(any, r.grams_sum / n), maybe(any, r.exp_mm_sum / n));
    }
    f.finish();
  }
}

}  // namespace sim

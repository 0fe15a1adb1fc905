#include "sim/plot_script.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "sim/csv_report.hpp"

namespace sim {

namespace {

std::string_view colour(Habit h) {
  switch (h) {
    case Habit::Grinder: return "#d62728";
    case Habit::TwiceDaily: return "#1f77b4";
    case Habit::Fighter: return "#2ca02c";
    case Habit::Casual: return "#9467bd";
  }
  return "#000000";
}

// gnuplot strings are double-quoted; our titles are file names and fixed words.
std::string gp_string(std::string_view text) {
  std::string q = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + '"';
}

std::string file(const Panel& p, std::string_view name) {
  return gp_string(p.csv_dir.empty() ? std::string(name) : p.csv_dir + "/" + std::string(name));
}

// The habits a run has players of, in the order the CSV files list them.
std::vector<Habit> habits_of(const SimResult& r) {
  std::vector<Habit> present;
  for (const auto& row : r.daily) {
    if (std::find(present.begin(), present.end(), row.habit) == present.end()) {
      present.push_back(row.habit);
    }
  }
  return present;
}

// The x offset of a habit's marks so that four habits side by side do not hide each other.
double offset(std::size_t i, std::size_t n, double step) {
  return (static_cast<double>(i) - (static_cast<double>(n) - 1) / 2) * step;
}

class Script {
 public:
  explicit Script(const std::vector<Panel>& panels) : panels_(panels) {}

  void line(std::string_view text) {
    text_ += text;
    text_ += '\n';
  }

  // One picture: `draw` writes a panel's settings and plot command.
  template <typename Draw>
  void picture(std::string_view output, std::string_view title, Draw draw) {
    const bool two = panels_.size() > 1;
    line(fmt::format("set output {}", gp_string(output)));
    if (two) {
      line(fmt::format("set multiplot layout 1,{} title {} font \",14\"", panels_.size(),
                       gp_string(title)));
    }
    for (const auto& p : panels_) {
      line("reset session");
      line(common_);
      line(fmt::format("set title {}", gp_string(two ? p.title : std::string(title) + " — " + p.title)));
      draw(p);
    }
    if (two) line("unset multiplot");
    line("set output");
  }

  void set_common(std::string text) { common_ = std::move(text); }
  const std::string& text() const { return text_; }

 private:
  const std::vector<Panel>& panels_;
  std::string common_;
  std::string text_;
};

}  // namespace

std::string plot_script(const std::vector<Panel>& panels) {
  Script s(panels);
  const bool two = panels.size() > 1;
  s.line("# Made by `gofrobot simulate`: draws the CSV files of this directory into its SVG");
  s.line("# pictures. To draw them again: cd to this directory, then `gnuplot plots.gp`.");
  s.line("set encoding utf8");
  s.line(fmt::format("set terminal svg size {},560 dynamic enhanced font \"DejaVu Sans,12\" "
                     "background rgb \"white\"",
                     two ? 1500 : 900));

  // One scale for both panels, so a comparison compares.
  double gofra_lo = std::numeric_limits<double>::max(), gofra_hi = 0;
  double cable_lo = std::numeric_limits<double>::max(), cable_hi = 0;
  int days = 1;
  for (const auto& p : panels) {
    days = std::max(days, p.result->options.days);
    for (const auto& r : p.result->daily) {
      gofra_lo = std::min(gofra_lo, r.gofra_mm.p10);
      gofra_hi = std::max(gofra_hi, r.gofra_mm.p90);
      cable_lo = std::min(cable_lo, r.cable_mm.p10);
      cable_hi = std::max(cable_hi, r.cable_mm.p90);
    }
  }
  if (gofra_hi <= 0) gofra_lo = 1, gofra_hi = 100, cable_lo = 1, cable_hi = 100;
  s.set_common(
      "set encoding utf8\nset datafile separator \",\"\nset grid\nset key top left box opaque");

  std::string level_tics = "set xtics rotate by -35 (";
  for (int l = 0; l < kLevels; ++l) {
    level_tics += fmt::format("{}{} {}", l ? ", " : "", gp_string(level_name(l)), l);
  }
  level_tics += ")";

  auto growth = [&](std::string_view output, std::string_view title, std::string_view ylabel,
                    int first_column, double lo, double hi) {
    s.picture(output, title, [&, first_column, lo, hi](const Panel& p) {
      s.line("set xlabel \"день\"");
      s.line(fmt::format("set ylabel {}", gp_string(ylabel)));
      s.line("set logscale y");
      s.line("set key below");  // the bands fill the panel
      s.line(fmt::format("set xrange [1:{}]", days));
      s.line(fmt::format("set yrange [{}:{}]", lo * 0.9, hi * 1.1));
      std::string plot = "plot ";
      std::size_t row = 0;
      for (Habit h : habits_of(*p.result)) {
        const auto n = static_cast<std::size_t>(p.result->options.days);
        const std::string every = fmt::format("every ::{}::{}", row, row + n - 1);
        row += n;
        plot += fmt::format(
            "{} skip 1 {} using 1:{}:{} with filledcurves fc rgb {} fs transparent solid 0.15 "
            "notitle, \\\n  {} skip 1 {} using 1:{} with lines lw 2 lc rgb {} title {}, \\\n  ",
            file(p, "daily.csv"), every, first_column, first_column + 2, gp_string(colour(h)),
            file(p, "daily.csv"), every, first_column + 1, gp_string(colour(h)),
            gp_string(habit_label(h)));
      }
      plot.resize(plot.size() - 6);  // the last ", \\\n  "
      s.line(plot);
    });
  };
  growth("growth_gofra.svg", "Рост гофры по дням (медиана и 10–90 % игроков)",
         "гофра, мм (логарифмическая шкала)", 4, gofra_lo, gofra_hi);
  growth("growth_cable.svg", "Рост кабеля по дням (медиана и 10–90 % игроков)",
         "кабель, мм (логарифмическая шкала)", 7, cable_lo, cable_hi);

  s.picture("days_to_level.svg", "Сколько дней до уровня (медиана игроков; черта: 10–90 %, до верха — не все дошли)",
            [&](const Panel& p) {
              s.line("set ylabel \"дней с начала игры\"");
              s.line(level_tics);
              s.line(fmt::format("set xrange [-0.5:{}.5]", kLevels - 1));
              s.line(fmt::format("set yrange [0:{}]", days));
              s.line("set bmargin 8");
              s.line("set rmargin 12");
              std::string plot = "plot ";
              const auto habits = habits_of(*p.result);
              for (std::size_t i = 0; i < habits.size(); ++i) {
                const std::string every =
                    fmt::format("every ::{}::{}", i * kLevels, (i + 1) * kLevels - 1);
                plot += fmt::format(
                    "{} skip 1 {} using ($2+{}):6:5:(valid(7) ? $7 : {}) with yerrorlines lw 2 pt 7 lc rgb {} "
                    "title {}, ",
                    file(p, "levels.csv"), every, offset(i, habits.size(), 0.12), days,
                    gp_string(colour(habits[i])), gp_string(habit_label(habits[i])));
              }
              plot.resize(plot.size() - 2);
              s.line(plot);
            });

  s.picture("final_levels.svg",
            fmt::format("Уровни игроков через {} дн. (доля игроков привычки)", days),
            [&](const Panel& p) {
              s.line("set ylabel \"игроков, %\"");
              s.line(level_tics);
              s.line(fmt::format("set xrange [-0.5:{}.5]", kLevels - 1));
              s.line("set yrange [0:100]");
              s.line("set bmargin 8");
              s.line("set rmargin 12");
              s.line("set style fill solid 0.8 border -1");
              const auto habits = habits_of(*p.result);
              const double width = 0.8 / static_cast<double>(std::max<std::size_t>(1, habits.size()));
              s.line(fmt::format("set boxwidth {}", width));
              std::string plot = "plot ";
              for (std::size_t i = 0; i < habits.size(); ++i) {
                const std::string every =
                    fmt::format("every ::{}::{}", i * kLevels, (i + 1) * kLevels - 1);
                plot += fmt::format("{} skip 1 {} using ($2+{}):($5*100) with boxes lc rgb {} title {}, ",
                                    file(p, "final_levels.csv"), every,
                                    offset(i, habits.size(), width), gp_string(colour(habits[i])),
                                    gp_string(habit_label(habits[i])));
              }
              plot.resize(plot.size() - 2);
              s.line(plot);
            });

  s.picture("pvp_win_rate.svg", "Радёмка: победы нападающего по разнице уровней",
            [&](const Panel& p) {
              s.line("set xlabel \"уровень нападающего минус уровень защитника\"");
              s.line("set ylabel \"%\"");
              s.line(fmt::format("set xrange [{:.1f}:{:.1f}]", -kMaxDifference - 0.5, kMaxDifference + 0.5));
              s.line("set key top left");  // the win rates stay near 50 %
              s.line("set xtics 1");
              s.line("set yrange [0:110]");
              s.line("set style fill solid 0.5 border -1");
              s.line("set boxwidth 0.7");
              s.line(fmt::format(
                  "plot {0} skip 1 using 1:($4*100) with boxes lc rgb \"#1f77b4\" "
                  "title \"доля побед нападающего\", \\\n  {0} skip 1 using 1:5 with linespoints "
                  "lw 2 pt 7 lc rgb \"#d62728\" title \"средний шанс по формуле\", \\\n  {0} skip 1 "
                  "using 1:(2):(sprintf(\"%d боёв\", $2)) with labels rotate by 90 left font \",9\" notitle",
                  file(p, "pvp.csv")));
            });
  return s.text();
}

}  // namespace sim

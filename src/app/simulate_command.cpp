#include "app/simulate_command.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include "sim/csv_report.hpp"
#include "sim/plot_script.hpp"

extern char** environ;

namespace app {

namespace {

struct Drawn {
  enum Outcome { kDrawn, kNoGnuplot, kFailed } outcome = kDrawn;
  std::string problem;
};

// Runs gnuplot on the script in `dir`, where the CSV files are; its own messages go to our
// stderr.
Drawn draw(const std::string& gnuplot, const std::filesystem::path& dir) {
  const std::string path = (dir / "plots.gp").string();
  const std::string where = dir.string();
  char script[] = "plots.gp";
  char* argv[] = {const_cast<char*>(gnuplot.c_str()), script, nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, where.c_str());
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, gnuplot.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  const std::string install = "install gnuplot (Debian: gnuplot-nox) for the pictures";
  if (spawned != 0) {
    return {Drawn::kNoGnuplot, fmt::format("cannot run {} ({}); {}", gnuplot,
                                           std::strerror(spawned), install)};
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // posix_spawnp reports a missing program as the child's exit status 127.
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
      return {Drawn::kNoGnuplot, fmt::format("{} not found; {}", gnuplot, install)};
    }
    return {Drawn::kFailed, fmt::format("{} failed on {}", gnuplot, path)};
  }
  return {};
}

void summarise(const sim::SimResult& r, std::string_view name, std::ostream& out) {
  out << fmt::format("{}: {} players x {} days, {} visits\n", name, r.options.players,
                     r.options.days, r.visits);
  for (const auto& row : r.daily) {
    if (row.day != r.options.days) continue;
    out << fmt::format("  {:<12} {:>6} players  gofra median {:>9.1f} mm  cable {:>7.1f} mm  "
                       "level {:>4.1f}  davkas {:>6.1f}  fights {:>6.1f} (won {:.1f})\n",
                       sim::habit_key(row.habit), row.players, row.gofra_mm.median,
                       row.cable_mm.median, row.level_median, row.davkas_mean, row.fights_mean,
                       row.fights_won_mean);
  }
}

}  // namespace

int run_simulate(const SimulateRequest& request, std::ostream& out, std::ostream& err) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<sim::SimResult> results;
  results.push_back(sim::simulate(request.options, request.balance));
  if (request.compare) results.push_back(sim::simulate(request.options, *request.compare));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::vector<sim::Panel> panels;
  try {
    std::filesystem::create_directories(request.out);
    if (request.compare) {
      sim::write_csv(results[0], request.out / "a");
      sim::write_csv(results[1], request.out / "b");
      panels.push_back({&results[0], "a", request.balance_name});
      panels.push_back({&results[1], "b", request.compare_name});
    } else {
      sim::write_csv(results[0], request.out);
      panels.push_back({&results[0], "", request.balance_name});
    }
    std::ofstream script(request.out / "plots.gp");
    script << sim::plot_script(panels);
    script.close();
    if (!script) throw std::runtime_error("cannot write " + (request.out / "plots.gp").string());
  } catch (const std::exception& e) {
    err << "gofrobot simulate: " << e.what() << '\n';
    return 1;
  }

  summarise(results[0], request.balance_name, out);
  if (request.compare) summarise(results[1], request.compare_name, out);
  out << fmt::format("simulated in {:.2f} s; CSV files in {}\n", seconds, request.out.string());
  if (request.gnuplot.empty()) return 0;
  const Drawn drawn = draw(request.gnuplot, request.out);
  if (drawn.outcome != Drawn::kDrawn) {
    // Without gnuplot the CSV files are the result; a gnuplot that fails is an error.
    err << "gofrobot simulate: " << drawn.problem << " (the CSV files are written)\n";
    return drawn.outcome == Drawn::kNoGnuplot ? 0 : 1;
  }
  out << "pictures:";
  for (const auto& f : sim::kPlotFiles) out << ' ' << (request.out / f).string();
  out << '\n';
  return 0;
}

}  // namespace app

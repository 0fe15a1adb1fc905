// `gofrobot simulate` as an operator runs it: the CSV files and, through Debian's gnuplot
// (scripts/install-deps.sh installs gnuplot-nox), the SVG pictures; a comparison of two
// balances; and a machine without gnuplot, where the CSV files are still the result.
#include "app/simulate_command.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/plot_script.hpp"
#include "unit/ops/temp_dir.hpp"

namespace app {
namespace {

using ops_test::read_file;

SimulateRequest small(const std::filesystem::path& out) {
  SimulateRequest r;
  r.options.players = 200;
  r.options.days = 10;
  r.out = out;
  return r;
}

void expect_pictures(const std::filesystem::path& dir) {
  for (const auto& f : sim::kPlotFiles) {
    const auto svg = read_file(dir / f);
    EXPECT_NE(svg.find("<svg"), std::string::npos) << f;
    EXPECT_NE(svg.find("</svg>"), std::string::npos) << f;  // gnuplot finished the file
    EXPECT_NE(svg.find("<path"), std::string::npos) << f;   // and drew something in it
  }
  EXPECT_NE(read_file(dir / "growth_gofra.svg").find("Рост гофры"), std::string::npos);
  EXPECT_NE(read_file(dir / "growth_gofra.svg").find("заходит утром и вечером"), std::string::npos);
}

TEST(SimulateCommand, WritesTheCsvFilesAndDrawsThePictures) {
  ops_test::TempDir dir;
  std::ostringstream out, err;
  ASSERT_EQ(run_simulate(small(dir.path() / "sim"), out, err), 0) << err.str();
  EXPECT_EQ(err.str(), "");
  for (const char* f : {"daily.csv", "levels.csv", "final_levels.csv", "pvp.csv", "davkas.csv",
                        "plots.gp"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "sim" / f)) << f;
  }
  expect_pictures(dir.path() / "sim");
  EXPECT_NE(out.str().find("200 players x 10 days"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("pictures:"), std::string::npos);
}

TEST(SimulateCommand, ComparesTwoBalancesOnTheSameSeedSideBySide) {
  ops_test::TempDir dir;
  auto request = small(dir.path());
  request.balance_name = "base.toml";
  game::Balance faster;
  faster.atm_base_seconds = 3600;
  request.compare = faster;
  request.compare_name = "faster.toml";
  std::ostringstream out, err;
  ASSERT_EQ(run_simulate(request, out, err), 0) << err.str();
  const auto a = read_file(dir.path() / "a" / "daily.csv");
  const auto b = read_file(dir.path() / "b" / "daily.csv");
  EXPECT_FALSE(a.empty());
  EXPECT_NE(a, b);  // the faster refill shows
  expect_pictures(dir.path());
  const auto svg = read_file(dir.path() / "growth_gofra.svg");
  EXPECT_NE(svg.find("base.toml"), std::string::npos);
  EXPECT_NE(svg.find("faster.toml"), std::string::npos);
  // The same seed: the configured balance's run is the one a run without --compare makes.
  ops_test::TempDir alone;
  std::ostringstream out2, err2;
  auto plain = small(alone.path());
  plain.gnuplot.clear();
  ASSERT_EQ(run_simulate(plain, out2, err2), 0);
  EXPECT_EQ(read_file(alone.path() / "daily.csv"), a);
}

TEST(SimulateCommand, WithoutGnuplotTheCsvFilesAreWrittenAndItSaysHowToGetThePictures) {
  ops_test::TempDir dir;
  auto request = small(dir.path());
  request.gnuplot = "gnuplot-that-is-not-installed";
  std::ostringstream out, err;
  EXPECT_EQ(run_simulate(request, out, err), 0);
  EXPECT_NE(err.str().find("gnuplot-nox"), std::string::npos) << err.str();
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "daily.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "growth_gofra.svg"));
}

TEST(SimulateCommand, AnOutputDirectoryThatCannotBeMadeIsAClearError) {
  ops_test::TempDir dir;
  const auto file = dir.write("taken", "a file, not a directory");
  std::ostringstream out, err;
  EXPECT_EQ(run_simulate(small(file / "sim"), out, err), 1);
  EXPECT_NE(err.str().find("gofrobot simulate:"), std::string::npos);
}

// The binary as the user runs it: `simulate --config FILE` reads that file's balance,
// and bad arguments are refused before anything runs.
int run_binary(const std::filesystem::path& dir, const std::string& args) {
  const std::string command = "cd '" + dir.string() + "' && '" + std::string(GOFROBOT_BINARY) +
                              "' " + args + " > out.txt 2> err.txt";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(SimulateCommand, TheBinaryReadsTheBalanceOfTheConfigGivenAfterTheCommand) {
  ops_test::TempDir dir;
  dir.write("fast.toml", "[balance]\natm_base_seconds = 600.0\n");
  ASSERT_EQ(run_binary(dir.path(), "simulate --days 3 --players 20 --mix grinder=1 --out slow"), 0)
      << read_file(dir.path() / "err.txt");
  ASSERT_EQ(run_binary(dir.path(),
                       "simulate --config fast.toml --days 3 --players 20 --mix grinder=1 --out fast"),
            0)
      << read_file(dir.path() / "err.txt");
  EXPECT_NE(read_file(dir.path() / "out.txt").find("fast.toml: 20 players x 3 days"), std::string::npos);
  // A refill in 2 h instead of 24: many times the davkas (less than twelve: the first visit
  // of the day and the minutes a grinder takes to notice).
  auto davkas_on_day_3 = [&](const char* run) {
    std::ifstream in(dir.path() / run / "daily.csv");
    std::string line, last;
    while (std::getline(in, line)) last = line;
    return std::stod(last.substr(last.rfind(',', last.rfind(',', last.rfind(',') - 1) - 1) + 1));
  };
  EXPECT_GT(davkas_on_day_3("fast"), 6 * davkas_on_day_3("slow"));

  EXPECT_EQ(run_binary(dir.path(), "simulate --mix grinder=x --out bad"), 2);
  EXPECT_NE(read_file(dir.path() / "err.txt").find("--mix"), std::string::npos);
  EXPECT_EQ(run_binary(dir.path(), "simulate --mix zealot=1 --out bad"), 2);
  EXPECT_EQ(run_binary(dir.path(), "simulate --compare missing.toml --out bad"), 2);
  EXPECT_NE(run_binary(dir.path(), "simulate --days 0 --out bad"), 0);  // CLI11: out of range
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "bad"));
}

}  // namespace
}  // namespace app

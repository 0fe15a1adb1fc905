// The simulator's files: the CSV tables byte for byte the same for a seed, their shape,
// and the plot script's pictures.
#include <gtest/gtest.h>

#include <fstream>

#include "sim/csv_report.hpp"
#include "sim/plot_script.hpp"
#include "unit/ops/temp_dir.hpp"

namespace sim {
namespace {

using ops_test::read_file;

const char* const kCsvFiles[] = {"daily.csv", "levels.csv", "final_levels.csv", "pvp.csv",
                                 "davkas.csv"};

TEST(SimReport, AFixedSeedWritesIdenticalCsvFiles) {
  ops_test::TempDir dir;
  const SimOptions o{.players = 200, .days = 7, .seed = 5};
  write_csv(simulate(o, game::Balance{}), dir.path() / "one");
  write_csv(simulate(o, game::Balance{}), dir.path() / "two");
  SimOptions other = o;
  other.seed = 6;
  write_csv(simulate(other, game::Balance{}), dir.path() / "three");
  for (const char* f : kCsvFiles) {
    const auto one = read_file(dir.path() / "one" / f);
    EXPECT_FALSE(one.empty()) << f;
    EXPECT_EQ(one, read_file(dir.path() / "two" / f)) << f;
  }
  EXPECT_NE(read_file(dir.path() / "one" / "daily.csv"), read_file(dir.path() / "three" / "daily.csv"));
}

TEST(SimReport, TheTablesHaveAHeaderAndARowForEachDayHabitAndLevel) {
  ops_test::TempDir dir;
  const SimOptions o{.players = 100, .days = 5, .seed = 1};
  write_csv(simulate(o, game::Balance{}), dir.path());
  auto lines = [&](const char* f) {
    std::ifstream in(dir.path() / f);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  };
  const auto daily = lines("daily.csv");
  ASSERT_EQ(daily.size(), 1u + 4u * 5u);
  EXPECT_EQ(daily[0].rfind("day,habit,players,gofra_p10_mm", 0), 0u);
  EXPECT_EQ(daily[1].rfind("1,grinder,20,", 0), 0u) << daily[1];
  EXPECT_EQ(lines("levels.csv").size(), 1u + 4u * kLevels);
  EXPECT_EQ(lines("final_levels.csv").size(), 1u + 4u * kLevels);
  EXPECT_EQ(lines("pvp.csv").size(), 1u + 2u * kMaxDifference + 1u);
  const auto davkas = lines("davkas.csv");
  ASSERT_EQ(davkas.size(), 1u + kLevels);
  EXPECT_EQ(davkas[1].rfind("0,Новая гофра,", 0), 0u) << davkas[1];
}

TEST(SimReport, TheScriptDrawsEveryPictureAndPanelsSideBySideForAComparison) {
  const SimOptions o{.players = 50, .days = 3, .seed = 1};
  const auto a = simulate(o, game::Balance{});
  const auto one = plot_script({{&a, "", "base.toml"}});
  for (const auto& f : kPlotFiles) EXPECT_NE(one.find("set output \"" + f + "\""), std::string::npos) << f;
  EXPECT_EQ(one.find("multiplot"), std::string::npos);
  EXPECT_NE(one.find("\"daily.csv\""), std::string::npos);
  const auto two = plot_script({{&a, "a", "base.toml"}, {&a, "b", "other \"x\".toml"}});
  EXPECT_NE(two.find("set multiplot layout 1,2"), std::string::npos);
  EXPECT_NE(two.find("\"a/daily.csv\""), std::string::npos);
  EXPECT_NE(two.find("\"b/daily.csv\""), std::string::npos);
  EXPECT_NE(two.find("\"other \\\"x\\\".toml\""), std::string::npos);  // quotes escaped
}

}  // namespace
}  // namespace sim

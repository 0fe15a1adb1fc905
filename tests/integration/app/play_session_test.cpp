// Drives the real `gofrobot play` binary through its standard input, as a person would
// type, and reads what it prints. The binary path comes from ctest (GOFROBOT_BINARY).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Run {
  int exit_code = -1;
  std::string output;
};

std::string slurp(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Run play(const std::string& script, const std::string& extra_env = "") {
  const std::string binary = GOFROBOT_BINARY;
  fs::path dir = fs::temp_directory_path() /
                 ("gofrobot-play-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                  "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::create_directories(dir);
  std::ofstream(dir / "input.txt") << script;
  // Run in an empty directory so no config/gofrobot.toml or .env of the checkout is read.
  std::string command = "cd '" + dir.string() + "' && env -u BOT_TOKEN " + extra_env + " '" +
                        binary + "' play --seed 7 < input.txt > output.txt 2> errors.txt";
  Run run;
  int status = std::system(command.c_str());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.output = slurp(dir / "output.txt") + slurp(dir / "errors.txt");
  fs::remove_all(dir);
  return run;
}

// Each expected piece appears, in this order.
void expect_in_order(const std::string& output, const std::vector<std::string>& pieces) {
  std::size_t at = 0;
  for (const auto& piece : pieces) {
    auto found = output.find(piece, at);
    ASSERT_NE(found, std::string::npos) << "missing after offset " << at << ": " << piece
                                        << "\n--- output ---\n" << output;
    at = found + piece.size();
  }
}

TEST(PlaySession, WholeGameThroughTheTerminal) {
  auto run = play(
      "/start\n"
      "1\n"            // 🐍 Давить коричневага
      "1\n"            // again at once: refused
      ":wait 1d\n"
      "1\n"            // full again
      "2\n"            // ✈️ Отправить змия
      "/top\n"
      "1\n"            // 🏗️ По гофре
      "/nickname\n"
      "1\n"            // 📝 Изменить ник
      "/rademka\n"     // a command while waiting is a command, not a nickname
      "/nickname\n"
      "1\n"
      "Гофромастер\n"
      "/nickname\n"
      "1\n"            // second change: refused
      ":user 2 Петя\n"
      ":group\n"
      "/gdavka\n"
      ":user 1 Вася\n"
      ":wait 1d\n"
      "/gdavka\n"
      ":reply 2\n"
      "/fight\n"
      "1\n"            // ✅ Протащить!
      "/gtop\n"
      ":quit\n");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  expect_in_order(run.output, {
      "Здарова, Пацанчик_1",
      "ДАВКА КОРИЧНЕВАГА",
      "Атмосферы: 0/12",
      "Нужны все 12 атмосфер! Сейчас: 0/12",
      "прошло 86400",
      "ДАВКА КОРИЧНЕВАГА",
      "ЗМИЙ ОТПРАВЛЕН",
      "ТОП ПАЦАНОВ С ГОФРОЦЕНТРАЛА",
      "ТОП ПО ГОФРЕ",
      "🥇 Пацанчик_1",
      "Всего пацанов: 1",
      "НИКНЕЙМ",
      "СМЕНА НИКА",
      "РАДЁМКА",
      "СМЕНА НИКА",
      "Ник изменён",
      "Теперь ты: Гофромастер",
      "Ты уже менял его, больше нельзя",
      "теперь ты Петя",
      "Петя",
      "В этом чате",
      "теперь ты Вася",
      "Вася",
      "В этом чате",
      "ВЫЗОВ НА РАДЁМКУ",
      "Результат радёмки",
  });
  // The fight result names both game nicknames; the chat top lists both players.
  auto top = run.output.rfind("Пацанчик_2");
  EXPECT_NE(top, std::string::npos);
  EXPECT_NE(run.output.find("Гофромастер", top == std::string::npos ? 0 : 0), std::string::npos);
}

TEST(PlaySession, InvalidConfigurationExitsNonZeroWithEveryProblem) {
  auto run = play("/start\n", "GOFROBOT_BALANCE_ATM_MAX=0 GOFROBOT_LOG_LEVEL=loud");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("balance.atm_max"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("log.level"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("Здарова"), std::string::npos);
}

TEST(PlaySession, ChatCommandInPrivateChatGivesAHint) {
  auto run = play("/gtop\n:quit\n");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.output.find("групп"), std::string::npos) << run.output;
}

}  // namespace

// The binary keeps what it writes to its own user (docs/SECURITY.md), whatever umask it
// was started with: the data directory and the backups directory 0700, the database, its
// WAL and the backups 0600. Run under umask 022, the usual default, where files would be
// 0644 and directories 0755 otherwise.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "unit/ops/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

int run_binary(const fs::path& dir, const std::string& args) {
  const std::string command =
      "cd '" + dir.string() + "' && umask 022 && GOFROBOT_STORAGE_DATA_DIR=data "
      "GOFROBOT_STORAGE_DATABASE_URL=sqlite://data/gofrobot.db '" + std::string(GOFROBOT_BINARY) +
      "' " + args + " > out.txt 2> err.txt";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

TEST(FileModes, TheDatabaseAndBackupsAreTheBotUsersAloneWhateverTheUmask) {
  ops_test::TempDir dir;
  ASSERT_EQ(run_binary(dir.path(), "migrate"), 0);
  ASSERT_EQ(run_binary(dir.path(), "backup"), 0);
  const auto data = dir.path() / "data";
  EXPECT_EQ(mode_of(data), 0700u);
  EXPECT_EQ(mode_of(data / "gofrobot.db"), 0600u);
  int backups = 0;
  for (const auto& entry : fs::recursive_directory_iterator(data)) {
    const auto mode = mode_of(entry.path());
    if (entry.is_directory()) {
      EXPECT_EQ(mode, 0700u) << entry.path();
    } else {
      EXPECT_EQ(mode, 0600u) << entry.path();
      if (entry.path().parent_path().filename() == "backups") ++backups;
    }
  }
  EXPECT_GE(backups, 1) << "a backup was written";
}

}  // namespace

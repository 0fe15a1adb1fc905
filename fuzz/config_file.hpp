#pragma once
// A scratch file per fuzzing process for ops::load_config, which reads a path: in the
// system's temporary directory, removed at exit.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace fuzz {

class ScratchFile {
 public:
  explicit ScratchFile(std::string_view suffix)
      : path_(std::filesystem::temp_directory_path() /
              ("gofrobot-fuzz-" + std::to_string(::getpid()) + std::string(suffix))) {}
  ~ScratchFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const std::filesystem::path& write(std::string_view text) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    return path_;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace fuzz

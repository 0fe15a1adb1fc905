#pragma once
// A scratch file per fuzzing process for ops::load_config, which reads a path: in /dev/shm
// or the system's temporary directory, removed at exit.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace fuzz {

class ScratchFile {
 public:
  explicit ScratchFile(std::string_view suffix)
      : path_(directory() / ("gofrobot-fuzz-" + std::to_string(::getpid()) + std::string(suffix))) {}
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
  // /dev/shm where there is one: the file is rewritten for every input, and truncating a
  // file on a disk's file system cost the configuration fuzzers a tenth of their time.
  static std::filesystem::path directory() {
    std::error_code ignored;
    if (std::filesystem::is_directory("/dev/shm", ignored)) return "/dev/shm";
    return std::filesystem::temp_directory_path();
  }

  std::filesystem::path path_;
};

}  // namespace fuzz

// Naming, publishing and retention of backup files (declared in backup.hpp). Shared by the
// SQLite backups and the PostgreSQL dumps the app takes with pg_dump.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "store/sqlite/backup.hpp"

namespace store::sqlite {
namespace fs = std::filesystem;
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// Sort key of a file named backup_YYYYmmdd_HHMMSS[_N]<extension>; nullopt for any other
// name, so that retention never touches a file it did not write.
struct BackupKey {
  std::string stamp;
  long suffix = 1;
  auto operator<=>(const BackupKey&) const = default;
};

std::optional<BackupKey> backup_key(std::string_view name, std::string_view extension) {
  constexpr std::string_view kPrefix = "backup_";
  if (!name.starts_with(kPrefix) || !name.ends_with(extension)) return std::nullopt;
  auto middle = name.substr(kPrefix.size(), name.size() - kPrefix.size() - extension.size());
  // YYYYmmdd_HHMMSS is 15 characters.
  if (middle.size() < 15 || !all_digits(middle.substr(0, 8)) || middle[8] != '_' ||
      !all_digits(middle.substr(9, 6))) {
    return std::nullopt;
  }
  BackupKey key{std::string(middle.substr(0, 15))};
  auto rest = middle.substr(15);
  if (rest.empty()) return key;
  if (rest.front() != '_' || !all_digits(rest.substr(1)) || rest.size() > 10) return std::nullopt;
  key.suffix = std::stol(std::string(rest.substr(1)));
  return key;
}

void fsync_path(const fs::path& path, bool directory) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) {
    throw BackupError(fmt::format("cannot open {} to sync it: {}", path.string(),
                                  std::strerror(errno)));
  }
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  if (rc != 0) {
    throw BackupError(fmt::format("cannot sync {}: {}", path.string(), std::strerror(saved)));
  }
}

fs::path with_suffix(const fs::path& wanted, std::string_view extension, int n) {
  std::string name = wanted.filename().string();
  std::string suffix = fmt::format("_{}", n);
  if (!extension.empty() && name.ends_with(extension)) {
    name.insert(name.size() - extension.size(), suffix);
  } else {
    name += suffix;
  }
  return wanted.parent_path() / name;
}

}  // namespace

std::string backup_stamp(Clock::time_point when) {
  std::time_t t = Clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%d_%H%M%S", &utc);
  return buffer;
}

std::string backup_file_name(Clock::time_point when, std::string_view extension) {
  return fmt::format("backup_{}{}", backup_stamp(when), extension);
}

std::vector<fs::path> list_backups(const fs::path& dir, std::string_view extension) {
  std::vector<std::pair<BackupKey, fs::path>> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    if (auto key = backup_key(entry.path().filename().string(), extension)) {
      found.emplace_back(std::move(*key), entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> files;
  files.reserve(found.size());
  for (auto& [key, path] : found) files.push_back(std::move(path));
  return files;
}

std::vector<fs::path> apply_retention(const fs::path& dir, int keep, std::string_view extension) {
  if (keep < 1) throw BackupError("backup_keep must be at least 1");
  auto files = list_backups(dir, extension);
  std::vector<fs::path> removed;
  if (files.size() <= static_cast<std::size_t>(keep)) return removed;
  files.resize(files.size() - static_cast<std::size_t>(keep));  // the oldest ones
  for (auto& file : files) {
    std::error_code ec;
    if (fs::remove(file, ec)) {
      removed.push_back(std::move(file));
    } else if (ec) {
      throw BackupError(fmt::format("cannot remove old backup {}: {}", file.string(),
                                    ec.message()));
    }
  }
  return removed;
}

fs::path publish_file(const fs::path& tmp, const fs::path& wanted, std::string_view extension) {
  fsync_path(tmp, false);
  fs::path name = wanted;
  for (int n = 2;; ++n) {
    // link() fails with EEXIST instead of replacing: two backups taken in the same second
    // (the schedule and an operator) both survive.
    if (::link(tmp.c_str(), name.c_str()) == 0) break;
    if (errno != EEXIST || n > 1000) {
      throw BackupError(fmt::format("cannot create {}: {}", name.string(), std::strerror(errno)));
    }
    name = with_suffix(wanted, extension, n);
  }
  std::error_code ec;
  fs::remove(tmp, ec);
  fsync_path(name.has_parent_path() ? name.parent_path() : fs::path("."), true);
  return name;
}

}  // namespace store::sqlite

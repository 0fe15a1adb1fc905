#pragma once
// WAL checkpoints off the engine's connection.
//
// SQLite's automatic checkpoint runs inside the commit that crosses wal_autocheckpoint
// (1,000 pages by default), on the committing connection: the engine waits while every page
// of the WAL is copied into the database and the database is fsync'd. At a real bot's size
// that is twice the disk traffic of the commits themselves (each 1,000-frame checkpoint finds
// few pages written twice, so nearly every frame is copied again), and raising the threshold
// to coalesce more makes each wait longer (measured in docs/BENCHMARKS.md, "At a real bot's
// size": 48.7 -> 9.5 KiB written per update, p99 14 -> 33 ms).
//
// With storage.sqlite_checkpoint_frames the engine's connection has no automatic
// checkpoint. Its WAL hook (called after each commit, with the WAL's size in frames) asks a
// background thread, which has a connection of its own, to copy the WAL into the database
// once the WAL holds `threshold_frames`
// (a PASSIVE checkpoint: it never blocks the writer). Commits go on meanwhile, so a pass
// cannot leave the WAL fully copied: passes follow one another while the frames appended
// during the last are more than `kCatchUpFrames` (and the WAL is below its cap); then the
// next commit copies that rest itself, which lets the next write start the WAL from its
// beginning again, and journal_size_limit then truncates the file. A commit survives
// power loss exactly as before: checkpoints never touch what a commit promised.
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace store::sqlite {

class Checkpointer {
 public:
  // About 32 MiB of WAL between checkpoints (storage.sqlite_checkpoint_frames): measured.
  static constexpr int kDefaultThresholdFrames = 8192;
  // The writer copies the rest itself once it is this small (a few milliseconds), or once
  // the WAL holds kCapFactor thresholds, whatever is left.
  static constexpr int kCatchUpFrames = 256;
  static constexpr int kCapFactor = 4;
  // The WAL file is truncated to this after it starts again (it would otherwise keep its
  // largest size on disk).
  static constexpr std::int64_t kJournalSizeLimitBytes = 64LL << 20;

  struct Stats {
    std::int64_t background_passes = 0;  // PASSIVE checkpoints of the background thread
    std::int64_t catch_ups = 0;          // checkpoints of the rest on the writer's connection
    std::int64_t failures = 0;           // checkpoints that returned an error
  };

  // Takes over checkpointing for `writer` (the engine's connection, used by one thread at a
  // time) on `file`; `report` gets a line for each failed checkpoint (the next commit past the
  // threshold tries again).
  Checkpointer(sqlite3* writer, std::filesystem::path file,
               int threshold_frames = kDefaultThresholdFrames,
               std::function<void(const std::string&)> report = {});
  // Stops the thread and gives the writer SQLite's automatic checkpoint back.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  Stats stats() const;

 private:
  enum class Phase { kIdle, kRequested, kPassed };

  static int on_commit(void* self, sqlite3* db, const char* schema, int frames);
  int commit_hook(sqlite3* db, int frames);
  void run();
  void failed(int rc, sqlite3* db, const char* where);

  sqlite3* writer_;
  std::filesystem::path file_;
  int threshold_frames_;
  std::function<void(const std::string&)> report_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<Phase> phase_{Phase::kIdle};
  std::atomic<int> backfilled_{0};  // WAL frames the last pass left copied
  std::atomic<std::int64_t> background_passes_{0};
  std::atomic<std::int64_t> catch_ups_{0};
  std::atomic<std::int64_t> failures_{0};
  std::thread thread_;
};

}  // namespace store::sqlite

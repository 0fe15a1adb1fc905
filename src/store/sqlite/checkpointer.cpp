#include "store/sqlite/checkpointer.hpp"

#include <fmt/format.h>

#include "store/sqlite/db_handle.hpp"

namespace store::sqlite {
namespace {

// After a failed pass the writer's next commit past the threshold does the whole
// checkpoint, as SQLite's automatic one would.
constexpr int kWriterCopiesAll = 1 << 30;

}  // namespace

Checkpointer::Checkpointer(sqlite3* writer, std::filesystem::path file, int threshold_frames,
                           std::function<void(const std::string&)> report)
    : writer_(writer),
      file_(std::move(file)),
      threshold_frames_(threshold_frames),
      report_(std::move(report)) {
  sqlite3_exec(writer_,
               fmt::format("PRAGMA journal_size_limit={}", kJournalSizeLimitBytes).c_str(),
               nullptr, nullptr, nullptr);
  // Replaces the automatic checkpoint, which is itself a WAL hook.
  sqlite3_wal_hook(writer_, &Checkpointer::on_commit, this);
  thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_wal_autocheckpoint(writer_, 1000);  // SQLite's default hook again
}

Checkpointer::Stats Checkpointer::stats() const {
  return {background_passes_.load(), catch_ups_.load(), failures_.load()};
}

int Checkpointer::on_commit(void* self, sqlite3* db, const char* /*schema*/, int frames) {
  return static_cast<Checkpointer*>(self)->commit_hook(db, frames);
}

int Checkpointer::commit_hook(sqlite3* db, int frames) {
  const Phase phase = phase_.load();
  if (phase == Phase::kRequested) return SQLITE_OK;  // a pass runs: the WAL grows meanwhile
  if (phase == Phase::kIdle && frames < threshold_frames_) return SQLITE_OK;
  // Another pass for what is left, unless that is little, or the passes do not catch up
  // with the commits (at saturation: each pass copies what the last let in, as slowly) and
  // the WAL, which slows every read as it grows, has reached its cap.
  const bool rest_is_small = frames - backfilled_.load() <= kCatchUpFrames;
  if (phase == Phase::kIdle || (!rest_is_small && frames < kCapFactor * threshold_frames_)) {
    {
      std::lock_guard lock(mutex_);
      phase_ = Phase::kRequested;
    }
    wake_.notify_one();
    return SQLITE_OK;
  }
  // The frames appended during the last pass: few, and the writer is between transactions,
  // so the WAL ends fully copied and the next write starts it again.
  const int rc =
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc == SQLITE_OK) {
    ++catch_ups_;
  } else if (rc != SQLITE_BUSY) {  // busy: a reader's snapshot; the next commit retries
    failed(rc, db, "on the writer's connection");
  }
  phase_ = Phase::kIdle;
  // An error here would be reported as the commit's, which has happened: never one.
  return SQLITE_OK;
}

void Checkpointer::run() {
  Db own;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || phase_.load() == Phase::kRequested; });
      if (stopping_) return;
    }
    if (!own) {
      sqlite3* db = nullptr;
      const int rc = sqlite3_open_v2(file_.c_str(), &db,
                                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
      own.reset(db);
      if (rc != SQLITE_OK) {
        failed(rc, db, "opening the checkpoint connection");
        own.reset();
        backfilled_ = kWriterCopiesAll;
        phase_ = Phase::kPassed;  // the writer's connection does the whole checkpoint
        continue;
      }
      sqlite3_busy_timeout(db, 1000);
    }
    int copied_frames = 0;
    const int rc = sqlite3_wal_checkpoint_v2(own.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                             nullptr, &copied_frames);
    if (rc == SQLITE_OK) {
      ++background_passes_;
      backfilled_ = copied_frames;
    } else {
      backfilled_ = kWriterCopiesAll;
      failed(rc, own.get(), "in the background");
      own.reset();  // a fresh connection next time
    }
    phase_ = Phase::kPassed;
  }
}

void Checkpointer::failed(int rc, sqlite3* db, const char* where) {
  ++failures_;
  if (report_) {
    report_(fmt::format("sqlite: WAL checkpoint {} failed: {} ({}); retried after a later commit",
                        where, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), rc));
  }
}

}  // namespace store::sqlite

#pragma once
// A SQLite VFS that fails on purpose: the disk "fills up" or "breaks" while the bot runs,
// without a real small file system (which would need root and a loop device). It wraps the
// platform's default VFS and forwards every call, except that while a fault is armed each
// write (or each fsync) of the database, its WAL and its journals answers the chosen error,
// as the OS would make SQLite see it (SQLITE_FULL for ENOSPC, SQLITE_IOERR_* for EIO). The
// shared-memory index is not a file write here (SQLite maps it), so it keeps working, as
// on a real full disk. Installed as the process's default VFS, so the code under test opens
// its databases unchanged.
#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <stdexcept>

namespace test_support {

class FaultyVfs {
 public:
  enum class Fault {
    kNone,
    kDiskFull,      // every write: SQLITE_FULL (ENOSPC)
    kWriteError,    // every write: SQLITE_IOERR_WRITE (EIO)
    kFsyncError,    // every fsync: SQLITE_IOERR_FSYNC (the write went to the page cache)
  };

  // Registers the VFS as the default once per process; later calls return the same one.
  static FaultyVfs& install() {
    static FaultyVfs vfs;
    return vfs;
  }

  void arm(Fault fault) { fault_.store(fault); }
  void disarm() { fault_.store(Fault::kNone); }
  // Calls that answered an error since the last reset (the fault really was met).
  long failures() const { return failures_.load(); }
  void reset_failures() { failures_.store(0); }

 private:
  struct File {
    sqlite3_file base;  // must come first: SQLite sees a File* as a sqlite3_file*
    sqlite3_file* real;
  };

  FaultyVfs() {
    real_ = sqlite3_vfs_find(nullptr);
    if (!real_) throw std::runtime_error("no default SQLite VFS");
    vfs_ = *real_;
    vfs_.zName = "gofrobot-faulty";
    vfs_.pAppData = this;
    vfs_.pNext = nullptr;
    vfs_.szOsFile = static_cast<int>(sizeof(File)) + real_->szOsFile;
    vfs_.xOpen = &open;
    vfs_.xDelete = [](sqlite3_vfs* v, const char* n, int s) { return real(v)->xDelete(real(v), n, s); };
    vfs_.xAccess = [](sqlite3_vfs* v, const char* n, int f, int* out) {
      return real(v)->xAccess(real(v), n, f, out);
    };
    vfs_.xFullPathname = [](sqlite3_vfs* v, const char* n, int size, char* out) {
      return real(v)->xFullPathname(real(v), n, size, out);
    };
    vfs_.xDlOpen = [](sqlite3_vfs* v, const char* n) { return real(v)->xDlOpen(real(v), n); };
    vfs_.xDlError = [](sqlite3_vfs* v, int n, char* out) { real(v)->xDlError(real(v), n, out); };
    vfs_.xDlSym = [](sqlite3_vfs* v, void* h, const char* s) { return real(v)->xDlSym(real(v), h, s); };
    vfs_.xDlClose = [](sqlite3_vfs* v, void* h) { real(v)->xDlClose(real(v), h); };
    vfs_.xRandomness = [](sqlite3_vfs* v, int n, char* out) { return real(v)->xRandomness(real(v), n, out); };
    vfs_.xSleep = [](sqlite3_vfs* v, int us) { return real(v)->xSleep(real(v), us); };
    vfs_.xCurrentTime = [](sqlite3_vfs* v, double* t) { return real(v)->xCurrentTime(real(v), t); };
    vfs_.xGetLastError = [](sqlite3_vfs* v, int n, char* out) { return real(v)->xGetLastError(real(v), n, out); };
    vfs_.xCurrentTimeInt64 = [](sqlite3_vfs* v, sqlite3_int64* t) {
      return real(v)->xCurrentTimeInt64(real(v), t);
    };
    vfs_.xSetSystemCall = nullptr;  // the wrapped VFS's system calls are its own business
    vfs_.xGetSystemCall = nullptr;
    vfs_.xNextSystemCall = nullptr;
    if (vfs_.iVersion > 2) vfs_.iVersion = 2;
    wrap_methods();
    if (sqlite3_vfs_register(&vfs_, 1) != SQLITE_OK) throw std::runtime_error("cannot register the VFS");
  }

  static sqlite3_vfs* real(sqlite3_vfs* v) { return static_cast<FaultyVfs*>(v->pAppData)->real_; }
  static FaultyVfs& self() { return install(); }
  static sqlite3_file* inner(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

  // The error an armed fault gives this call, or SQLITE_OK to go on.
  int injected(bool is_write) {
    const auto fault = fault_.load();
    int rc = SQLITE_OK;
    if (is_write && fault == Fault::kDiskFull) rc = SQLITE_FULL;
    if (is_write && fault == Fault::kWriteError) rc = SQLITE_IOERR_WRITE;
    if (!is_write && fault == Fault::kFsyncError) rc = SQLITE_IOERR_FSYNC;
    if (rc != SQLITE_OK) failures_++;
    return rc;
  }

  static int open(sqlite3_vfs* v, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    auto* file = reinterpret_cast<File*>(f);
    file->real = reinterpret_cast<sqlite3_file*>(file + 1);
    file->base.pMethods = nullptr;  // SQLite must not call close on a file that failed to open
    const int rc = real(v)->xOpen(real(v), name, file->real, flags, out_flags);
    if (rc != SQLITE_OK || !file->real->pMethods) return rc;
    file->base.pMethods = &self().methods_;
    return rc;
  }

  // One method table for every file, set once: each call looks up the file's own table
  // (the wrapped VFS's) through `real`. Version 2: WAL's shared memory, no memory-mapped
  // reads (xFetch), which would bypass nothing here but are not needed.
  void wrap_methods() {
    methods_.iVersion = 2;
    methods_.xClose = [](sqlite3_file* f) {
      sqlite3_file* r = inner(f);
      const int rc = r->pMethods->xClose(r);
      f->pMethods = nullptr;
      return rc;
    };
    methods_.xRead = [](sqlite3_file* f, void* out, int n, sqlite3_int64 at) {
      return inner(f)->pMethods->xRead(inner(f), out, n, at);
    };
    methods_.xWrite = [](sqlite3_file* f, const void* data, int n, sqlite3_int64 at) {
      if (int rc = self().injected(true); rc != SQLITE_OK) return rc;
      return inner(f)->pMethods->xWrite(inner(f), data, n, at);
    };
    methods_.xTruncate = [](sqlite3_file* f, sqlite3_int64 size) {
      if (int rc = self().injected(true); rc != SQLITE_OK) return rc;
      return inner(f)->pMethods->xTruncate(inner(f), size);
    };
    methods_.xSync = [](sqlite3_file* f, int flags) {
      if (int rc = self().injected(false); rc != SQLITE_OK) return rc;
      return inner(f)->pMethods->xSync(inner(f), flags);
    };
    methods_.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) {
      return inner(f)->pMethods->xFileSize(inner(f), size);
    };
    methods_.xLock = [](sqlite3_file* f, int l) { return inner(f)->pMethods->xLock(inner(f), l); };
    methods_.xUnlock = [](sqlite3_file* f, int l) { return inner(f)->pMethods->xUnlock(inner(f), l); };
    methods_.xCheckReservedLock = [](sqlite3_file* f, int* out) {
      return inner(f)->pMethods->xCheckReservedLock(inner(f), out);
    };
    methods_.xFileControl = [](sqlite3_file* f, int op, void* arg) {
      return inner(f)->pMethods->xFileControl(inner(f), op, arg);
    };
    methods_.xSectorSize = [](sqlite3_file* f) { return inner(f)->pMethods->xSectorSize(inner(f)); };
    methods_.xDeviceCharacteristics = [](sqlite3_file* f) {
      return inner(f)->pMethods->xDeviceCharacteristics(inner(f));
    };
    methods_.xShmMap = [](sqlite3_file* f, int region, int size, int extend, void volatile** out) {
      return inner(f)->pMethods->xShmMap(inner(f), region, size, extend, out);
    };
    methods_.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) {
      return inner(f)->pMethods->xShmLock(inner(f), offset, n, flags);
    };
    methods_.xShmBarrier = [](sqlite3_file* f) { inner(f)->pMethods->xShmBarrier(inner(f)); };
    methods_.xShmUnmap = [](sqlite3_file* f, int del) { return inner(f)->pMethods->xShmUnmap(inner(f), del); };
    methods_.xFetch = nullptr;
    methods_.xUnfetch = nullptr;
  }

  sqlite3_vfs* real_ = nullptr;
  sqlite3_vfs vfs_{};
  sqlite3_io_methods methods_{};
  std::atomic<Fault> fault_{Fault::kNone};
  std::atomic<long> failures_{0};
};

}  // namespace test_support

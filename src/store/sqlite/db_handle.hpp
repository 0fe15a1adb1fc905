#pragma once
// An owned sqlite3 handle for code that opens its own connection outside SqliteConnection
// (backups, the background checkpointer): closed with sqlite3_close_v2, which also waits
// for statements still open.
#include <sqlite3.h>

#include <memory>

namespace store::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

}  // namespace store::sqlite

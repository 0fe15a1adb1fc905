#pragma once
// Opens the store the configuration names (storage.database_url), migrated to the latest
// schema, behind the player cache.
#include <memory>
#include <string>

#include "ops/config.hpp"
#include "store/cached_store.hpp"
#include "store/sql/connection_pool.hpp"
#include "store/sql/migrations.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sqlite/checkpointer.hpp"

namespace app {

class Storage {
 public:
  // Throws std::runtime_error with a message fit for the operator (no password).
  static std::unique_ptr<Storage> open(const ops::Config& config);

  store::Store& store() { return *cached_; }
  store::CachedStore& cache() { return *cached_; }
  store::sql::SqlStore& sql() { return *sql_; }
  const store::sql::MigrationReport& migration() const { return migration_; }
  const std::string& description() const { return description_; }  // for logs
  // PostgreSQL: the pool (storage.postgres_pool_size); the engine holds one connection of
  // it. nullptr for SQLite, which has one writer connection and opens readers as needed.
  store::sql::ConnectionPool* pool() { return pool_.get(); }
  // SQLite with storage.sqlite_checkpoint_frames: the background checkpointer; else nullptr.
  const store::sqlite::Checkpointer* checkpointer() const { return checkpointer_.get(); }

 private:
  std::unique_ptr<store::sql::ConnectionPool> pool_;  // outlives the store that leases from it
  std::unique_ptr<store::sql::SqlStore> sql_;
  std::unique_ptr<store::CachedStore> cached_;
  // SQLite with storage.sqlite_checkpoint_frames: the WAL checkpoints of the store's
  // connection, off the engine's thread. Declared last: it stops before the connection it
  // serves closes.
  std::unique_ptr<store::sqlite::Checkpointer> checkpointer_;
  store::sql::MigrationReport migration_;
  std::string description_;
};

// A new connection to the configured database (migrations, backups, tools).
std::unique_ptr<store::sql::Connection> connect(const ops::Config& config);

}  // namespace app

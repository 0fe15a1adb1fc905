#pragma once
// Versioned schema migrations. Version 1 is the original Python bot's schema exactly
// (GAME.md §12.1), so an original bot_database.db opened by us is a version-1 database and
// migrates in place; later versions add columns, tables and indexes, drop indexes, and move
// rows between tables: no migration loses data.
#include <functional>
#include <string_view>
#include <vector>

#include "game/balance.hpp"
#include "store/sql/connection.hpp"

namespace store::sql {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sqlite;    // DDL for SQLite
  std::string_view postgres;  // DDL for PostgreSQL
  // Data work after the DDL (may be empty), run in the same transaction.
  std::function<void(Connection&, const game::Balance&)> data;
};

const std::vector<Migration>& migrations();
int latest_schema_version();

// 0 for an empty database, 1 for an original database without our version table.
int schema_version(Connection& db);

struct MigrationReport {
  int from = 0;
  int to = 0;
};

// Brings the database to the latest version, each migration in its own transaction.
MigrationReport migrate(Connection& db, const game::Balance& balance);

}  // namespace store::sql

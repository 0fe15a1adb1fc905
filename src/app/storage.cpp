#include "app/storage.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "ops/database_url.hpp"
#include "ops/redact.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/sql/leased_connection.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace app {

std::unique_ptr<store::sql::Connection> connect(const ops::Config& config) {
  auto parsed = ops::parse_database_url(config.storage.database_url);
  if (!parsed.url) throw std::runtime_error("storage.database_url: " + parsed.error);
  if (parsed.url->kind == ops::DatabaseKind::sqlite) {
    return store::sqlite::SqliteConnection::open(parsed.url->target);
  }
  return store::postgres::PgConnection::open(parsed.url->target);
}

std::unique_ptr<Storage> Storage::open(const ops::Config& config) {
  auto storage = std::make_unique<Storage>();
  std::unique_ptr<store::sql::Connection> connection;
  auto parsed = ops::parse_database_url(config.storage.database_url);
  if (parsed.url && parsed.url->kind == ops::DatabaseKind::postgres) {
    storage->pool_ = std::make_unique<store::sql::ConnectionPool>(
        [url = parsed.url->target] { return store::postgres::PgConnection::open(url); },
        static_cast<std::size_t>(config.storage.postgres_pool_size));
    connection = std::make_unique<store::sql::LeasedConnection>(*storage->pool_,
                                                                std::chrono::seconds(30));
  } else {
    connection = connect(config);
  }
  storage->migration_ = store::sql::migrate(*connection, config.balance);
  auto* sqlite = dynamic_cast<store::sqlite::SqliteConnection*>(connection.get());
  if (sqlite && config.storage.sqlite_checkpoint_frames > 0) {
    storage->checkpointer_ = std::make_unique<store::sqlite::Checkpointer>(
        sqlite->handle(), sqlite->file(), config.storage.sqlite_checkpoint_frames,
        [](const std::string& line) { spdlog::warn("{}", line); });
  }
  storage->description_ = ops::mask_url_password(config.storage.database_url);
  storage->sql_ = std::make_unique<store::sql::SqlStore>(std::move(connection), config.balance);
  storage->cached_ = std::make_unique<store::CachedStore>(
      *storage->sql_, static_cast<std::size_t>(config.storage.player_cache_size),
      std::chrono::milliseconds(config.storage.leaderboard_max_age_ms));
  return storage;
}

}  // namespace app

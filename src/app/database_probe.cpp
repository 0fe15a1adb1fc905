#include "app/database_probe.hpp"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

namespace app {
namespace {

using namespace std::chrono_literals;

void check_schema(store::sql::Connection& db) {
  const int version = store::sql::schema_version(db);
  const int latest = store::sql::latest_schema_version();
  if (version != latest) {
    throw std::runtime_error(
        fmt::format("schema version {}, this build runs version {}", version, latest));
  }
}

}  // namespace

Readiness::Probe database_probe(const ops::Config& config, Storage& storage) {
  if (auto* pool = storage.pool()) {
    return [pool] {
      auto lease = pool->acquire(1s);
      try {
        check_schema(*lease);
      } catch (const store::sql::ConnectionLost&) {
        lease.discard();
        throw;
      }
    };
  }
  // SQLite: the probe's connection, opened at the first probe and again after a failure.
  auto connection = std::make_shared<std::unique_ptr<store::sql::Connection>>();
  return [config, connection] {
    if (!*connection) *connection = connect(config);
    try {
      check_schema(**connection);
    } catch (...) {
      connection->reset();
      throw;
    }
  };
}

}  // namespace app

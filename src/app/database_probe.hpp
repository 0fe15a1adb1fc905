#pragma once
// The readiness check's query (app::Readiness): the schema version, read on a connection of
// the probe's own (SQLite: a second connection to the file; PostgreSQL: one of the pool's,
// never the engine's), and compared with the version this build migrates to. It throws
// when the database cannot be reached or is at another schema.
#include "app/readiness.hpp"
#include "app/storage.hpp"

namespace app {

Readiness::Probe database_probe(const ops::Config& config, Storage& storage);

}  // namespace app

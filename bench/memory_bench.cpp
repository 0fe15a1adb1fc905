// memory_bench: memory of the bot with many players.
//
//   memory_bench fill --db FILE --players N
//     Creates a SQLite database at the latest schema holding N players (ids from
//     bench::kFirstUserId, varied lengths and counters), fast: one INSERT … SELECT over a
//     recursive CTE in one transaction, synchronous off while filling (the benchmark's
//     data, not the bot's).
//
//   memory_bench rss --db FILE [--active A] [--traffic T]
//     Opens the production stack (SQLite connection, migration check, SqlStore, CachedStore
//     sized by storage.player_cache_size, the engine), then makes A players active (loaded
//     into the cache, spread over the whole database), then runs T updates of the realistic
//     mix. Reports the process RSS at each step, the heap bytes per cached player and the
//     RSS bytes per cached player.
#include <spdlog/spdlog.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

#include "bot/engine.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "bot/telegram_mapping.hpp"
#include "common/util.hpp"
#include "common/workload.hpp"
#include "store/cached_store.hpp"
#include "store/sql/migrations.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "telegram/parse.hpp"

namespace {

void exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string what = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("sqlite: " + what);
  }
}

int fill(const bench::Args& args) {
  const std::filesystem::path db = args.str("db", "players.db");
  const auto players = args.num("players", 100'000);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  const auto start = std::chrono::steady_clock::now();
  auto connection = store::sqlite::SqliteConnection::open(db);
  store::sql::migrate(*connection, game::Balance{});
  sqlite3* h = connection->handle();
  exec(h, "PRAGMA synchronous=OFF");
  exec(h, "BEGIN");
  // Lengths spread like a live game's: most players short, a long tail.
  exec(h, fmt::format(
              "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {}) "
              "INSERT INTO users(user_id, nickname, nickname_folded, gofra_mm, cable_mm, gofra, "
              "cable_power, zmiy_grams, total_zmiy_grams, total_davki, atm_count, max_atm, "
              "last_update, last_davka, experience, nickname_changed, atm_full_at, version, "
              "pvp_wins, pvp_losses) "
              "SELECT {} + i, 'Пацанчик_' || ({} + i), 'пацанчик_' || ({} + i), "
              "10.0 + (i * 7919 % 100000) / 100.0 * ((i % 7) + 1), "
              "10.0 + (i * 104729 % 50000) / 1000.0, 1, 2, (i * 31 % 5000) * 1.0, "
              "(i * 37 % 50000) * 1.0, i % 300, 12, 12, 1700000000, 1699990000 + i % 10000, "
              "i % 20000, 0, 0, 1, i % 13, i % 11 FROM n",
              players, bench::kFirstUserId, bench::kFirstUserId, bench::kFirstUserId));
  exec(h, "COMMIT");
  exec(h, "PRAGMA wal_checkpoint(TRUNCATE)");
  connection.reset();
  bench::report("players", players);
  bench::report("fill_seconds", bench::seconds_since(start));
  bench::report("db_bytes", std::filesystem::file_size(db));
  return 0;
}

int rss(const bench::Args& args) {
  spdlog::set_level(spdlog::level::warn);
  const std::filesystem::path db = args.str("db", "players.db");
  const auto active = args.num("active", 100'000);
  const auto traffic = args.num("traffic", 20'000);

  ops::Config config{};
  config.bot.username = "gofrobot_bot";
  const long rss_empty = bench::rss_kib();
  auto connection = store::sqlite::SqliteConnection::open(db);
  store::sql::migrate(*connection, config.balance);
  store::sql::SqlStore sql(std::move(connection), config.balance);
  const auto in_db = sql.player_count();
  store::CachedStore cache(sql, static_cast<std::size_t>(config.storage.player_cache_size));
  game::Random rng(5);
  bot::SessionState state;
  bot::Engine engine(cache, bot::Services{&config, &rng, &state}, "gofrobot_bot");
  engine.add_guard(std::make_unique<bot::MaintenanceGuard>());
  const long rss_open = bench::rss_kib();
  const auto heap_open = bench::heap_in_use();

  // The workload's users are the first ones; the other active players are spread over the
  // whole table (an active player's row can be anywhere).
  const std::int64_t workload_users = std::min<std::int64_t>(10'000, active);
  const std::int64_t stride = std::max<std::int64_t>(1, (in_db - workload_users) /
                                                         std::max<std::int64_t>(1, active - workload_users));
  std::int64_t loaded = 0;
  for (std::int64_t i = 0; i < workload_users; ++i) loaded += cache.find_player(bench::kFirstUserId + i) ? 1 : 0;
  for (std::int64_t k = 0; loaded < active && k < in_db; ++k) {
    loaded += cache.find_player(bench::kFirstUserId + workload_users + k * stride) ? 1 : 0;
  }
  const long rss_active = bench::rss_kib();
  const auto heap_active = bench::heap_in_use();

  bench::WorkloadOptions options;
  options.users = static_cast<int>(workload_users);
  bench::Workload workload(options);
  std::int64_t id = 1;
  for (std::int64_t done = 0; done < traffic;) {
    std::vector<bot::Update> batch;
    for (int i = 0; i < 64 && done < traffic; ++i, ++done) {
      auto parsed = telegram::parse_update(bench::with_update_id(workload.next().body, id++));
      if (auto u = bot::to_bot_update(std::get<telegram::Update>(parsed))) batch.push_back(*u);
    }
    engine.process_batch(batch, 1'700'000'000 + done / 50);
  }
  const long rss_traffic = bench::rss_kib();

  bench::report("players_in_db", in_db);
  bench::report("active", loaded);
  bench::report("cache_entries", cache.size());
  bench::report("rss_before_open_kib", rss_empty);
  bench::report("rss_open_kib", rss_open);
  bench::report("rss_active_kib", rss_active);
  bench::report("rss_after_traffic_kib", rss_traffic);
  bench::report("rss_peak_kib", bench::rss_kib("VmHWM:"));
  bench::report("heap_bytes_per_player",
                static_cast<double>(heap_active - heap_open) / static_cast<double>(std::max<std::int64_t>(1, loaded)));
  bench::report("rss_bytes_per_player",
                1024.0 * static_cast<double>(rss_active - rss_open) / static_cast<double>(std::max<std::int64_t>(1, loaded)));
  bench::report("sizeof_player", sizeof(game::Player));
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::cerr << "usage: memory_bench fill|rss [options]\n";
    return 2;
  }
  bench::Args args(argc, argv, 2);
  std::string command = argv[1];
  if (command == "fill") return fill(args);
  if (command == "rss") return rss(args);
  std::cerr << "memory_bench: unknown command " << command << '\n';
  return 2;
} catch (const std::exception& e) {
  std::cerr << "memory_bench: " << e.what() << '\n';
  return 1;
}

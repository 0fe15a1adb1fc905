// store_bench: the storage figures.
//
//   store_bench mutations --engine sqlite --db FILE [--batches 1,16,256] [--seconds S]
//   store_bench mutations --engine postgres --url postgresql://… [same]
//     Durable change sets per second with group commit: each batch is one transaction
//     (one fsync) of K change sets, each what one update writes at steady state — a player
//     row update (optimistic version), the processed update id with its reply (the outbox)
//     — plus marking the previous batch's replies sent, as the engine thread does. Batches
//     begin as the engine's do (begin_optimistic when K > 1: set-based writes on
//     PostgreSQL). SQLite: WAL, synchronous=FULL. PostgreSQL: a schema of its own, dropped at the end, so any
//     database (a test server's) will do.
//
//   store_bench queries --db FILE [--users U] [--warmup W] [--updates N] [--batch B]
//     Database statements per update at steady state, through the production stack
//     (CachedStore over SqlStore over SQLite) behind the engine: every player is created
//     first, then a warm-up of the realistic mix, then N measured updates. Statements are
//     counted by a Connection decorator and split into player reads (find_player: must be
//     zero for cached players), processed-update reads, other reads (tops, ranks, fights,
//     chat stats), writes and transaction control; then per update kind (batches of one).
//
// Prints key=value lines.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <strings.h>

#include "bot/engine.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "bot/telegram_mapping.hpp"
#include "common/util.hpp"
#include "common/workload.hpp"
#include "store/cached_store.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/sql/migrations.hpp"
#include "store/sql/queries.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "telegram/parse.hpp"

namespace {

using store::sql::Connection;
using store::sql::Row;
using store::sql::Statement;
using store::sql::Value;

enum class Kind { kPlayerRead, kProcessedRead, kOtherRead, kWrite, kTransaction };

Kind classify(std::string_view sql) {
  namespace q = store::sql::queries;
  if (sql == q::kFindPlayer) return Kind::kPlayerRead;
  if (sql == q::kUpdateProcessed) return Kind::kProcessedRead;
  auto starts = [&](std::string_view w) {
    return sql.size() >= w.size() && strncasecmp(sql.data(), w.data(), w.size()) == 0;
  };
  if (starts("SELECT") || starts("WITH")) return Kind::kOtherRead;
  if (starts("INSERT") || starts("UPDATE") || starts("DELETE")) return Kind::kWrite;
  return Kind::kTransaction;
}

struct Counts {
  std::int64_t by_kind[5] = {0, 0, 0, 0, 0};
  std::map<std::string, std::int64_t> by_sql;
  std::int64_t total() const {
    std::int64_t t = 0;
    for (auto n : by_kind) t += n;
    return t;
  }
  std::int64_t reads() const { return by_kind[0] + by_kind[1] + by_kind[2]; }
};

// Counts every statement on its way to the real connection.
class CountingConnection final : public Connection {
 public:
  explicit CountingConnection(std::unique_ptr<Connection> inner) : inner_(std::move(inner)) {}
  store::sql::Dialect dialect() const override { return inner_->dialect(); }
  std::vector<Row> query(std::string_view sql, std::span<const Value> params) override {
    count(sql);
    return inner_->query(sql, params);
  }
  std::int64_t execute(std::string_view sql, std::span<const Value> params) override {
    count(sql);
    return inner_->execute(sql, params);
  }
  std::vector<std::int64_t> execute_many(std::span<const Statement> statements) override {
    for (const auto& s : statements) count(s.sql);
    return inner_->execute_many(statements);
  }
  void execute_script(std::string_view sql) override {
    count(sql);
    inner_->execute_script(sql);
  }
  bool in_transaction() const override { return inner_->in_transaction(); }
  Counts& counts() { return counts_; }
  const Connection& inner() const { return *inner_; }

 private:
  void count(std::string_view sql) {
    counts_.by_kind[static_cast<int>(classify(sql))]++;
    counts_.by_sql[std::string(sql.substr(0, 72))]++;
  }
  std::unique_ptr<Connection> inner_;
  Counts counts_;
};

std::vector<std::int64_t> parse_list(const std::string& text) {
  std::vector<std::int64_t> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::stoll(item));
  return out;
}

void remove_db(const std::filesystem::path& db) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
}

// --- mutations ---------------------------------------------------------------------------

int mutations(const bench::Args& args) {
  const std::string engine = args.str("engine", "sqlite");
  const double seconds = args.real("seconds", 3.0);
  const auto batches = parse_list(args.str("batches", "1,16,256"));
  const int players = static_cast<int>(args.num("players", 10'000));
  const game::Balance balance{};

  std::unique_ptr<Connection> connection;
  std::string schema;
  if (engine == "sqlite") {
    std::filesystem::path db = args.str("db", "store_bench.db");
    remove_db(db);
    connection = store::sqlite::SqliteConnection::open(db);
  } else if (engine == "postgres") {
    connection = store::postgres::PgConnection::open(args.str("url"));
    schema = "bench_" + std::to_string(getpid());
    connection->execute_script("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " +
                               schema + "; SET search_path TO " + schema);
  } else {
    std::cerr << "store_bench: --engine sqlite|postgres\n";
    return 2;
  }
  auto* raw = connection.get();
  store::sql::migrate(*connection, balance);
  store::sql::SqlStore store(std::move(connection), balance);

  // The players the mutations change, created in one batch.
  std::vector<game::Player> roster;
  {
    store::ChangeSet create;
    for (int i = 0; i < players; ++i) {
      roster.push_back(game::new_player(bench::kFirstUserId + i, 1'700'000'000, balance));
      create.players.push_back(roster.back());
    }
    store.write(create);
    for (auto& p : roster) p.version = 1;
  }
  const std::string payload =
      R"([{"method":"editMessageText","chat_id":100000001,"message_id":42,"text":"💥 ДАВКА )"
      R"(КОРИЧНЕВАГА!\n\n💩 Выдавил: 1234г\n🏗️ Гофра: 12.3 см → 12.5 см","reply_markup":)"
      R"({"inline_keyboard":[[{"text":"🐍 Давить","callback_data":"davka"}]]}},)"
      R"({"method":"answerCallbackQuery","callback_query_id":"4382000000000123"}])";

  bench::report("engine", engine);
  std::int64_t update_id = 1;
  std::size_t next_player = 0;
  for (auto k : batches) {
    std::vector<std::int64_t> previous;  // the last batch's updates: their replies went out
    std::int64_t done = 0;
    std::int64_t commits = 0;
    const auto start = std::chrono::steady_clock::now();
    // Bounded in time and in count.
    while (bench::seconds_since(start) < seconds && commits < 100'000) {
      // As the engine begins its batches: change sets merged when there are several.
      if (k > 1) {
        store.begin_optimistic();
      } else {
        store.begin();
      }
      store.remove_outbox(previous);
      previous.clear();
      std::vector<std::size_t> touched;
      for (std::int64_t i = 0; i < k; ++i) {
        auto& p = roster[next_player];
        touched.push_back(next_player);
        next_player = (next_player + 1) % roster.size();
        p.gofra_mm += 0.5;
        p.total_davki += 1;
        p.last_davka = 1'700'000'000 + update_id;
        store::ChangeSet set;
        set.players.push_back(p);
        set.update_id = update_id;
        set.reply = payload;
        store.apply(set);
        previous.push_back(update_id++);
      }
      store.commit();
      for (auto i : touched) roster[i].version++;
      done += k;
      ++commits;
    }
    const double elapsed = bench::seconds_since(start);
    const std::string prefix = "batch" + std::to_string(k) + ".";
    bench::report(prefix + "mutations_per_s", static_cast<std::int64_t>(static_cast<double>(done) / elapsed));
    bench::report(prefix + "commits_per_s", static_cast<std::int64_t>(static_cast<double>(commits) / elapsed));
    bench::report(prefix + "ms_per_commit", 1000.0 * elapsed / static_cast<double>(commits));
  }
  bench::report("statements_executed", raw->statements_executed());
  if (!schema.empty()) raw->execute_script("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  return 0;
}

// --- queries per update --------------------------------------------------------------------

struct Processor {
  ops::Config config{};
  game::Random rng{11};
  bot::SessionState state;
  CountingConnection* counting = nullptr;
  std::unique_ptr<store::sql::SqlStore> sql;
  std::unique_ptr<store::CachedStore> cached;
  std::unique_ptr<bot::Engine> engine;
  std::int64_t next_id = 1;
  bot::UnixTime now = 1'700'000'000;
  std::int64_t processed = 0;

  // Processes the bodies as one batch.
  void run(const std::vector<std::string>& bodies) {
    std::vector<bot::Update> updates;
    for (const auto& b : bodies) {
      auto parsed = telegram::parse_update(bench::with_update_id(b, next_id++));
      auto u = bot::to_bot_update(std::get<telegram::Update>(parsed));
      if (u) updates.push_back(std::move(*u));
    }
    now = 1'700'000'000 + processed / 50;
    engine->process_batch(updates, now);
    processed += static_cast<std::int64_t>(updates.size());
  }
};

int queries(const bench::Args& args) {
  spdlog::set_level(spdlog::level::warn);
  const int users = static_cast<int>(args.num("users", 10'000));
  const auto warmup = args.num("warmup", 20'000);
  const auto measured = args.num("updates", 20'000);
  const auto per_kind = args.num("per-kind", 4'000);
  const auto batch = std::max<std::int64_t>(1, args.num("batch", 64));

  Processor p;
  p.config.bot.username = "gofrobot_bot";
  std::filesystem::path db = args.str("db", "store_queries.db");
  remove_db(db);
  auto counting = std::make_unique<CountingConnection>(store::sqlite::SqliteConnection::open(db));
  p.counting = counting.get();
  store::sql::migrate(*counting, p.config.balance);
  p.sql = std::make_unique<store::sql::SqlStore>(std::move(counting), p.config.balance);
  p.cached = std::make_unique<store::CachedStore>(
      *p.sql, static_cast<std::size_t>(p.config.storage.player_cache_size));
  p.engine = std::make_unique<bot::Engine>(*p.cached, bot::Services{&p.config, &p.rng, &p.state},
                                           "gofrobot_bot");
  p.engine->add_guard(std::make_unique<bot::MaintenanceGuard>());

  bench::WorkloadOptions options;
  options.users = users;
  bench::Workload workload(options);
  // Every player exists first (a profile press creates one), then the mix warms up the rest.
  {
    std::vector<std::string> bodies;
    for (int i = 0; i < users; ++i) {
      const std::string id = std::to_string(bench::kFirstUserId + i);
      bodies.push_back(std::string(R"({"update_id":)") + std::string(bench::kUpdateIdMark) +
                       R"(,"callback_query":{"id":"1","from":{"id":)" + id +
                       R"(,"is_bot":false,"first_name":"Вася"},"message":{"message_id":5,)"
                       R"("chat":{"id":)" + id +
                       R"(,"type":"private"},"date":1700000000,"text":"x"},)"
                       R"("chat_instance":"1","data":"profile"}})");
      if (static_cast<std::int64_t>(bodies.size()) == batch) {
        p.run(bodies);
        bodies.clear();
      }
    }
    if (!bodies.empty()) p.run(bodies);
  }
  auto run_mix = [&](std::int64_t count, std::int64_t size,
                     std::map<std::string, Counts>* per_kind_counts) {
    std::vector<std::string> bodies;
    std::string kind;
    for (std::int64_t i = 0; i < count; ++i) {
      auto e = workload.next();
      bodies.push_back(std::move(e.body));
      kind = e.kind;
      if (static_cast<std::int64_t>(bodies.size()) == size || i + 1 == count) {
        Counts before = p.counting->counts();
        p.run(bodies);
        bodies.clear();
        if (per_kind_counts) {
          const Counts& after = p.counting->counts();
          auto& k = (*per_kind_counts)[kind];
          for (int j = 0; j < 5; ++j) k.by_kind[j] += after.by_kind[j] - before.by_kind[j];
          k.by_sql["updates"]++;
        }
      }
    }
  };
  run_mix(warmup, batch, nullptr);

  const Counts before = p.counting->counts();
  const auto statements_before = p.counting->inner().statements_executed();
  const auto misses_before = p.cached->counters().misses;
  run_mix(measured, batch, nullptr);
  const Counts& after = p.counting->counts();
  const double n = static_cast<double>(measured);
  auto per_update = [&](Kind k) {
    return static_cast<double>(after.by_kind[static_cast<int>(k)] -
                               before.by_kind[static_cast<int>(k)]) / n;
  };
  bench::report("users", users);
  bench::report("updates", measured);
  bench::report("batch", batch);
  bench::report("statements_per_update",
                static_cast<double>(p.counting->inner().statements_executed() - statements_before) / n);
  bench::report("player_reads_per_update", per_update(Kind::kPlayerRead));
  bench::report("cache_misses_per_update",
                static_cast<double>(p.cached->counters().misses - misses_before) / n);
  bench::report("processed_reads_per_update", per_update(Kind::kProcessedRead));
  bench::report("other_reads_per_update", per_update(Kind::kOtherRead));
  bench::report("writes_per_update", per_update(Kind::kWrite));
  bench::report("transaction_statements_per_update", per_update(Kind::kTransaction));
  std::vector<std::pair<std::int64_t, std::string>> top;
  for (const auto& [sql, count] : after.by_sql) {
    auto it = before.by_sql.find(sql);
    auto delta = count - (it == before.by_sql.end() ? 0 : it->second);
    if (delta > 0) top.emplace_back(delta, sql);
  }
  std::sort(top.rbegin(), top.rend());
  for (std::size_t i = 0; i < std::min<std::size_t>(top.size(), 12); ++i) {
    std::string sql = top[i].second;
    std::replace(sql.begin(), sql.end(), '=', '~');  // keep key=value lines parseable
    bench::report("sql." + std::to_string(i + 1), fmt::format("{:.3f} {}", static_cast<double>(top[i].first) / n, sql));
  }

  // Per update kind: batches of one, so each batch's statements belong to one update
  // (BEGIN and COMMIT included: subtract 2 for the batch's own transaction).
  std::map<std::string, Counts> kinds;
  run_mix(per_kind, 1, &kinds);
  for (const auto& [kind, c] : kinds) {
    const double k = static_cast<double>(c.by_sql.at("updates"));
    bench::report("kind." + kind,
                  fmt::format("reads={:.2f} player_reads={:.2f} writes={:.2f} n={}",
                              static_cast<double>(c.reads()) / k,
                              static_cast<double>(c.by_kind[0]) / k,
                              static_cast<double>(c.by_kind[3]) / k, k));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::cerr << "usage: store_bench mutations|queries [options]\n";
    return 2;
  }
  bench::Args args(argc, argv, 2);
  std::string command = argv[1];
  if (command == "mutations") return mutations(args);
  if (command == "queries") return queries(args);
  std::cerr << "store_bench: unknown command " << command << '\n';
  return 2;
} catch (const std::exception& e) {
  std::cerr << "store_bench: " << e.what() << '\n';
  return 1;
}

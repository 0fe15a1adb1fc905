// replay: a fixed stream of realistic updates through the in-process pipeline, the way the
// webhook handler drives it, without the network:
//   JSON body -> telegram::parse_update -> bot::to_bot_update -> Engine::process_batch
//   (router, guards, handler, game rules, unit of work, store, outbox encoding, commit)
//   -> the webhook response (method_call of the reply that rides in it, spliced from the
//   engine's encoding) and the request bodies of the other replies (bot::to_requests).
//
//   replay [--store memory|sqlite] [--db FILE] [--updates N] [--warmup W] [--users U]
//          [--batch B] [--seed S] [--mix all|buttons|davka] [--zipf S] [--exclude-store] [--no-metrics]
//   replay --write-bodies FILE [--count N] [--users U] [--seed S] [--mix all|buttons|davka] [--zipf S]
//
// The measured work is inside bench_replay_measured(): run under
//   valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no
//            --toggle-collect=bench_replay_measured
// the instruction count covers exactly the measured updates (generating the JSON and the
// warm-up are outside, and the warm-up runs uninstrumented: instrumentation starts with
// the measured part). Prints key=value lines.
#include <spdlog/spdlog.h>
#include <valgrind/callgrind.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "app/storage.hpp"
#include "bot/bot_api_encoding.hpp"
#include "bot/engine.hpp"
#include "bot/engine_metrics.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "bot/guards/rate_limit_guard.hpp"
#include "bot/outbound_requests.hpp"
#include "bot/telegram_mapping.hpp"
#include "common/util.hpp"
#include "common/workload.hpp"
#include "store/memory_store.hpp"
#include "telegram/parse.hpp"

namespace replay {

// With --exclude-store, callgrind collection is switched off for the time of each store
// call while measuring: the count is then the bot's own work (parse, guards, router,
// handlers, rules, serialize). The engine reaches the store only through MeteredStore, and
// the store never calls back, so the toggles never nest.
bool g_exclude_store = false;
bool g_measuring = false;

struct StoreCall {
  bool on = g_exclude_store && g_measuring;
  StoreCall() {
    if (on) CALLGRIND_TOGGLE_COLLECT;
  }
  ~StoreCall() {
    if (on) CALLGRIND_TOGGLE_COLLECT;
  }
  StoreCall(const StoreCall&) = delete;
  StoreCall& operator=(const StoreCall&) = delete;
};

// Forwards every call to the real store, inside a StoreCall.
class MeteredStore final : public store::Store {
 public:
  explicit MeteredStore(store::Store& inner) : s_(inner) {}
  std::optional<game::Player> find_player(store::UserId id) override { StoreCall c; return s_.find_player(id); }
  std::optional<store::UserId> nickname_owner(std::string_view folded) override {
    StoreCall c;
    return s_.nickname_owner(folded);
  }
  std::int64_t player_count() override { StoreCall c; return s_.player_count(); }
  std::vector<game::Player> top_players(game::TopKey key, int limit, store::UnixTime now,
                                        const game::Balance& balance) override {
    StoreCall c;
    return s_.top_players(key, limit, now, balance);
  }
  std::optional<std::int64_t> player_rank(store::UserId id, game::TopKey key, store::UnixTime now,
                                          const game::Balance& balance) override {
    StoreCall c;
    return s_.player_rank(id, key, now, balance);
  }
  std::vector<store::NearbyPlayer> players_near(double gofra_mm, store::UserId exclude,
                                         int limit) override {
    StoreCall c;
    return s_.players_near(gofra_mm, exclude, limit);
  }
  std::int64_t fights_since(store::UserId id, store::UnixTime since) override {
    StoreCall c;
    return s_.fights_since(id, since);
  }
  store::FightStats fight_stats(store::UserId id) override { StoreCall c; return s_.fight_stats(id); }
  std::vector<store::FightTopRow> fight_top(int limit) override { StoreCall c; return s_.fight_top(limit); }
  std::optional<store::ChatInfo> find_chat(store::ChatId id) override { StoreCall c; return s_.find_chat(id); }
  std::optional<game::ChatMemberStats> chat_member(store::ChatId chat, store::UserId user) override {
    StoreCall c;
    return s_.chat_member(chat, user);
  }
  std::vector<store::ChatRankRow> chat_ranking(store::ChatId chat, int offset, int limit) override {
    StoreCall c;
    return s_.chat_ranking(chat, offset, limit);
  }
  std::optional<std::int64_t> chat_rank(store::ChatId chat, store::UserId user) override {
    StoreCall c;
    return s_.chat_rank(chat, user);
  }
  game::ChatAggregate chat_aggregate(store::ChatId chat, store::UnixTime now,
                                     const game::Balance& balance) override {
    StoreCall c;
    return s_.chat_aggregate(chat, now, balance);
  }
  void begin() override { StoreCall c; s_.begin(); }
  void begin_optimistic() override { StoreCall c; s_.begin_optimistic(); }
  void apply(const store::ChangeSet& changes) override { StoreCall c; s_.apply(changes); }
  void commit() override { StoreCall c; s_.commit(); }
  void rollback() override { StoreCall c; s_.rollback(); }
  bool update_processed(std::int64_t update_id) override { StoreCall c; return s_.update_processed(update_id); }
  std::vector<store::OutboxRow> pending_outbox(int limit) override { StoreCall c; return s_.pending_outbox(limit); }
  void remove_outbox(std::span<const std::int64_t> update_ids) override {
    StoreCall c;
    s_.remove_outbox(update_ids);
  }

 private:
  store::Store& s_;
};

bench::Mix mix_of(const std::string& name) {
  if (name == "buttons") return bench::Mix::kButtons;
  if (name == "davka") return bench::Mix::kDavka;
  if (name != "all") throw std::invalid_argument("--mix all|buttons|davka");
  return bench::Mix::kAll;
}

struct Totals {
  std::int64_t updates = 0;
  std::int64_t parse_errors = 0;
  std::int64_t ignored = 0;
  std::int64_t failed = 0;
  std::int64_t committed = 0;
  std::int64_t actions = 0;
  std::int64_t responses_with_call = 0;
  std::int64_t response_bytes = 0;  // every webhook response body, "{}" included
  std::int64_t outbound_requests = 0;
  std::int64_t outbound_bytes = 0;
};

struct Chunk {
  const std::vector<std::string>* bodies = nullptr;
  bot::Engine* engine = nullptr;
  bot::UnixTime now = 0;
  Totals* totals = nullptr;
  // Updates whose replies were sent since the last batch: their outbox rows go in this
  // batch's transaction, as the pipeline does (Pipeline::mark_sent).
  std::vector<std::int64_t> sent;
  std::vector<bot::Outcome> outcomes;  // out
  std::vector<std::int64_t> sent_next;  // out: updates of this batch with replies
  std::vector<std::int64_t> user_of;   // out: sender per outcome
};

// The webhook handler's work for a batch of bodies (app/webhook_handler.cpp), with a
// reply slot always free: the callback answer rides in the response if there is one, else
// a lone reply does; the others become outbound requests.
__attribute__((noinline)) void process_chunk(Chunk& c) {
  std::vector<bot::Update> updates;
  updates.reserve(c.bodies->size());
  c.user_of.clear();
  for (const auto& body : *c.bodies) {
    auto parsed = telegram::parse_update(body);
    if (!std::holds_alternative<telegram::Update>(parsed)) {
      ++c.totals->parse_errors;
      c.totals->response_bytes += 40;
      continue;
    }
    auto update = bot::to_bot_update(std::get<telegram::Update>(parsed));
    if (!update) {
      ++c.totals->ignored;
      c.totals->response_bytes += 2;
      continue;
    }
    std::int64_t user = 0;
    if (const auto* m = std::get_if<bot::Message>(&update->payload)) {
      user = m->from ? m->from->id : 0;
    } else if (const auto* q = std::get_if<bot::CallbackQuery>(&update->payload)) {
      user = q->from.id;
    }
    c.user_of.push_back(user);
    updates.push_back(std::move(*update));
  }
  c.outcomes = c.engine->process_batch(updates, c.now, c.sent);
  c.sent_next.clear();
  for (std::size_t i = 0; i < c.outcomes.size(); ++i) {
    auto& o = c.outcomes[i];
    ++c.totals->updates;
    if (o.committed && !o.actions.empty()) c.sent_next.push_back(updates[i].update_id);
    if (o.committed) ++c.totals->committed;
    if (o.failed) ++c.totals->failed;
    c.totals->actions += static_cast<std::int64_t>(o.actions.size());
    std::optional<std::size_t> ride;
    for (std::size_t k = 0; k < o.actions.size(); ++k) {
      if (std::holds_alternative<bot::AnswerCallback>(o.actions[k])) ride = k;
    }
    if (!ride && o.actions.size() == 1) ride = 0;
    if (ride) {
      auto call = bot::method_call(o.encoded.at(*ride));
      c.totals->response_bytes += static_cast<std::int64_t>(call.size());
      ++c.totals->responses_with_call;
    } else {
      c.totals->response_bytes += 2;  // "{}"
    }
    for (const auto& r : bot::to_requests(o.actions, updates[i].update_id, std::move(o.encoded), ride)) {
      ++c.totals->outbound_requests;
      c.totals->outbound_bytes += static_cast<std::int64_t>(r.body.size());
    }
  }
}

}  // namespace replay

// The measured region (see the header comment): not inlined, C linkage for an exact name.
extern "C" __attribute__((noinline)) void bench_replay_measured(replay::Chunk* c) {
  replay::g_measuring = true;
  replay::process_chunk(*c);
  replay::g_measuring = false;
}

namespace replay {

// Who a rademka_random offered: the target id in the rademka_confirm_<id> button.
std::optional<std::int64_t> offered_target(const bot::Outcome& o) {
  for (const auto& a : o.actions) {
    const bot::KeyboardRef* kb = nullptr;
    if (const auto* e = std::get_if<bot::EditMessage>(&a)) kb = &e->keyboard;
    if (const auto* s = std::get_if<bot::SendMessage>(&a)) kb = &s->keyboard;
    if (!kb || !*kb) continue;
    for (const auto& row : (*kb)->rows) {
      for (const auto& b : row) {
        if (b.data.starts_with("rademka_confirm_")) {
          return std::stoll(b.data.substr(std::string_view("rademka_confirm_").size()));
        }
      }
    }
  }
  return std::nullopt;
}

int write_bodies(const bench::Args& args) {
  bench::WorkloadOptions options;
  options.seed = static_cast<std::uint64_t>(args.num("seed", 1));
  options.users = static_cast<int>(args.num("users", 10'000));
  options.mix = mix_of(args.str("mix", "all"));
  options.zipf = args.real("zipf", 0);
  bench::Workload workload(options);
  std::ofstream out(args.str("write-bodies"));
  const auto count = args.num("count", 50'000);
  std::map<std::string, std::int64_t> kinds;
  std::int64_t bytes = 0;
  for (std::int64_t i = 0; i < count; ++i) {
    auto e = workload.next();
    kinds[e.kind]++;
    bytes += static_cast<std::int64_t>(e.body.size());
    out << e.body << '\n';
  }
  if (!out) {
    std::cerr << "replay: cannot write " << args.str("write-bodies") << '\n';
    return 1;
  }
  bench::report("bodies", count);
  bench::report("mean_body_bytes", count ? bytes / count : 0);
  for (const auto& [kind, n] : kinds) bench::report("kind." + kind, n);
  return 0;
}

}  // namespace replay

using namespace replay;

int main(int argc, char** argv) try {
  bench::Args args(argc, argv);
  spdlog::set_level(spdlog::level::warn);
  if (args.has("write-bodies")) return write_bodies(args);

  const std::string store_kind = args.str("store", "memory");
  g_exclude_store = args.has("exclude-store");
  const auto updates_wanted = args.num("updates", 20'000);
  const auto warmup = args.num("warmup", 10'000);
  const auto batch = std::max<std::int64_t>(1, args.num("batch", 64));

  ops::Config config{};
  config.bot.username = "gofrobot_bot";
  std::unique_ptr<store::MemoryStore> memory;
  std::unique_ptr<app::Storage> storage;
  store::Store* store = nullptr;
  if (store_kind == "memory") {
    memory = std::make_unique<store::MemoryStore>();
    store = memory.get();
  } else if (store_kind == "sqlite") {
    std::filesystem::path db = args.str("db", "replay.db");
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(db.string() + suffix);
    }
    config.storage.database_url = "sqlite://" + db.string();
    storage = app::Storage::open(config);
    store = &storage->store();
  } else {
    std::cerr << "replay: --store memory|sqlite\n";
    return 2;
  }

  MeteredStore metered(*store);
  game::Random rng(static_cast<std::uint64_t>(args.num("seed", 1)) * 7 + 3);
  bot::SessionState state;
  bot::Engine engine(metered, bot::Services{&config, &rng, &state}, "gofrobot_bot");
  engine.add_guard(std::make_unique<bot::RateLimitGuard>());  // as in `gofrobot run`
  engine.add_guard(std::make_unique<bot::MaintenanceGuard>());
  // The engine counts its metrics as in `gofrobot run` (--no-metrics: without, to measure
  // what they cost).
  prometheus::Registry registry;
  std::optional<bot::EngineMetrics> engine_metrics;
  if (!args.has("no-metrics")) engine.set_metrics(&engine_metrics.emplace(registry, engine.router()));

  bench::WorkloadOptions options;
  options.seed = static_cast<std::uint64_t>(args.num("seed", 1));
  options.users = static_cast<int>(args.num("users", 10'000));
  options.mix = mix_of(args.str("mix", "all"));
  options.zipf = args.real("zipf", 0);
  options.follow_up_distance = static_cast<int>(std::max<std::int64_t>(300, 2 * batch));
  bench::Workload workload(options);

  constexpr bot::UnixTime kStart = 1'700'000'000;
  std::int64_t next_id = 1;
  std::int64_t processed = 0;
  std::map<std::string, std::int64_t> kinds;
  Totals warm_totals;
  Totals totals;
  double measured_seconds = 0;
  std::vector<std::string> bodies;
  std::vector<std::int64_t> sent;

  const std::int64_t total = warmup + updates_wanted;
  while (processed < total) {
    const bool measuring = processed >= warmup;
    const std::int64_t n = std::min(batch, (measuring ? total : warmup) - processed);
    bodies.clear();
    for (std::int64_t i = 0; i < n; ++i) {
      auto e = workload.next();
      if (measuring) kinds[e.kind]++;
      bodies.push_back(bench::with_update_id(e.body, next_id++));
    }
    Chunk chunk;
    chunk.bodies = &bodies;
    chunk.engine = &engine;
    chunk.now = kStart + processed / 50;  // 50 updates per second of game time
    chunk.totals = measuring ? &totals : &warm_totals;
    chunk.sent = std::move(sent);
    if (measuring) {
      if (processed == warmup) CALLGRIND_START_INSTRUMENTATION;  // no-op outside valgrind
      auto start = std::chrono::steady_clock::now();
      bench_replay_measured(&chunk);
      measured_seconds += bench::seconds_since(start);
    } else {
      process_chunk(chunk);
    }
    for (std::size_t i = 0; i < chunk.outcomes.size(); ++i) {
      if (chunk.outcomes[i].route == "rademka_random") {
        if (auto target = offered_target(chunk.outcomes[i])) {
          workload.offered(chunk.user_of[i], *target);
        }
      }
    }
    sent = std::move(chunk.sent_next);
    processed += n;
  }

  const double u = static_cast<double>(std::max<std::int64_t>(1, totals.updates));
  bench::report("store", store_kind);
  bench::report("updates", totals.updates);
  bench::report("warmup", warmup);
  bench::report("batch", batch);
  bench::report("users", options.users);
  bench::report("seconds", measured_seconds);
  bench::report("updates_per_s", static_cast<std::int64_t>(u / std::max(1e-9, measured_seconds)));
  bench::report("us_per_update", measured_seconds * 1e6 / u);
  bench::report("committed", totals.committed);
  bench::report("failed", totals.failed);
  bench::report("parse_errors", totals.parse_errors);
  bench::report("actions_per_update", static_cast<double>(totals.actions) / u);
  bench::report("mean_response_bytes", totals.response_bytes / std::max<std::int64_t>(1, totals.updates));
  bench::report("mean_call_response_bytes",
                totals.responses_with_call
                    ? (totals.response_bytes - 2 * (totals.updates - totals.responses_with_call)) /
                          totals.responses_with_call
                    : 0);
  bench::report("outbound_requests_per_update", static_cast<double>(totals.outbound_requests) / u);
  if (engine_metrics) {
    // Updates the guards stopped (the workload stays under the rate limits: expect 0).
    double refused = 0;
    for (const auto& family : registry.Collect()) {
      if (family.name != "gofrobot_updates_refused_total") continue;
      for (const auto& m : family.metric) refused += m.counter.value;
    }
    bench::report("refused_by_guards", static_cast<std::int64_t>(refused));
  }
  bench::report("players", store->player_count());
  for (const auto& [kind, n] : kinds) bench::report("kind." + kind, n);
  if (storage) {
    auto& c = storage->cache().counters();
    bench::report("cache_hits", c.hits);
    bench::report("cache_misses", c.misses);
  }
  return totals.failed == 0 && totals.parse_errors == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << "replay: " << e.what() << '\n';
  return 1;
}

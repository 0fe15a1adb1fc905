// micro: Google Benchmark microbenchmarks of the pieces every update goes through:
// the game rules (davka, pvp, regenerate, gofra_info, lengths and rounding), the Bot API
// JSON parse and mapping, reply serialisation (encode_actions, encode_method_call) and
// keyboard JSON, the router, and one whole update through the engine over the in-memory
// store.
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include "bot/bot_api_encoding.hpp"
#include "bot/engine.hpp"
#include "bot/guards/maintenance_guard.hpp"
#include "bot/keyboards.hpp"
#include "bot/telegram_mapping.hpp"
#include "common/workload.hpp"
#include "game/atmospheres.hpp"
#include "game/davka.hpp"
#include "game/levels.hpp"
#include "game/numeric.hpp"
#include "game/pvp.hpp"
#include "store/memory_store.hpp"
#include "telegram/parse.hpp"

namespace {

constexpr game::UnixTime kNow = 1'700'000'000;
const game::Balance kBalance{};

game::Player player(double gofra_mm, double cable_mm) {
  auto p = game::new_player(bench::kFirstUserId, kNow - 100'000, kBalance);
  p.gofra_mm = gofra_mm;
  p.cable_mm = cable_mm;
  return p;
}

// --- game rules ---------------------------------------------------------------------------

void BM_Davka(benchmark::State& state) {
  game::Random rng(1);
  auto p = player(123.4, 56.7);
  for (auto _ : state) {
    p.atm_count = kBalance.atm_max;  // full tank: the davka succeeds every time
    auto r = game::davka(p, kNow, rng, kBalance);
    benchmark::DoNotOptimize(r);
    if (p.gofra_mm > 1e6) p.gofra_mm = 123.4;
  }
}
BENCHMARK(BM_Davka);

void BM_DavkaRefused(benchmark::State& state) {
  game::Random rng(1);
  auto p = player(123.4, 56.7);
  p.atm_count = 3;
  p.last_update = kNow;
  for (auto _ : state) {
    auto r = game::davka(p, kNow, rng, kBalance);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DavkaRefused);

void BM_PvpChance(benchmark::State& state) {
  game::Random rng(1);
  auto a = player(120, 40);
  auto d = player(300, 25);
  for (auto _ : state) benchmark::DoNotOptimize(game::pvp_chance(a, d, rng, kBalance));
}
BENCHMARK(BM_PvpChance);

void BM_ResolveFight(benchmark::State& state) {
  game::Random rng(1);
  const auto a0 = player(120, 40);
  const auto d0 = player(300, 25);
  for (auto _ : state) {
    auto a = a0;
    auto d = d0;
    benchmark::DoNotOptimize(game::resolve_fight(a, d, 55.0, rng, kBalance));
  }
}
BENCHMARK(BM_ResolveFight);

void BM_Regenerate(benchmark::State& state) {
  auto p = player(250, 40);
  p.atm_count = 2;
  p.last_update = kNow - 5'000;
  for (auto _ : state) {
    auto q = p;
    game::regenerate(q, kNow, kBalance);
    benchmark::DoNotOptimize(q.atm_count);
  }
}
BENCHMARK(BM_Regenerate);

void BM_GofraInfo(benchmark::State& state) {
  double mm = 10;
  for (auto _ : state) {
    auto info = game::gofra_info(mm);
    benchmark::DoNotOptimize(info);
    mm = mm > 200'000 ? 10 : mm * 1.7;
  }
}
BENCHMARK(BM_GofraInfo);

// Every screen shows lengths ("12.3 см") and rounds with Python's rules (fixed + strtod).
void BM_FormatLength(benchmark::State& state) {
  double mm = 10.25;
  for (auto _ : state) {
    auto text = game::format_length(mm);
    benchmark::DoNotOptimize(text);
    mm = mm > 200'000 ? 10.25 : mm * 1.7;
  }
}
BENCHMARK(BM_FormatLength);

void BM_PyRound(benchmark::State& state) {
  double x = 17.752941176470588;
  for (auto _ : state) {
    benchmark::DoNotOptimize(game::py_round(x, 2));
    x = x > 200'000 ? 17.752941176470588 : x * 1.7;
  }
}
BENCHMARK(BM_PyRound);

// --- Bot API JSON ---------------------------------------------------------------------------

// The first body of that kind in the workload, with the update id mark.
std::string template_of(std::string_view kind_prefix) {
  bench::Workload w(bench::WorkloadOptions{});
  for (int i = 0; i < 10'000; ++i) {
    auto e = w.next();
    if (e.kind.starts_with(kind_prefix)) return e.body;
  }
  throw std::runtime_error("no such update kind in the workload");
}

std::string body_of(std::string_view kind_prefix) {
  return bench::with_update_id(template_of(kind_prefix), 123'456'789);
}

void BM_ParseUpdate(benchmark::State& state, std::string_view kind) {
  const auto body = body_of(kind);
  for (auto _ : state) {
    auto parsed = telegram::parse_update(body);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK_CAPTURE(BM_ParseUpdate, private_command, std::string_view("cmd:/start"));
BENCHMARK_CAPTURE(BM_ParseUpdate, group_reply_command, std::string_view("cmd:/fight"));
BENCHMARK_CAPTURE(BM_ParseUpdate, callback_query, std::string_view("btn:davka"));

void BM_ToBotUpdate(benchmark::State& state) {
  const auto parsed = std::get<telegram::Update>(telegram::parse_update(body_of("btn:davka")));
  for (auto _ : state) benchmark::DoNotOptimize(bot::to_bot_update(parsed));
}
BENCHMARK(BM_ToBotUpdate);

// A button's replies: the edited screen with the main keyboard, and the callback answer.
std::vector<bot::Action> button_replies() {
  return {bot::EditMessage{bench::kFirstUserId, 4242,
                           "💥 ДАВКА КОРИЧНЕВАГА!\n\n💩 Выдавил: 1234г\n🏗️ Гофра: 12.3 см → "
                           "12.5 см\n🔌 Кабель: 5.0 см → 5.1 см\n📈 Опыт: +2.4 мм\n\n🌀 "
                           "Атмосферы: 0/12\n🐍 Змий: 1234г",
                           bot::Keyboards::get().main},
          bot::AnswerCallback{"4382000000000123", "", false}};
}

void BM_EncodeActions(benchmark::State& state) {
  const auto actions = button_replies();
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto json = bot::encode_actions(actions);
    bytes = json.size();
    benchmark::DoNotOptimize(json);
  }
  state.counters["json_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_EncodeActions);

void BM_EncodeMethodCall(benchmark::State& state) {
  const auto actions = button_replies();
  for (auto _ : state) {
    auto json = bot::encode_method_call(actions[0]);
    benchmark::DoNotOptimize(json);
  }
}
BENCHMARK(BM_EncodeMethodCall);

void BM_EncodeBody(benchmark::State& state) {
  const auto actions = button_replies();
  for (auto _ : state) {
    auto json = bot::encode_body(actions[0]);
    benchmark::DoNotOptimize(json);
  }
}
BENCHMARK(BM_EncodeBody);

// The static keyboards are built once; the fight keyboards are built per reply.
void BM_KeyboardJson(benchmark::State& state) {
  game::UserId target = bench::kFirstUserId;
  for (auto _ : state) {
    auto kb = bot::private_fight_keyboard(++target);
    benchmark::DoNotOptimize(kb->json.data());
  }
}
BENCHMARK(BM_KeyboardJson);

void BM_KeyboardMainJson(benchmark::State& state) {
  const auto& rows = bot::Keyboards::get().main->rows;
  for (auto _ : state) {
    auto kb = bot::make_keyboard(rows);
    benchmark::DoNotOptimize(kb->json.data());
  }
}
BENCHMARK(BM_KeyboardMainJson);

// --- routing and one whole update -----------------------------------------------------------

struct EngineFixture {
  ops::Config config{};
  store::MemoryStore store;
  game::Random rng{1};
  bot::SessionState session;
  bot::Engine engine{store, bot::Services{&config, &rng, &session}, "gofrobot_bot"};
  EngineFixture() { engine.add_guard(std::make_unique<bot::MaintenanceGuard>()); }
};

void BM_RouterMatch(benchmark::State& state) {
  EngineFixture f;
  auto update = *bot::to_bot_update(
      std::get<telegram::Update>(telegram::parse_update(body_of("btn:top_"))));
  for (auto _ : state) {
    auto m = f.engine.router().match(update, "gofrobot_bot", false);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_RouterMatch);

// Parse, map, process (profile button of a known player) and encode the webhook reply.
// Update id 0 (no processed-id record) and the previous reply marked sent, so that the
// in-memory store stays the same size: its begin() copies everything, which a real store
// does not do.
void BM_UpdateProfileButton(benchmark::State& state) {
  EngineFixture f;
  const auto body = bench::with_update_id(template_of("btn:profile"), 0);
  const std::int64_t sent[] = {0};
  for (auto _ : state) {
    auto parsed = telegram::parse_update(body);
    const auto update = *bot::to_bot_update(std::get<telegram::Update>(parsed));
    auto outcome = f.engine.process_batch(std::span(&update, 1), kNow, sent).front();
    auto reply = bot::encode_method_call(outcome.actions.back());
    benchmark::DoNotOptimize(reply);
  }
}
BENCHMARK(BM_UpdateProfileButton);

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// A bot process for the crash and concurrency tests (tests/crash/crash_test.cpp): it
// feeds the real engine and store a deterministic stream of davka button presses and
// prints "ACK <update_id> <ok|refused>" once an update's batch has committed, which is
// when a real transport would release the reply (and Telegram would forget the update).
// The parent kills it with SIGKILL at random moments and restarts it from the first
// update not acknowledged, as Telegram redelivers.
//
//   crash_worker DATABASE_URL FIRST_ID LAST_ID USERS SEED [STRIDE]
//
// It processes ids FIRST, FIRST+STRIDE, … up to LAST. Id i is slot s = i / STRIDE: a
// press by user s % USERS + 1 at game time BASE + s * 86400 (a full day per slot, so a
// press finds its user's atmospheres full unless the user pressed later in game time).
// Batches are 1..USERS consecutive slots, so a batch never holds two presses of one user.
// Two workers with STRIDE 2 and FIRST 0 and 1 press for the same user at the same moment.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/storage.hpp"
#include "bot/engine.hpp"

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: crash_worker DATABASE_URL FIRST_ID LAST_ID USERS SEED [STRIDE]\n";
    return 2;
  }
  ops::Config config;
  config.storage.database_url = argv[1];
  const std::int64_t first = std::stoll(argv[2]);
  const std::int64_t last = std::stoll(argv[3]);
  const std::int64_t users = std::stoll(argv[4]);
  const std::uint64_t seed = std::stoull(argv[5]);
  const std::int64_t stride = argc > 6 ? std::stoll(argv[6]) : 1;
  constexpr bot::UnixTime kBase = 1'700'000'000;

  // stdout carries only ACK lines; logs go to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("crash_worker"));
  auto storage = app::Storage::open(config);
  game::Random rng(seed);
  bot::SessionState state;
  bot::Engine engine(storage->store(), bot::Services{&config, &rng, &state}, "gofrobot");
  std::mt19937_64 sizes(seed);

  for (std::int64_t id = first; id <= last;) {
    auto batch_size = static_cast<std::int64_t>(
        std::uniform_int_distribution<std::int64_t>(1, users)(sizes));
    std::vector<bot::Update> batch;
    for (std::int64_t i = id; i <= last && i < id + batch_size * stride; i += stride) {
      bot::CallbackQuery q;
      q.id = "q" + std::to_string(i);
      bot::UserId user = (i / stride) % users + 1;
      q.from = bot::User{user, false, "Игрок", {}};
      q.chat = bot::Chat{user, bot::ChatType::kPrivate, {}};
      q.message_id = 1;
      q.data = "davka";
      batch.push_back(bot::Update{i, q});
    }
    const auto advance = static_cast<std::int64_t>(batch.size()) * stride;
    // Updates deferred by contention with the other process run again, in a batch of
    // their own once this one committed (a transport re-queues them the same way).
    for (int round = 0; !batch.empty(); ++round) {
      if (round > 50) {
        std::cerr << "updates deferred too often\n";
        return 1;
      }
      auto outcomes = engine.process_batch(batch, kBase + (id / stride) * 86400);
      std::vector<bot::Update> deferred;
      for (std::size_t k = 0; k < batch.size(); ++k) {
        const auto& o = outcomes[k];
        if (o.deferred) {
          deferred.push_back(batch[k]);
          continue;
        }
        if (!o.committed) {
          std::cerr << "batch not committed\n";
          return 1;
        }
      bool ok = false;
      for (const auto& a : o.actions) {
        if (const auto* e = std::get_if<bot::EditMessage>(&a)) {
          ok = ok || e->text.find("ДАВКА КОРИЧНЕВАГА") != std::string::npos;
        }
      }
        std::printf("ACK %lld %s\n", static_cast<long long>(batch[k].update_id),
                    o.duplicate ? "duplicate" : ok ? "ok" : o.failed ? "failed" : "refused");
      }
      std::fflush(stdout);
      batch = std::move(deferred);
    }
    id += advance;
  }
  return 0;
}

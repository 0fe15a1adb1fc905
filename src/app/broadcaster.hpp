#pragma once
// Sends the admin panel's broadcast (docs/OPERATIONS.md, "Broadcast") in `gofrobot run`.
//
// Recipients are the contacts with a private chat who did not block the bot, in user id
// order, taken in groups of kGroup. For each group the broadcast's row is first marked
// "launched up to the group's last id", then the messages go out, then the row is marked
// "done up to it" with the counts: so after a crash only the group that was going out is in
// doubt (at most kGroup recipients). Those are sent again on the restart (a duplicate is
// better than a miss) and counted as in doubt, in the row, the progress message and the log.
//
// It takes only the capacity that game replies leave: a message goes out only when the
// outbound queue has a token to spare for it (OutboundQueue::take_slot_now), so players
// never wait behind a broadcast. A 429 pauses it for retry_after; a 403 (the user blocked
// the bot, or never started it) marks the user, who is skipped by later broadcasts until
// they write to the bot privately again; other failures are retried twice, then counted.
// Progress is edited into the admin's message every few seconds; a stop from the panel
// ends it at the next group.
//
// The store is read and written on the engine thread (tasks posted to the pipeline); the
// sending runs on the I/O executor.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "bot/engine.hpp"
#include "bot/pipeline.hpp"
#include "net/asio.hpp"
#include "store/admin_store.hpp"
#include "store/store.hpp"
#include "telegram/bot_api.hpp"
#include "telegram/outbound_queue.hpp"

namespace app {

class Broadcaster {
 public:
  static constexpr int kGroup = 20;

  Broadcaster(net::asio::any_io_executor executor, bot::Pipeline& pipeline, bot::Engine& engine,
              store::Store& store, store::AdminStore& admin_store, telegram::BotApi& api,
              telegram::OutboundQueue& outbound);

  // Starts the sender (it resumes a broadcast left running); stops with the executor.
  void start();
  // A broadcast started or was stopped: look again now. Thread-safe.
  void wake();
  void stop() { stopping_ = true; }

 private:
  enum class Result { kSent, kFailed, kBlocked, kAbandoned };

  net::awaitable<void> loop();
  // Takes or renews the broadcast's lease for this process.
  net::awaitable<bool> claim(std::int64_t id);
  net::awaitable<void> run(store::BroadcastRecord b);
  net::awaitable<Result> send_one(bot::UserId user, const std::string& body);
  net::awaitable<void> sleep(std::chrono::milliseconds d);
  // Runs `f` on the engine thread and resumes with its result.
  template <class F>
  net::awaitable<std::invoke_result_t<F>> on_engine(F f);
  net::awaitable<void> save(const store::BroadcastRecord& b, std::vector<bot::UserId> blocked,
                            bool end);
  void edit_progress(const store::BroadcastRecord& b);

  net::asio::any_io_executor executor_;
  bot::Pipeline& pipeline_;
  bot::Engine& engine_;
  store::Store& store_;
  store::AdminStore& admin_store_;
  telegram::BotApi& api_;
  telegram::OutboundQueue& outbound_;
  const std::string owner_;  // this process's name for the broadcast lease
  std::atomic<bool> stopping_{false};
  std::atomic<bool> woken_{false};
};

}  // namespace app

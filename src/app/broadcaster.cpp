#include "app/broadcaster.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <random>
#include <stdexcept>

#include "bot/admin/broadcast_view.hpp"
#include "net/oneshot.hpp"
#include "telegram/json_writer.hpp"

namespace app {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kLease = std::chrono::seconds(10);
constexpr auto kProgressEvery = 3s;
constexpr int kAttempts = 3;  // for 5xx and network errors

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string send_body(bot::UserId user, const std::string& text) {
  telegram::JsonWriter w(text.size() + 48);
  w.begin_object();
  w.key("chat_id").value(std::int64_t{user});
  w.key("text").value(text);
  w.end_object();
  return w.take();
}

// A process's name for the broadcast lease: random, so two replicas never share one.
std::string owner_name() {
  std::random_device random;
  return fmt::format("{:08x}{:08x}", random(), random());
}

}  // namespace

Broadcaster::Broadcaster(net::asio::any_io_executor executor, bot::Pipeline& pipeline,
                         bot::Engine& engine, store::Store& store, store::AdminStore& admin_store,
                         telegram::BotApi& api, telegram::OutboundQueue& outbound)
    : executor_(std::move(executor)),
      pipeline_(pipeline),
      engine_(engine),
      store_(store),
      admin_store_(admin_store),
      api_(api),
      outbound_(outbound),
      owner_(owner_name()) {}

void Broadcaster::start() { net::asio::co_spawn(executor_, loop(), net::asio::detached); }

void Broadcaster::wake() { woken_ = true; }

net::awaitable<void> Broadcaster::sleep(std::chrono::milliseconds d) {
  net::asio::steady_timer timer(executor_);
  timer.expires_after(d);
  co_await timer.async_wait(net::use_awaitable);
}

template <class F>
net::awaitable<std::invoke_result_t<F>> Broadcaster::on_engine(F f) {
  using R = std::invoke_result_t<F>;
  auto done = net::Oneshot<std::optional<R>>::make();
  pipeline_.post([f = std::move(f), done]() mutable {
    try {
      done->set(f());
    } catch (const std::exception& e) {
      spdlog::error("broadcast: the database failed: {}", e.what());
      done->set(std::nullopt);
    }
  });
  auto result = co_await done->wait();
  if (!result) throw std::runtime_error("the database failed");
  co_return std::move(*result);
}

net::awaitable<bool> Broadcaster::claim(std::int64_t id) {
  const auto now = unix_now();
  auto task = [this, id, now] {
    return admin_store_.claim_broadcast(id, owner_, now, now + kLease.count());
  };
  co_return co_await on_engine(std::move(task));
}

net::awaitable<void> Broadcaster::loop() {
  bool held_elsewhere = false;  // a running broadcast another process's lease holds
  while (!stopping_) {
    try {
      auto task = [this] { return admin_store_.running_broadcast(); };
      auto b = co_await on_engine(std::move(task));
      if (b && co_await claim(b->id)) {
        co_await run(std::move(*b));
        continue;
      }
      held_elsewhere = b.has_value();
    } catch (const std::exception& e) {
      spdlog::warn("broadcast: {}; trying again", e.what());
    }
    // Idle: look again when woken, or every ten seconds (a broadcast started through
    // another replica); every second while another process's lease holds one (a sender that
    // died leaves it to expire: kLease).
    const int steps = held_elsewhere ? 10 : 100;
    for (int i = 0; i < steps && !stopping_ && !woken_.exchange(false); ++i) co_await sleep(100ms);
  }
}

net::awaitable<Broadcaster::Result> Broadcaster::send_one(bot::UserId user, const std::string& body) {
  using Kind = telegram::ApiResult::Kind;
  for (int attempt = 1;; ++attempt) {
    // Only a token the game's replies leave: players never wait behind a broadcast.
    while (!outbound_.take_slot_now(user, false)) {
      if (stopping_) co_return Result::kAbandoned;
      co_await sleep(20ms);
    }
    auto r = co_await api_.call("sendMessage", body, std::chrono::seconds(15));
    switch (r.kind) {
      case Kind::kOk:
      case Kind::kNotModified:
        co_return Result::kSent;
      case Kind::kRetryAfter:
        --attempt;  // not the message's fault
        co_await sleep(std::chrono::seconds(std::max(1, r.retry_after)));
        continue;
      case Kind::kRejected:
        // 403: blocked by the user (or deactivated); 400 "chat not found": never started.
        if (r.http_status == 403 || r.description.find("chat not found") != std::string::npos) {
          co_return Result::kBlocked;
        }
        co_return Result::kFailed;
      case Kind::kServerError:
      case Kind::kNetwork:
        if (attempt >= kAttempts || stopping_) co_return stopping_ ? Result::kAbandoned : Result::kFailed;
        co_await sleep(std::chrono::milliseconds(500 * attempt));
        continue;
      case Kind::kUnauthorized:
      case Kind::kConflict:
        co_return Result::kFailed;
    }
  }
}

net::awaitable<void> Broadcaster::save(const store::BroadcastRecord& b,
                                       std::vector<bot::UserId> blocked, bool end) {
  store::ChangeSet c;
  c.admin().broadcast_progress = b;
  if (end) c.admin().broadcast_end = std::make_pair(b.id, b.state);
  c.admin().blocked = std::move(blocked);
  auto task = [this, c = std::move(c)] {
    store_.write(c);
    engine_.forget_contacts(c.admin_changes()->blocked);
    return true;
  };
  co_await on_engine(std::move(task));
}

void Broadcaster::edit_progress(const store::BroadcastRecord& b) {
  if (b.progress_chat == 0 || b.progress_message == 0) return;
  const auto keyboard = bot::broadcast_progress_keyboard(b.state == "running");
  telegram::JsonWriter w;
  w.begin_object();
  w.key("chat_id").value(std::int64_t{b.progress_chat});
  w.key("message_id").value(std::int64_t{b.progress_message});
  w.key("text").value(bot::broadcast_progress_text(b));
  w.key("reply_markup").raw(keyboard->json);
  w.end_object();
  outbound_.enqueue({telegram::OutboundRequest{b.progress_chat, false, "editMessageText",
                                               w.take(), {}, 0}});
}

net::awaitable<void> Broadcaster::run(store::BroadcastRecord b) {
  if (b.launched > b.cursor) {
    // The group that was going out when the last sender stopped: sent again.
    auto task = [this, cursor = b.cursor, launched = b.launched] {
      return admin_store_.count_recipients(cursor, launched);
    };
    const auto doubt = co_await on_engine(std::move(task));
    b.in_doubt += doubt;
    spdlog::warn("broadcast {}: resumed; {} recipients of the group in flight at the stop are "
                 "sent again (they may get it twice)",
                 b.id, doubt);
  } else if (b.cursor > 0) {
    spdlog::info("broadcast {}: resumed after {} sent", b.id, b.sent);
  } else {
    spdlog::info("broadcast {} by admin {}: {} recipients", b.id, b.created_by, b.recipients);
  }
  auto last_edit = Clock::now() - kProgressEvery;
  const auto started = Clock::now();
  const std::int64_t done_before = b.sent + b.failed + b.blocked;
  while (!stopping_) {
    if (!co_await claim(b.id)) co_return;  // stopped, or another process took it over
    auto read = [this, id = b.id] { return admin_store_.broadcast(id); };
    auto current = co_await on_engine(std::move(read));
    if (!current || current->state != "running") {  // stopped from the panel
      b.state = current ? current->state : "cancelled";
      edit_progress(b);
      spdlog::info("broadcast {} stopped from the panel after {} sent", b.id, b.sent);
      co_return;
    }
    auto next = [this, cursor = b.cursor] {
      return admin_store_.broadcast_recipients(cursor, 0, kGroup);
    };
    auto ids = co_await on_engine(std::move(next));
    if (ids.empty()) {
      b.state = "done";
      std::vector<bot::UserId> none;
      co_await save(b, std::move(none), true);
      edit_progress(b);
      spdlog::info("broadcast {} done: {} sent, {} failed, {} blocked the bot, {} in doubt", b.id,
                   b.sent, b.failed, b.blocked, b.in_doubt);
      co_return;
    }
    b.launched = ids.back();
    std::vector<bot::UserId> none;
    co_await save(b, std::move(none), false);  // before any of the group goes out

    struct Group {
      std::vector<Result> results;
      int left = 0;
      std::shared_ptr<net::Oneshot<bool>> done = net::Oneshot<bool>::make();
      std::mutex mutex;
    };
    auto group = std::make_shared<Group>();
    group->results.resize(ids.size());
    group->left = static_cast<int>(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      net::asio::co_spawn(
          executor_,
          [this, group, i, user = ids[i], body = send_body(ids[i], b.text)]() -> net::awaitable<void> {
            auto result = co_await send_one(user, body);
            bool last = false;
            {
              std::lock_guard lock(group->mutex);
              group->results[i] = result;
              last = --group->left == 0;
            }
            if (last) group->done->set(true);
          },
          net::asio::detached);
    }
    co_await group->done->wait();

    std::vector<bot::UserId> blocked;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      switch (group->results[i]) {
        case Result::kSent: ++b.sent; break;
        case Result::kFailed: ++b.failed; break;
        case Result::kBlocked:
          ++b.blocked;
          blocked.push_back(ids[i]);
          break;
        case Result::kAbandoned: co_return;  // shutting down: the group stays in doubt
      }
    }
    b.cursor = ids.back();
    co_await save(b, std::move(blocked), false);
    if (Clock::now() - last_edit >= kProgressEvery) {
      edit_progress(b);
      last_edit = Clock::now();
      const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
      const auto done = b.sent + b.failed + b.blocked - done_before;
      spdlog::info("broadcast {}: {} of {} ({:.1f}/s)", b.id, b.sent + b.failed + b.blocked,
                   b.recipients, seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
    }
  }
}

}  // namespace app

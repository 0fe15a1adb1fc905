#include "app/readiness.hpp"

#include <fmt/format.h>

#include "telegram/json_writer.hpp"

namespace app {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::string answer_json(bool ready, std::string_view phase, const std::vector<std::string>& reasons,
                        const std::string& database) {
  telegram::JsonWriter w;
  w.begin_object();
  w.key("status").value(ready ? "ready" : "not ready");
  w.key("phase").value(phase);
  if (!database.empty()) w.key("database").raw(database);
  w.key("reasons").begin_array();
  for (const auto& r : reasons) w.value(r);
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace

Readiness::Readiness(std::chrono::milliseconds timeout, std::chrono::milliseconds reuse)
    : timeout_(timeout), reuse_(reuse), thread_([this] { run(); }) {}

Readiness::~Readiness() {
  bool probing = false;
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
    probing = probing_;
  }
  wake_.notify_all();
  // A probe that hangs must not hang the shutdown: the thread is left to the process's end.
  if (probing) {
    thread_.detach();
  } else {
    thread_.join();
  }
}

void Readiness::starting(std::string what) {
  std::lock_guard lock(mutex_);
  phase_ = Phase::kStarting;
  starting_what_ = std::move(what);
}

void Readiness::set_probe(Probe probe) {
  std::lock_guard lock(mutex_);
  probe_ = std::move(probe);
}

void Readiness::serving() {
  std::lock_guard lock(mutex_);
  phase_ = Phase::kServing;
}

void Readiness::stopping() {
  std::lock_guard lock(mutex_);
  phase_ = Phase::kStopping;
}

bool Readiness::is_stopping() const {
  std::lock_guard lock(mutex_);
  return phase_ == Phase::kStopping;
}

bool Readiness::is_serving() const {
  std::lock_guard lock(mutex_);
  return phase_ == Phase::kServing;
}

void Readiness::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return quit_ || requested_; });
    if (quit_) return;
    requested_ = false;
    auto probe = probe_;
    probing_ = true;
    probe_started_ = Clock::now();
    lock.unlock();
    Result r;
    const auto started = Clock::now();
    try {
      if (probe) probe();
      r.ok = true;
    } catch (const std::exception& e) {
      r.error = e.what();
    } catch (...) {
      r.error = "unknown error";
    }
    r.finished = Clock::now();
    r.seconds = std::chrono::duration<double>(r.finished - started).count();
    lock.lock();
    probing_ = false;
    last_ = std::move(r);
    ++generation_;
  }
}

net::awaitable<ops::http::ReadyAnswer> Readiness::check() {
  std::uint64_t waiting_for = 0;
  std::string phase;
  {
    std::lock_guard lock(mutex_);
    if (phase_ != Phase::kServing) {
      const bool stopping = phase_ == Phase::kStopping;
      co_return ops::http::ReadyAnswer{
          false, answer_json(false, stopping ? "stopping" : "starting",
                             {stopping ? std::string("shutting down") : "starting: " + starting_what_},
                             "")};
    }
    const auto now = Clock::now();
    if (generation_ > 0 && now - last_.finished < reuse_) {
      waiting_for = generation_;  // the last result will do
    } else if (probing_) {
      if (now - probe_started_ >= timeout_) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - probe_started_);
        co_return ops::http::ReadyAnswer{
            false, answer_json(false, "serving",
                               {fmt::format("database: no answer for {} ms", ms.count())},
                               R"({"ok":false})")};
      }
      waiting_for = generation_ + 1;  // the probe under way
    } else {
      requested_ = true;
      waiting_for = generation_ + 1;
      wake_.notify_all();
    }
  }
  // Wait for the result (polling: a probe is rare, and this keeps the prober plain).
  net::asio::steady_timer timer(co_await net::asio::this_coro::executor);
  const auto deadline = Clock::now() + timeout_;
  Result result;
  bool answered = false;
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (generation_ >= waiting_for) {
        result = last_;
        answered = true;
      }
    }
    if (answered || Clock::now() >= deadline) break;
    timer.expires_after(10ms);
    co_await timer.async_wait(net::use_awaitable);
  }
  if (!answered) {
    co_return ops::http::ReadyAnswer{
        false, answer_json(false, "serving",
                           {fmt::format("database: no answer within {} ms", timeout_.count())},
                           R"({"ok":false})")};
  }
  std::string database;
  {
    telegram::JsonWriter w;
    w.begin_object();
    w.key("ok").value(result.ok);
    w.key("latency_ms").raw(fmt::format("{:.3f}", result.seconds * 1000));
    if (!result.ok) w.key("error").value(result.error);
    w.end_object();
    database = w.take();
  }
  std::vector<std::string> reasons;
  if (!result.ok) reasons.push_back("database: " + result.error);
  co_return ops::http::ReadyAnswer{result.ok, answer_json(result.ok, "serving", reasons, database)};
}

}  // namespace app

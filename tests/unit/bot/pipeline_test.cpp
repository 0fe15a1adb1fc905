// The engine thread (bot::Pipeline) over the real engine and the in-memory store: every
// update completes once and in order, batches respect their bound, and the group-commit
// linger lets an update go as soon as no more are coming. No assertion depends on how
// fast this machine is: where time matters, max_delay is far longer than the bound asserted.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#include <utility>
#include <stdexcept>
#include <span>

#include "bot/pipeline.hpp"
#include "support/eventually.hpp"
#include "unit/bot/bot_harness.hpp"

namespace bot {
namespace {

using namespace std::chrono_literals;
using testing::BotHarness;

Update start_command(std::int64_t update_id, UserId user) {
  Message m;
  m.message_id = update_id;
  m.chat = Chat{user, ChatType::kPrivate, {}};
  m.from = BotHarness::person(user);
  m.text = "/start";
  return Update{update_id, std::move(m)};
}

// Records completions (they run on the engine thread) and waits for them.
class Completions {
 public:
  Pipeline::Completion record(std::int64_t update_id) {
    return [this, update_id](const Outcome& outcome) {
      std::lock_guard lock(mutex_);
      done_.push_back(update_id);
      if (!outcome.committed) ++uncommitted_;
      changed_.notify_all();
    };
  }
  // False if fewer than `count` completed within `timeout` (a generous bound: a hang).
  bool wait_for(std::size_t count, std::chrono::steady_clock::duration timeout = 60s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return done_.size() >= count; });
  }
  std::vector<std::int64_t> done() const {
    std::lock_guard lock(mutex_);
    return done_;
  }
  int uncommitted() const {
    std::lock_guard lock(mutex_);
    return uncommitted_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::int64_t> done_;
  int uncommitted_ = 0;
};

// Holds the engine thread in a task until released, so that a burst queues up whole.
class Gate {
 public:
  explicit Gate(Pipeline& pipeline) {
    // The task owns what it touches: it may still run after this Gate is gone.
    auto entered = std::make_shared<std::promise<void>>();
    auto is_entered = entered->get_future();
    pipeline.post([entered, released = released_.get_future().share()] {
      entered->set_value();
      released.wait();
    });
    is_entered.wait();
  }
  ~Gate() { release(); }
  void release() {
    if (!released_once_) {
      released_once_ = true;
      released_.set_value();
    }
  }

 private:
  std::promise<void> released_;
  bool released_once_ = false;
};

struct PipelineFixture {
  BotHarness harness;
  Pipeline pipeline;
  Completions completions;
  std::int64_t next_id = 0;

  explicit PipelineFixture(Pipeline::Options options,
                           std::unique_ptr<store::MemoryStore> store =
                               std::make_unique<store::MemoryStore>())
      : harness(std::move(store)),
        pipeline(harness.engine(), options, [] { return testing::kStartTime; }) {
    pipeline.start();
  }
  ~PipelineFixture() { pipeline.stop(); }

  // Replies not yet marked sent, read on the engine thread (the store is not shared).
  std::size_t pending_replies() {
    std::promise<std::size_t> pending;
    pipeline.post([&] { pending.set_value(harness.store().pending_outbox(10).size()); });
    return pending.get_future().get();
  }

  std::vector<std::int64_t> submit_burst(int count) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < count; ++i) {
      const std::int64_t id = ++next_id;
      ids.push_back(id);
      EXPECT_TRUE(pipeline.submit(start_command(id, 1000 + id), completions.record(id)));
    }
    return ids;
  }
};

Pipeline::Options options_with(std::size_t max_batch, std::chrono::microseconds max_delay) {
  Pipeline::Options options;
  options.max_batch = max_batch;
  options.max_delay = max_delay;
  return options;
}

TEST(Pipeline, EveryUpdateCompletesOnceCommittedAndInOrder) {
  PipelineFixture f(options_with(256, 2ms));
  std::vector<std::int64_t> expected;
  for (int round = 0; round < 5; ++round) {
    for (auto id : f.submit_burst(20)) expected.push_back(id);
  }
  ASSERT_TRUE(f.completions.wait_for(expected.size()));
  EXPECT_EQ(f.completions.done(), expected);
  EXPECT_EQ(f.completions.uncommitted(), 0);
  EXPECT_EQ(f.pipeline.stats().updates, 100);
}

TEST(Pipeline, ABurstQueuedWhileTheEngineIsBusyIsOneBatch) {
  PipelineFixture f(options_with(256, 2ms));
  {
    Gate gate(f.pipeline);
    f.submit_burst(30);
  }
  ASSERT_TRUE(f.completions.wait_for(30));
  EXPECT_EQ(f.pipeline.stats().batches, 1);
  EXPECT_EQ(f.pipeline.stats().largest_batch, 30);
}

TEST(Pipeline, ABatchNeverExceedsMaxBatch) {
  PipelineFixture f(options_with(8, 2ms));
  std::vector<std::int64_t> ids;
  {
    Gate gate(f.pipeline);
    ids = f.submit_burst(30);
  }
  ASSERT_TRUE(f.completions.wait_for(30));
  EXPECT_EQ(f.completions.done(), ids);
  EXPECT_LE(f.pipeline.stats().largest_batch, 8);
  EXPECT_EQ(f.pipeline.stats().updates, 30);
  EXPECT_GE(f.pipeline.stats().batches, 4);
}

// The linger after a batch of several updates used to wait for a full batch (or the whole
// max_delay); now it ends when a short step brings nothing new. With a max_delay of 20 s,
// a burst that stops, and then a lone update, must each complete far sooner than that.
TEST(Pipeline, ABurstThatStopsOrALoneUpdateIsNotHeldForMaxDelay) {
  constexpr auto kMaxDelay = 20s;
  PipelineFixture f(options_with(256, kMaxDelay));
  {
    Gate gate(f.pipeline);
    f.submit_burst(20);
  }
  ASSERT_TRUE(f.completions.wait_for(20));
  ASSERT_EQ(f.pipeline.stats().largest_batch, 20);  // so the next batch lingers

  const auto started = std::chrono::steady_clock::now();
  // A second burst, queued whole while the engine is busy: only the linger stands between
  // it and its commit.
  {
    Gate gate(f.pipeline);
    f.submit_burst(20);
  }
  ASSERT_TRUE(f.completions.wait_for(40, kMaxDelay / 2));
  // A burst submitted while the engine may be anywhere in its loop.
  f.submit_burst(20);
  ASSERT_TRUE(f.completions.wait_for(60, kMaxDelay / 2));
  // A lone update after a batch of many.
  f.submit_burst(1);
  ASSERT_TRUE(f.completions.wait_for(61, kMaxDelay / 2));
  EXPECT_LT(std::chrono::steady_clock::now() - started, kMaxDelay / 2);
  EXPECT_EQ(f.completions.uncommitted(), 0);
}

TEST(Pipeline, StopProcessesEverythingQueuedThenRefusesMore) {
  PipelineFixture f(options_with(256, 20s));
  auto gate = std::make_unique<Gate>(f.pipeline);
  f.submit_burst(12);
  auto stopped = std::async(std::launch::async, [&] { f.pipeline.stop(); });
  gate.reset();  // whether stop() began already or not
  ASSERT_EQ(stopped.wait_for(60s), std::future_status::ready);
  EXPECT_EQ(f.completions.done().size(), 12u);
  EXPECT_EQ(f.completions.uncommitted(), 0);
  EXPECT_FALSE(f.pipeline.submit(start_command(99, 99), f.completions.record(99)));
}

}  // namespace
}  // namespace bot

namespace bot {
namespace {

using test_support::eventually;

// A sent mark is bookkeeping: it waits for the next batch of updates instead of costing a
// transaction (and an fsync) of its own. The engine is idle when the mark comes; the
// update comes after it, well within the (long) delay.
TEST(Pipeline, SentMarksRideWithTheNextBatchOfUpdates) {
  auto options = options_with(256, 0us);
  options.sent_marks_delay = 60s;
  PipelineFixture f(options);
  f.submit_burst(1);
  ASSERT_TRUE(f.completions.wait_for(1));
  f.pipeline.wait_idle();
  f.pipeline.mark_sent(1);
  // Time for an engine that wrote marks at once (as it did) to show it; the marks here wait
  // 60 s, so this pause cannot make a correct pipeline fail.
  std::this_thread::sleep_for(200ms);
  f.submit_burst(1);
  ASSERT_TRUE(f.completions.wait_for(2));
  EXPECT_EQ(f.pipeline.stats().sent_marks, 1);
  EXPECT_EQ(f.pipeline.stats().mark_only_batches, 0);
  EXPECT_EQ(f.pipeline.stats().batches, 2);
}

// A batch that failed did not record its sent marks: they go again with a later batch.
TEST(Pipeline, SentMarksOfAFailedBatchAreKeptForTheNext) {
  class FailingOnce : public store::MemoryStore {
   public:
    bool fail = false;
    void remove_outbox(std::span<const std::int64_t> ids) override {
      if (std::exchange(fail, false)) throw std::runtime_error("disk error");
      MemoryStore::remove_outbox(ids);
    }
  };
  auto owned = std::make_unique<FailingOnce>();
  auto* store = owned.get();
  auto options = options_with(256, 0us);
  options.sent_marks_delay = 1ms;
  PipelineFixture f(options, std::move(owned));
  f.submit_burst(1);
  ASSERT_TRUE(f.completions.wait_for(1));
  f.pipeline.wait_idle();
  std::promise<void> armed;
  f.pipeline.post([&] {
    store->fail = true;
    armed.set_value();
  });
  armed.get_future().get();
  f.pipeline.mark_sent(1);
  ASSERT_TRUE(eventually([&] { return f.pipeline.stats().sent_marks == 1; }));
  EXPECT_EQ(f.pending_replies(), 0u);
  EXPECT_FALSE(store->fail);  // the failure happened, and the marks were written after it
}

// An update the store deferred (contention with another transaction) goes again in a later
// batch, whole: the pipeline hands the engine its updates by moving them, and must give a
// deferred one back to its item.
TEST(Pipeline, AnUpdateDeferredByContentionIsRetriedWhole) {
  class ContendedOnce : public store::MemoryStore {
   public:
    std::atomic<int> contended{0};
    void apply(const store::ChangeSet& changes) override {
      if (changes.update_id == 2 && contended.fetch_add(1) == 0) throw store::Contention();
      MemoryStore::apply(changes);
    }
  };
  auto owned = std::make_unique<ContendedOnce>();
  auto* store = owned.get();
  PipelineFixture f(options_with(256, 0us), std::move(owned));
  f.submit_burst(3);
  ASSERT_TRUE(f.completions.wait_for(3));
  f.pipeline.wait_idle();
  EXPECT_EQ(store->contended.load(), 2);  // refused once, then applied
  std::promise<bool> created;
  f.pipeline.post([&] { created.set_value(store->find_player(1002).has_value()); });
  EXPECT_TRUE(created.get_future().get());  // the retried /start came from its player
  EXPECT_EQ(f.completions.uncommitted(), 0);
}

// With no update coming, the marks are still written, alone, after the delay.
TEST(Pipeline, SentMarksAloneAreWrittenWithoutAnyUpdate) {
  auto options = options_with(256, 0us);
  options.sent_marks_delay = 1ms;
  PipelineFixture f(options);
  f.submit_burst(2);
  ASSERT_TRUE(f.completions.wait_for(2));
  const std::int64_t update_batches = f.pipeline.stats().batches;  // one or two
  f.pipeline.mark_sent(1);
  f.pipeline.mark_sent(2);
  ASSERT_TRUE(eventually([&] { return f.pipeline.stats().sent_marks == 2; }));
  EXPECT_GE(f.pipeline.stats().mark_only_batches, 1);
  EXPECT_EQ(f.pipeline.stats().batches, update_batches);  // no batch of updates came
  EXPECT_EQ(f.pending_replies(), 0u);  // they were recorded
}

}  // namespace
}  // namespace bot

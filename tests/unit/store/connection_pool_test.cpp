// ConnectionPool's bookkeeping. FakeConnection is a stand-in that runs no SQL: these
// tests cover the pool logic only (lazy opening, reuse, limits, timeouts, discard,
// threads); the drivers have their own tests against real databases.
#include "store/sql/connection_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using store::sql::Connection;
using store::sql::ConnectionLost;
using store::sql::ConnectionPool;
using store::sql::DatabaseError;

class FakeConnection final : public Connection {
 public:
  explicit FakeConnection(int id, std::atomic<int>* alive) : id_(id), alive_(alive) { ++*alive_; }
  ~FakeConnection() override { --*alive_; }
  store::sql::Dialect dialect() const override { return store::sql::Dialect::kSqlite; }
  std::vector<store::sql::Row> query(std::string_view, std::span<const store::sql::Value>) override { return {}; }
  std::int64_t execute(std::string_view, std::span<const store::sql::Value>) override {
    return ++statements_executed_;
  }
  std::vector<std::int64_t> execute_many(std::span<const store::sql::Statement>) override { return {}; }
  void execute_script(std::string_view) override {}
  bool in_transaction() const override { return false; }
  int id() const { return id_; }

 private:
  int id_;
  std::atomic<int>* alive_;
};

struct Fixture {
  std::atomic<int> opened{0};
  std::atomic<int> alive{0};
  std::atomic<bool> fail_next{false};

  ConnectionPool::Factory factory() {
    return [this]() -> std::unique_ptr<Connection> {
      if (fail_next.exchange(false)) throw ConnectionLost("server down");
      return std::make_unique<FakeConnection>(++opened, &alive);
    };
  }
};

int id_of(const ConnectionPool::Lease& lease) { return dynamic_cast<const FakeConnection&>(*lease).id(); }

TEST(ConnectionPool, OpensLazilyAndReusesReturnedConnections) {
  Fixture f;
  ConnectionPool pool(f.factory(), 3);
  EXPECT_EQ(pool.size(), 0u);
  EXPECT_EQ(f.opened, 0);
  {
    auto a = pool.acquire(0ms);
    EXPECT_EQ(pool.size(), 1u);
    EXPECT_EQ(pool.in_use(), 1u);
    EXPECT_EQ(id_of(a), 1);
  }
  EXPECT_EQ(pool.in_use(), 0u);
  EXPECT_EQ(pool.size(), 1u);
  auto b = pool.acquire(0ms);
  EXPECT_EQ(id_of(b), 1);  // reused, not reopened
  EXPECT_EQ(f.opened, 1);
  auto c = pool.acquire(0ms);
  EXPECT_EQ(id_of(c), 2);
  EXPECT_EQ(pool.size(), 2u);
  EXPECT_EQ(pool.in_use(), 2u);
}

TEST(ConnectionPool, TimesOutWhenAllAreInUse) {
  Fixture f;
  ConnectionPool pool(f.factory(), 2);
  auto a = pool.acquire(0ms);
  auto b = pool.acquire(0ms);
  EXPECT_THROW((void)pool.acquire(0ms), DatabaseError);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW((void)pool.acquire(50ms), DatabaseError);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 50ms);
  EXPECT_EQ(pool.size(), 2u);
  EXPECT_EQ(pool.in_use(), 2u);
}

TEST(ConnectionPool, WaiterGetsTheConnectionReleasedByAnotherThread) {
  Fixture f;
  ConnectionPool pool(f.factory(), 1);
  auto held = pool.acquire(0ms);
  std::thread releaser([&] {
    std::this_thread::sleep_for(30ms);
    auto done = std::move(held);  // returned when `done` goes out of scope
  });
  auto lease = pool.acquire(5s);
  releaser.join();
  EXPECT_EQ(id_of(lease), 1);
  EXPECT_EQ(f.opened, 1);
}

TEST(ConnectionPool, DiscardDropsTheConnectionAndFreesItsSlot) {
  Fixture f;
  ConnectionPool pool(f.factory(), 1);
  auto a = pool.acquire(0ms);
  a.discard();
  EXPECT_FALSE(a);
  EXPECT_EQ(f.alive, 0);  // closed at once
  EXPECT_EQ(pool.size(), 0u);
  EXPECT_EQ(pool.in_use(), 0u);
  auto b = pool.acquire(0ms);
  EXPECT_EQ(id_of(b), 2);  // a fresh one
  a.discard();             // harmless on an empty lease
  EXPECT_EQ(pool.in_use(), 1u);
}

TEST(ConnectionPool, FailedOpenFreesTheSlotAndPropagates) {
  Fixture f;
  ConnectionPool pool(f.factory(), 1);
  f.fail_next = true;
  EXPECT_THROW((void)pool.acquire(0ms), ConnectionLost);
  EXPECT_EQ(pool.size(), 0u);
  EXPECT_EQ(pool.in_use(), 0u);
  auto lease = pool.acquire(0ms);
  EXPECT_TRUE(lease);
}

TEST(ConnectionPool, LeaseMovesWithoutReturningTwice) {
  Fixture f;
  ConnectionPool pool(f.factory(), 2);
  auto a = pool.acquire(0ms);
  ConnectionPool::Lease moved(std::move(a));
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): checking the moved-from state
  EXPECT_TRUE(moved);
  EXPECT_EQ(pool.in_use(), 1u);
  auto b = pool.acquire(0ms);
  moved = std::move(b);  // the first connection goes back
  EXPECT_EQ(pool.in_use(), 1u);
  EXPECT_EQ(id_of(moved), 2);
  moved->execute("SELECT 1");
  EXPECT_EQ((*moved).statements_executed(), 1);
}

TEST(ConnectionPool, ManyThreadsNeverExceedTheLimit) {
  Fixture f;
  constexpr std::size_t kMax = 3;
  ConnectionPool pool(f.factory(), kMax);
  std::atomic<int> holding{0};
  std::atomic<int> most{0};
  std::atomic<int> acquired{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        auto lease = pool.acquire(10s);
        const int now = ++holding;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        if ((i + t) % 50 == 0) {
          --holding;
          lease.discard();  // as after a lost connection
        } else {
          if (i % 7 == 0) std::this_thread::yield();
          --holding;
        }
        ++acquired;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(acquired, 8 * 500);
  EXPECT_LE(most, static_cast<int>(kMax));
  EXPECT_EQ(pool.in_use(), 0u);
  EXPECT_LE(pool.size(), kMax);
  EXPECT_EQ(static_cast<std::size_t>(f.alive.load()), pool.size());
}

TEST(ConnectionPool, ZeroMaxSizeIsRefused) {
  Fixture f;
  EXPECT_THROW(ConnectionPool(f.factory(), 0), DatabaseError);
}

}  // namespace

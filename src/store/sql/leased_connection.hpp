#pragma once
// A pooled connection held for as long as this object lives, usable wherever a Connection
// is: the engine keeps one PostgreSQL connection of the pool for its batches, and the
// others stay for everything else (tools, health checks).
//
// It heals itself: when the held connection is lost (the server restarted, the network
// cut), the error goes to the caller as it is (the batch fails, nothing is acknowledged)
// and the broken connection is dropped; the next statement leases a fresh one, so the
// engine's batches work again as soon as the server is back.
#include <chrono>

#include "store/sql/connection_pool.hpp"

namespace store::sql {

class LeasedConnection final : public Connection {
 private:
  // Runs f on the held connection (leasing one first if the last was lost); mirrors the
  // pooled connection's statement count, for the queries-per-update figure.
  template <class F>
  decltype(auto) held(F&& f) {
    if (!lease_) lease_ = pool_.acquire(acquire_timeout_);
    auto before = lease_->statements_executed();
    struct Sync {
      LeasedConnection& self;
      std::int64_t before;
      ~Sync() {
        if (self.lease_) self.statements_executed_ += self.lease_->statements_executed() - before;
      }
    } sync{*this, before};
    try {
      return f();
    } catch (const ConnectionLost&) {
      statements_executed_ += lease_->statements_executed() - before;
      lease_.discard();
      throw;
    }
  }

 public:
  LeasedConnection(ConnectionPool& pool, std::chrono::milliseconds acquire_timeout)
      : pool_(pool), acquire_timeout_(acquire_timeout), lease_(pool.acquire(acquire_timeout)) {}

  Dialect dialect() const override { return dialect_; }
  std::vector<Row> query(std::string_view sql, std::span<const Value> params = {}) override {
    return held([&] { return lease_->query(sql, params); });
  }
  std::int64_t execute(std::string_view sql, std::span<const Value> params = {}) override {
    return held([&] { return lease_->execute(sql, params); });
  }
  std::vector<std::int64_t> execute_many(std::span<const Statement> statements) override {
    return held([&] { return lease_->execute_many(statements); });
  }
  void execute_script(std::string_view sql) override {
    held([&] {
      lease_->execute_script(sql);
      return 0;
    });
  }
  // A lost connection holds no transaction.
  bool in_transaction() const override { return lease_ && lease_->in_transaction(); }

 private:
  ConnectionPool& pool_;
  std::chrono::milliseconds acquire_timeout_;
  ConnectionPool::Lease lease_;
  Dialect dialect_ = lease_->dialect();
};

}  // namespace store::sql

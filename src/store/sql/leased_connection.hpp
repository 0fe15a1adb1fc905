#pragma once
// A pooled connection held for as long as this object lives, usable wherever a Connection
// is: the engine keeps one PostgreSQL connection of the pool for its batches, and the
// others stay for everything else (tools, health checks).
#include "store/sql/connection_pool.hpp"

namespace store::sql {

class LeasedConnection final : public Connection {
 private:
  // Mirrors the pooled connection's statement count, for the queries-per-update figure.
  template <class F>
  decltype(auto) counted(F&& f) {
    auto before = lease_->statements_executed();
    struct Sync {
      LeasedConnection& self;
      std::int64_t before;
      ~Sync() { self.statements_executed_ += self.lease_->statements_executed() - before; }
    } sync{*this, before};
    return f();
  }

 public:
  explicit LeasedConnection(ConnectionPool::Lease lease) : lease_(std::move(lease)) {}

  Dialect dialect() const override { return lease_->dialect(); }
  std::vector<Row> query(std::string_view sql, std::span<const Value> params = {}) override {
    return counted([&] { return lease_->query(sql, params); });
  }
  std::int64_t execute(std::string_view sql, std::span<const Value> params = {}) override {
    return counted([&] { return lease_->execute(sql, params); });
  }
  std::vector<std::int64_t> execute_many(std::span<const Statement> statements) override {
    return counted([&] { return lease_->execute_many(statements); });
  }
  void execute_script(std::string_view sql) override {
    counted([&] {
      lease_->execute_script(sql);
      return 0;
    });
  }
  bool in_transaction() const override { return lease_->in_transaction(); }

 private:
  ConnectionPool::Lease lease_;
};

}  // namespace store::sql

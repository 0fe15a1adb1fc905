#pragma once
// A bounded set of connections shared by threads. Connections are opened lazily, on an
// acquire that finds none idle while fewer than `max_size` exist, and are then reused
// (most recently returned first, as it is the likeliest to still be alive).
//
//   auto lease = pool.acquire(std::chrono::milliseconds(500));
//   try {
//     lease->execute(...);
//   } catch (const sql::ConnectionLost&) {
//     lease.discard();  // the pool opens a fresh connection on a later acquire
//     throw;
//   }
//
// Thread-safe. The pool must outlive its leases.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sql/connection.hpp"

namespace store::sql {

class ConnectionPool {
 public:
  // Opens a connection; may throw (e.g. ConnectionLost), which acquire passes on.
  using Factory = std::function<std::unique_ptr<Connection>()>;

  // One connection, for the lease's lifetime; goes back to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    // False after discard() or once moved from.
    explicit operator bool() const { return connection_ != nullptr; }

    // The connection is broken (it threw ConnectionLost): close it now instead of
    // returning it, which frees its slot at once. The lease is empty afterwards.
    void discard();

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    void give_back(bool broken);

    ConnectionPool* pool_ = nullptr;
    std::unique_ptr<Connection> connection_;
  };

  ConnectionPool(Factory factory, std::size_t max_size);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Waits up to `timeout` for a free connection (zero: don't wait). Throws DatabaseError
  // when none frees up in time, and whatever the factory throws when opening one fails.
  [[nodiscard]] Lease acquire(std::chrono::milliseconds timeout);

  // Connections open or being opened, idle or not.
  std::size_t size() const;
  // Connections leased out (or being opened for a lease).
  std::size_t in_use() const;
  std::size_t max_size() const { return max_size_; }

 private:
  void release(std::unique_ptr<Connection> connection, bool broken);

  const Factory factory_;
  const std::size_t max_size_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t size_ = 0;
  std::size_t in_use_ = 0;
};

}  // namespace store::sql

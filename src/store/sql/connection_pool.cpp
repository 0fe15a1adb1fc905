#include "store/sql/connection_pool.hpp"

#include <cassert>
#include <string>
#include <utility>

namespace store::sql {

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    give_back(false);
    pool_ = std::exchange(other.pool_, nullptr);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

ConnectionPool::Lease::~Lease() { give_back(false); }

void ConnectionPool::Lease::discard() { give_back(true); }

void ConnectionPool::Lease::give_back(bool broken) {
  if (pool_ && connection_) pool_->release(std::move(connection_), broken);
  pool_ = nullptr;
  connection_.reset();
}

ConnectionPool::ConnectionPool(Factory factory, std::size_t max_size)
    : factory_(std::move(factory)), max_size_(max_size) {
  if (max_size_ == 0) throw DatabaseError("connection pool: max size must be at least 1");
}

ConnectionPool::~ConnectionPool() {
  // A lease still out would return its connection into a destroyed pool.
  assert(in_use_ == 0 && "connection pool destroyed while a lease is out");
}

ConnectionPool::Lease ConnectionPool::acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const bool available = freed_.wait_for(lock, timeout, [&] { return !idle_.empty() || size_ < max_size_; });
  if (!available) {
    throw DatabaseError("connection pool: no connection free within " + std::to_string(timeout.count()) +
                        " ms (all " + std::to_string(max_size_) + " in use)");
  }
  ++in_use_;
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }
  // Reserve the slot, then connect without the lock: opening takes a round trip or
  // more, and other threads may meanwhile take and return idle connections.
  ++size_;
  lock.unlock();
  std::unique_ptr<Connection> connection;
  try {
    connection = factory_();
    if (!connection) throw DatabaseError("connection pool: the factory returned no connection");
  } catch (...) {
    lock.lock();
    --size_;
    --in_use_;
    lock.unlock();
    freed_.notify_one();
    throw;
  }
  return Lease(this, std::move(connection));
}

void ConnectionPool::release(std::unique_ptr<Connection> connection, bool broken) {
  {
    const std::lock_guard lock(mutex_);
    --in_use_;
    if (broken) {
      --size_;
    } else {
      idle_.push_back(std::move(connection));
    }
  }
  freed_.notify_one();
  // A broken connection is closed here, outside the lock (closing may do I/O).
  connection.reset();
}

std::size_t ConnectionPool::size() const {
  const std::lock_guard lock(mutex_);
  return size_;
}

std::size_t ConnectionPool::in_use() const {
  const std::lock_guard lock(mutex_);
  return in_use_;
}

}  // namespace store::sql

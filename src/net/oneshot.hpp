#pragma once
// A value handed over once from any thread to one waiting coroutine: the engine thread
// finishes an update, the network coroutine that submitted it resumes on its executor.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "net/asio.hpp"

namespace net {

template <class T>
class Oneshot : public std::enable_shared_from_this<Oneshot<T>> {
 public:
  static std::shared_ptr<Oneshot> make() { return std::shared_ptr<Oneshot>(new Oneshot()); }

  void set(T value) {
    std::function<void(T)> waiter;
    {
      std::lock_guard lock(mutex_);
      if (waiter_) {
        waiter = std::move(waiter_);
      } else {
        value_ = std::move(value);
        return;
      }
    }
    waiter(std::move(value));
  }

  awaitable<T> wait() {
    auto self = this->shared_from_this();
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(T)>(
        [self](auto handler) {
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          auto resume = [shared](T v) {
            auto executor = asio::get_associated_executor(*shared);
            asio::post(executor, [shared, v = std::move(v)]() mutable { (*shared)(std::move(v)); });
          };
          std::unique_lock lock(self->mutex_);
          if (self->value_) {
            T v = std::move(*self->value_);
            self->value_.reset();
            lock.unlock();
            resume(std::move(v));
            return;
          }
          self->waiter_ = std::move(resume);
        },
        use_awaitable);
  }

 private:
  Oneshot() = default;
  std::mutex mutex_;
  std::optional<T> value_;
  std::function<void(T)> waiter_;
};

}  // namespace net

#include "redis/link.hpp"

#include <spdlog/spdlog.h>

namespace redis {

Link::Link(ops::RedisEndpoint endpoint, Options options)
    : endpoint_(std::move(endpoint)), options_(options) {}

std::optional<std::vector<Reply>> Link::run(std::span<const Command> commands) {
  if (!connection_ && !up_ && Clock::now() < next_probe_) return std::nullopt;
  try {
    if (!connection_) connection_ = std::make_unique<Connection>(endpoint_, options_.timeout);
    auto replies = connection_->pipeline(commands);
    ++round_trips_;
    if (!up_) {
      up_ = true;
      spdlog::warn("Redis {}:{} is back: shared state is used again", endpoint_.host,
                   endpoint_.port);
      if (on_change_) on_change_(true);
    }
    return replies;
  } catch (const IoError& e) {
    failed(e.what());
    return std::nullopt;
  }
}

void Link::failed(const std::string& why) {
  connection_.reset();
  ++failures_;
  next_probe_ = Clock::now() + options_.probe_interval;
  if (up_) {
    up_ = false;
    spdlog::error("{}; each replica works alone until it answers again (a probe every {} ms)",
                  why, options_.probe_interval.count());
    if (on_change_) on_change_(false);
  }
}

}  // namespace redis

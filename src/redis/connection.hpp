#pragma once
// One blocking connection to Redis (hiredis 0.14, RESP2) with a connect and a reply
// timeout: commands go out pipelined, all written before the first reply is read, so a
// batch of commands costs one round trip. Any I/O error or timeout throws IoError and the
// connection is then unusable (hiredis' rule): the caller drops it (redis::Link).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "ops/redis_url.hpp"

struct redisContext;

namespace redis {

// The connection failed (refused, reset, timed out): nothing more can be read from it.
class IoError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Reply {
  enum class Kind { kNil, kInteger, kString, kStatus, kError, kArray };
  Kind kind = Kind::kNil;
  std::int64_t integer = 0;
  std::string text;  // kString, kStatus, kError
  std::vector<Reply> elements;

  bool is_error() const { return kind == Kind::kError; }
};

using Command = std::vector<std::string>;  // the arguments, binary-safe

class Connection {
 public:
  // Connects, authenticates and selects the database; throws IoError.
  Connection(const ops::RedisEndpoint& endpoint, std::chrono::milliseconds timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One reply per command, in order. A command Redis refuses is a kError reply, not a
  // throw; an I/O failure throws IoError.
  std::vector<Reply> pipeline(std::span<const Command> commands);
  Reply run(const Command& command);

  // For a subscription, where replies come unasked: writes a command without waiting for
  // its reply, and reads one reply, waiting at most `wait` for it (nullopt: none came; the
  // connection stays usable, unlike a reply timeout, which ends it).
  void send(const Command& command);
  std::optional<Reply> read_for(std::chrono::milliseconds wait);

 private:
  // Queues one command in hiredis' output buffer (written by the next read or flush).
  void append(const Command& command);

  redisContext* context_ = nullptr;
};

}  // namespace redis

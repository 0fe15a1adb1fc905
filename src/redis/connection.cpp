#include "redis/connection.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>

namespace redis {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

Reply convert(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.kind = Reply::Kind::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      out.kind = r->type == REDIS_REPLY_STRING   ? Reply::Kind::kString
                 : r->type == REDIS_REPLY_STATUS ? Reply::Kind::kStatus
                                                 : Reply::Kind::kError;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = Reply::Kind::kArray;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
      break;
    default:
      break;  // nil
  }
  return out;
}

}  // namespace

Connection::Connection(const ops::RedisEndpoint& endpoint, std::chrono::milliseconds timeout) {
  const auto tv = to_timeval(timeout);
  context_ = redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, tv);
  if (!context_) throw IoError("Redis: out of memory");
  if (context_->err) {
    const std::string why = context_->errstr;
    redisFree(context_);
    context_ = nullptr;
    throw IoError("Redis " + endpoint.host + ":" + std::to_string(endpoint.port) + ": " + why);
  }
  // A Redis host that vanishes without a reset still ends an idle subscription, in time.
  redisEnableKeepAlive(context_);
  if (redisSetTimeout(context_, tv) != REDIS_OK) {
    redisFree(context_);
    context_ = nullptr;
    throw IoError("Redis: cannot set the reply timeout");
  }
  std::vector<Command> hello;
  if (!endpoint.password.empty()) {
    if (endpoint.user.empty()) {
      hello.push_back({"AUTH", endpoint.password});
    } else {
      hello.push_back({"AUTH", endpoint.user, endpoint.password});
    }
  }
  if (endpoint.db != 0) hello.push_back({"SELECT", std::to_string(endpoint.db)});
  try {
    for (const auto& reply : pipeline(hello)) {
      // Refused credentials or database: the URL is wrong, which retrying does not mend,
      // but the caller treats it as Redis being unavailable (and logs this text).
      if (reply.is_error()) throw IoError("Redis refused the connection's set-up: " + reply.text);
    }
  } catch (...) {
    redisFree(context_);
    context_ = nullptr;
    throw;
  }
}

Connection::~Connection() {
  if (context_) redisFree(context_);
}

std::vector<Reply> Connection::pipeline(std::span<const Command> commands) {
  std::vector<Reply> replies;
  if (commands.empty()) return replies;
  if (context_->err) throw IoError(std::string("Redis: ") + context_->errstr);
  for (const auto& command : commands) append(command);
  replies.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || !raw) {
      throw IoError(std::string("Redis: ") + (context_->err ? context_->errstr : "no reply"));
    }
    auto* reply = static_cast<redisReply*>(raw);
    replies.push_back(convert(reply));
    freeReplyObject(reply);
  }
  return replies;
}

void Connection::append(const Command& command) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(command.size());
  lengths.reserve(command.size());
  for (const auto& arg : command) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(),
                             lengths.data()) != REDIS_OK) {
    throw IoError(std::string("Redis: ") + context_->errstr);
  }
}

void Connection::send(const Command& command) {
  if (context_->err) throw IoError(std::string("Redis: ") + context_->errstr);
  append(command);
  int done = 0;
  while (!done) {
    if (redisBufferWrite(context_, &done) != REDIS_OK) {
      throw IoError(std::string("Redis: ") + context_->errstr);
    }
  }
}

std::optional<Reply> Connection::read_for(std::chrono::milliseconds wait) {
  void* raw = nullptr;
  // A reply already read with an earlier one first; else wait for the socket ourselves:
  // hiredis' own timeout would end the connection.
  if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) {
    throw IoError(std::string("Redis: ") + context_->errstr);
  }
  if (!raw) {
    pollfd socket{context_->fd, POLLIN, 0};
    const int ready = ::poll(&socket, 1, static_cast<int>(wait.count()));
    if (ready < 0) {
      if (errno == EINTR) return std::nullopt;
      throw IoError(std::string("Redis: poll: ") + std::strerror(errno));
    }
    if (ready == 0) return std::nullopt;
    if (redisBufferRead(context_) != REDIS_OK ||
        redisGetReplyFromReader(context_, &raw) != REDIS_OK) {
      throw IoError(std::string("Redis: ") + context_->errstr);
    }
    if (!raw) return std::nullopt;  // part of a reply; the rest comes with the next read
  }
  auto* reply = static_cast<redisReply*>(raw);
  Reply out = convert(reply);
  freeReplyObject(reply);
  return out;
}

Reply Connection::run(const Command& command) {
  return std::move(pipeline(std::span(&command, 1)).front());
}

}  // namespace redis

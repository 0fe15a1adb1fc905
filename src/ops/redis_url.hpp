#pragma once
// cache.redis_url: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]. Empty means no Redis.
#include <optional>
#include <string>
#include <string_view>

namespace ops {

struct RedisEndpoint {
  std::string host;
  int port = 6379;
  std::string user;      // ACL user; empty: the default user
  std::string password;  // empty: no AUTH
  int db = 0;
};

struct RedisUrlResult {
  std::optional<RedisEndpoint> endpoint;
  std::string error;  // why it is not a Redis URL (never holds the password)
};

RedisUrlResult parse_redis_url(std::string_view text);

}  // namespace ops

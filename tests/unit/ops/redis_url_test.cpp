// cache.redis_url: what it accepts and what it refuses, with a reason that never shows
// the password.
#include "ops/redis_url.hpp"

#include <gtest/gtest.h>

namespace ops {
namespace {

TEST(RedisUrl, ReadsHostPortCredentialsAndDatabase) {
  auto plain = parse_redis_url("redis://127.0.0.1:6380");
  ASSERT_TRUE(plain.endpoint) << plain.error;
  EXPECT_EQ(plain.endpoint->host, "127.0.0.1");
  EXPECT_EQ(plain.endpoint->port, 6380);
  EXPECT_EQ(plain.endpoint->db, 0);
  EXPECT_TRUE(plain.endpoint->password.empty());

  auto full = parse_redis_url("redis://bot:s3:cr@t@redis.internal/2");
  ASSERT_TRUE(full.endpoint) << full.error;
  EXPECT_EQ(full.endpoint->host, "redis.internal");
  EXPECT_EQ(full.endpoint->port, 6379);  // the default
  EXPECT_EQ(full.endpoint->user, "bot");
  EXPECT_EQ(full.endpoint->password, "s3:cr@t");  // the last '@' ends the credentials
  EXPECT_EQ(full.endpoint->db, 2);

  auto password_only = parse_redis_url("redis://:secret@localhost:7000/");
  ASSERT_TRUE(password_only.endpoint);
  EXPECT_EQ(password_only.endpoint->user, "");
  EXPECT_EQ(password_only.endpoint->password, "secret");
}

TEST(RedisUrl, RefusesWhatIsNotARedisUrlWithoutShowingThePassword) {
  for (const char* bad : {"", "localhost:6379", "http://localhost", "redis://", "redis://:pw@",
                          "redis://host:0", "redis://host:65536", "redis://host:port",
                          "redis://host/x", "redis://host?db=1", "redis://:hunter2@:6379"}) {
    auto r = parse_redis_url(bad);
    EXPECT_FALSE(r.endpoint) << bad;
    EXPECT_FALSE(r.error.empty()) << bad;
    EXPECT_EQ(r.error.find("hunter2"), std::string::npos) << r.error;
  }
}

}  // namespace
}  // namespace ops

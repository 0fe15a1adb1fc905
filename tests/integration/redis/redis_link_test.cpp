// The Redis client against real servers: pipelined commands and their replies, a refused
// command as an error reply, and the circuit breaker: a Redis that is down costs one
// attempt per probe interval, not one per call, and is used again once it is back.
#include "redis/link.hpp"

#include <gtest/gtest.h>

#include "integration/redis/redis_fixture.hpp"
#include "ops/redis_url.hpp"

namespace redis {
namespace {

using namespace std::chrono_literals;

TEST(RedisConnection, PipelinesCommandsAndReturnsEachReply) {
  GOFROBOT_REQUIRE_REDIS();
  Connection c(testing::test_endpoint(), 1000ms);
  const auto key = "gofrobot:test:" + std::to_string(testing::unique_user_base());
  const std::vector<Command> commands{{"SET", key, std::string("a\0b", 3)},
                                      {"GET", key},
                                      {"INCR", key + ":n"},
                                      {"GET", key + ":missing"},
                                      {"LPUSH", key},  // wrong arity: refused
                                      {"DEL", key, key + ":n"}};
  const auto replies = c.pipeline(commands);
  ASSERT_EQ(replies.size(), commands.size());
  EXPECT_EQ(replies[0].kind, Reply::Kind::kStatus);
  EXPECT_EQ(replies[1].text, std::string("a\0b", 3));  // binary-safe
  EXPECT_EQ(replies[2].integer, 1);
  EXPECT_EQ(replies[3].kind, Reply::Kind::kNil);
  EXPECT_TRUE(replies[4].is_error());
  EXPECT_EQ(replies[5].integer, 2);
  // The connection is still good after a refused command.
  EXPECT_EQ(c.run({"PING"}).text, "PONG");
}

TEST(RedisConnection, ANameThatDoesNotAnswerThrowsAnIoError) {
  const ops::RedisEndpoint nowhere{"127.0.0.1", testing::free_port(), {}, {}, 0};
  EXPECT_THROW(Connection(nowhere, 200ms), IoError);
}

TEST(RedisConnection, AWrongPasswordIsAnIoErrorThatSaysSo) {
  GOFROBOT_REQUIRE_REDIS();
  auto endpoint = testing::test_endpoint();
  endpoint.password = "not-the-password";
  try {
    Connection c(endpoint, 1000ms);
    FAIL() << "connected with a wrong password";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("set-up"), std::string::npos) << e.what();
  }
}

TEST(RedisLink, ADownRedisCostsOneAttemptPerProbeIntervalAndIsUsedAgainWhenBack) {
  const int port = testing::free_port();
  Link link({"127.0.0.1", port, {}, {}, 0}, {.timeout = 200ms, .probe_interval = 300ms});
  std::vector<bool> changes;
  link.on_change([&](bool up) { changes.push_back(up); });
  const std::vector<Command> ping{{"PING"}};

  // Nothing listens: one failed attempt, then no attempt until the interval has passed.
  EXPECT_FALSE(link.run(ping));
  EXPECT_FALSE(link.up());
  EXPECT_EQ(link.failures(), 1);
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(link.run(ping));
  EXPECT_EQ(link.failures(), 1);  // the breaker is open: no attempt was made

  testing::RedisProcess server(port);
  EXPECT_FALSE(link.run(ping));  // still within the interval
  std::this_thread::sleep_for(350ms);
  auto replies = link.run(ping);  // the probe
  ASSERT_TRUE(replies);
  EXPECT_EQ(replies->front().text, "PONG");
  EXPECT_TRUE(link.up());
  EXPECT_EQ(link.round_trips(), 1);

  // Killed under way: the next call fails once and opens the breaker again.
  server.kill();
  EXPECT_FALSE(link.run(ping));
  EXPECT_FALSE(link.up());
  EXPECT_EQ(link.failures(), 2);
  EXPECT_EQ(changes, (std::vector<bool>{false, true, false}));

  // Back on the same port: used again after the interval, with a new connection.
  server.start();
  std::this_thread::sleep_for(350ms);
  EXPECT_TRUE(link.run(ping));
  EXPECT_TRUE(link.up());
}

}  // namespace
}  // namespace redis

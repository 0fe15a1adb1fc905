// The keyword responder's cooldown shared through real Redis: two replicas' session states
// on one Redis reply to a chat once per cooldown between them; with Redis gone each decides
// alone.
#include "redis/redis_cooldowns.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "bot/session_state.hpp"
#include "integration/redis/redis_fixture.hpp"

namespace redis {
namespace {

using namespace std::chrono_literals;

TEST(SharedCooldown, TwoReplicasReplyToAChatOncePerCooldownBetweenThem) {
  GOFROBOT_REQUIRE_REDIS();
  Link link_a(testing::test_endpoint()), link_b(testing::test_endpoint());
  RedisCooldowns shared_a(link_a), shared_b(link_b);
  bot::SessionState a, b;
  a.share_cooldowns(&shared_a);
  b.share_cooldowns(&shared_b);
  const game::ChatId chat = -testing::unique_user_base();
  const game::UnixTime now = 1'800'000'000;
  const game::UnixTime cooldown = 600;

  EXPECT_TRUE(a.keyword_reply_allowed(chat, now, cooldown));
  EXPECT_FALSE(b.keyword_reply_allowed(chat, now + 1, cooldown));  // a replied: b does not
  EXPECT_FALSE(a.keyword_reply_allowed(chat, now + 2, cooldown));  // nor a again
  // b learnt when a's claim ends: it does not ask Redis again before that.
  const auto trips = link_b.round_trips();
  EXPECT_FALSE(b.keyword_reply_allowed(chat, now + 100, cooldown));
  EXPECT_EQ(link_b.round_trips(), trips);
  // Another chat is free.
  EXPECT_TRUE(b.keyword_reply_allowed(chat - 1, now, cooldown));
}

TEST(SharedCooldown, AClaimEndsWithItsCooldown) {
  GOFROBOT_REQUIRE_REDIS();
  Link link_a(testing::test_endpoint()), link_b(testing::test_endpoint());
  RedisCooldowns shared_a(link_a), shared_b(link_b);
  bot::SessionState a, b;
  a.share_cooldowns(&shared_a);
  b.share_cooldowns(&shared_b);
  const game::ChatId chat = -testing::unique_user_base() - 7;
  const auto now = static_cast<game::UnixTime>(
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch()).count());
  EXPECT_TRUE(a.keyword_reply_allowed(chat, now, 1));
  EXPECT_FALSE(b.keyword_reply_allowed(chat, now, 1));
  std::this_thread::sleep_for(1100ms);  // Redis expires the claim
  EXPECT_TRUE(b.keyword_reply_allowed(chat, now + 2, 1));
}

TEST(SharedCooldown, WithRedisGoneEachReplicaDecidesAlone) {
  const int port = testing::free_port();
  testing::RedisProcess server(port);
  Link link_a(server.endpoint()), link_b(server.endpoint());
  RedisCooldowns shared_a(link_a), shared_b(link_b);
  bot::SessionState a, b;
  a.share_cooldowns(&shared_a);
  b.share_cooldowns(&shared_b);
  server.kill();
  EXPECT_TRUE(a.keyword_reply_allowed(-1, 1000, 600));
  EXPECT_TRUE(b.keyword_reply_allowed(-1, 1000, 600));   // alone: it does not know of a
  EXPECT_FALSE(a.keyword_reply_allowed(-1, 1001, 600));  // its own cooldown still holds
  EXPECT_FALSE(link_a.up());
}

TEST(SharedCooldown, ARolledBackBatchKeepsTheSharedClaimButUndoesTheLocalOne) {
  GOFROBOT_REQUIRE_REDIS();
  Link link(testing::test_endpoint());
  RedisCooldowns shared(link);
  bot::SessionState a;
  a.share_cooldowns(&shared);
  const game::ChatId chat = -testing::unique_user_base() - 11;
  const auto mark = a.mark();
  EXPECT_TRUE(a.keyword_reply_allowed(chat, 5000, 600));
  a.undo_to(mark);
  // Locally the reply never happened, but Redis holds the claim: the chat waits it out
  // (a missed joke, never two).
  EXPECT_FALSE(a.keyword_reply_allowed(chat, 5001, 600));
}

}  // namespace
}  // namespace redis

// `gofrobot run` hands the configured flood limits (telegram.outbound_*) to the outbound
// queue, and the configuration's defaults are the queue's own (Telegram's limits).
#include "app/bot_runner.hpp"

#include <gtest/gtest.h>

namespace {

TEST(OutboundLimits, TheConfigurationDefaultsAreTheQueueDefaults) {
  const telegram::OutboundLimits queue;
  const telegram::OutboundLimits configured = app::outbound_limits(ops::Config{});
  EXPECT_EQ(configured.global_per_second, queue.global_per_second);
  EXPECT_EQ(configured.per_chat_burst, queue.per_chat_burst);
  EXPECT_EQ(configured.per_chat_per_second, queue.per_chat_per_second);
  EXPECT_EQ(configured.per_group_per_minute, queue.per_group_per_minute);
  EXPECT_EQ(configured.max_attempts, queue.max_attempts);
  EXPECT_EQ(configured.max_pending_per_chat, queue.max_pending_per_chat);
  EXPECT_EQ(configured.request_timeout, queue.request_timeout);
}

TEST(OutboundLimits, EachSettingReachesItsLimit) {
  ops::Config config;
  config.telegram.outbound_per_second = 50000;
  config.telegram.outbound_per_chat_burst = 7;
  config.telegram.outbound_per_chat_per_second = 2.5;
  config.telegram.outbound_per_group_per_minute = 90;
  config.telegram.outbound_max_pending_per_chat = 33;
  config.telegram.outbound_max_attempts = 3;
  config.telegram.outbound_request_timeout_ms = 2500;
  const auto limits = app::outbound_limits(config);
  EXPECT_EQ(limits.global_per_second, 50000.0);
  EXPECT_EQ(limits.per_chat_burst, 7);
  EXPECT_EQ(limits.per_chat_per_second, 2.5);
  EXPECT_EQ(limits.per_group_per_minute, 90);
  EXPECT_EQ(limits.max_pending_per_chat, 33);
  EXPECT_EQ(limits.max_attempts, 3);
  EXPECT_EQ(limits.request_timeout, std::chrono::milliseconds(2500));
}

}  // namespace

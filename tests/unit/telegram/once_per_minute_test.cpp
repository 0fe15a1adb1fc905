#include "telegram/once_per_minute.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using telegram::OncePerMinute;

TEST(OncePerMinute, OnceInEachMinuteOfTheClock) {
  OncePerMinute warning;
  const OncePerMinute::Clock::time_point minute_100{100min};
  EXPECT_TRUE(warning.due(minute_100));
  EXPECT_FALSE(warning.due(minute_100 + 1s));
  EXPECT_FALSE(warning.due(minute_100 + 59s));
  EXPECT_TRUE(warning.due(minute_100 + 60s));
  EXPECT_FALSE(warning.due(minute_100 + 61s));
  EXPECT_TRUE(warning.due(minute_100 + 10min));
}

}  // namespace

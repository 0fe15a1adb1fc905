// Game time follows the system clock forwards and holds through a step back (an NTP step,
// `date -s`), each step logged once.
#include "bot/game_time.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

namespace bot {
namespace {

struct CapturedLog {
  std::ostringstream text;
  std::shared_ptr<spdlog::logger> previous = spdlog::default_logger();
  CapturedLog() {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "test", std::make_shared<spdlog::sinks::ostream_sink_st>(text)));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous); }
};

TEST(GameTime, FollowsTheClockForwardAndHoldsThroughAStepBack) {
  CapturedLog log;
  game::UnixTime wall = 1'700'000'000;
  GameTime time([&] { return wall; });
  EXPECT_EQ(time.now(), 1'700'000'000);
  wall += 5;
  EXPECT_EQ(time.now(), 1'700'000'005);
  wall += 86'400;  // a step forward is taken as it comes
  EXPECT_EQ(time.now(), 1'700'086'405);

  wall -= 3'600;  // stepped back an hour
  EXPECT_EQ(time.now(), 1'700'086'405);
  wall += 10;
  EXPECT_EQ(time.now(), 1'700'086'405) << "held until the clock catches up";
  EXPECT_EQ(time.steps_back(), 1) << "one step, however many reads during it";
  EXPECT_NE(log.text.str().find("stepped back by 3600 s"), std::string::npos) << log.text.str();

  wall += 3'600;  // caught up, and 10 s beyond
  EXPECT_EQ(time.now(), 1'700'086'415);
  EXPECT_NE(log.text.str().find("caught up"), std::string::npos) << log.text.str();

  wall -= 1;  // another, smaller step: counted and logged again
  EXPECT_EQ(time.now(), 1'700'086'415);
  EXPECT_EQ(time.steps_back(), 2);
}

}  // namespace
}  // namespace bot

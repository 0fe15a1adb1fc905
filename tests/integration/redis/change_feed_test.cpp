// The replicas' change feed against real Redis: what one feed publishes reaches the others
// and not itself; a subscription that starts says "everything"; Redis killed and started
// again under the feeds: they subscribe again (saying "everything") and go on publishing.
#include "redis/change_feed.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "integration/redis/redis_fixture.hpp"

namespace redis {
namespace {

using namespace std::chrono_literals;

TEST(ChangeMessage, EncodesAndDecodesPlayersChatsAndEverything) {
  const Changes c{{1, 42, -7}, {-1001234567890}, false, {}};
  const auto text = encode_changes(99, c);
  EXPECT_EQ(text, "99 1,42,-7 -1001234567890");
  auto back = decode_changes(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->origin, 99u);
  EXPECT_EQ(back->changes.players, c.players);
  EXPECT_EQ(back->changes.chats, c.chats);
  EXPECT_FALSE(back->changes.everything);

  EXPECT_EQ(encode_changes(5, Changes{{}, {3}, false, {}}), "5 - 3");
  EXPECT_EQ(decode_changes("5 - 3")->changes.players.size(), 0u);
  EXPECT_TRUE(decode_changes(encode_changes(5, Changes{{1}, {}, true, {}}))->changes.everything);
  for (const char* bad : {"", "x 1 2", "5", "5 1", "5 1, 2", "5 1,,2 -", "5 1 2 3", "5 a -",
                          "5 1, -", "5  -", "-5 1 -"}) {
    EXPECT_FALSE(decode_changes(bad)) << '"' << bad << '"';
  }
}

TEST(ChangeMessage, CarriesRowsOfAnyBytes) {
  Changes c{{1, 2}, {}, false, {"1 2 3 nick name", "", "a:b 5:xyz\n"}};
  const auto text = encode_changes(7, c);
  auto back = decode_changes(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->changes.rows, c.rows);
  EXPECT_EQ(back->changes.players, c.players);
  EXPECT_TRUE(back->changes.chats.empty());
  // A length beyond the end, a missing colon, trailing garbage: not ours.
  EXPECT_FALSE(decode_changes("7 1 - 99:abc"));
  EXPECT_FALSE(decode_changes("7 1 - 3abc"));
  EXPECT_FALSE(decode_changes("7 1 - 3:abcX"));
  EXPECT_FALSE(decode_changes("7 1 - "));
}

TEST(ChangeMessage, MergingKeepsEachIdOnce) {
  Changes a{{3, 1}, {}, false, {}};
  a.merge(Changes{{1, 2}, {-5}, false, {}});
  EXPECT_EQ(a.players, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(a.chats, (std::vector<std::int64_t>{-5}));
  a.merge(Changes{{}, {}, true, {}});
  EXPECT_TRUE(a.everything);
}

// What a feed's subscriber handed over, for the test thread to wait on.
struct Heard {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Changes> all;

  void add(Changes c) {
    std::lock_guard lock(mutex);
    all.push_back(std::move(c));
    changed.notify_all();
  }
  // Waits until `pred(all)` holds; false after the timeout. Looks every 10 ms too, for
  // predicates on a feed's numbers, which do not notify.
  template <typename Pred>
  bool wait(Pred pred, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(mutex);
    while (!pred(all)) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      changed.wait_for(lock, 10ms);
    }
    return true;
  }
};

ChangeFeed::Options options(const std::string& channel) {
  ChangeFeed::Options o;
  o.channel = channel;
  o.retry_interval = 200ms;
  return o;
}

std::string channel_of_this_test() {
  return "gofrobot:test:changes:" + std::to_string(testing::unique_user_base());
}

bool has_player(const std::vector<Changes>& all, std::int64_t id) {
  for (const auto& c : all) {
    for (auto p : c.players) {
      if (p == id) return true;
    }
  }
  return false;
}

TEST(ChangeFeed, WhatOneReplicaPublishesReachesTheOthersAndNotItself) {
  GOFROBOT_REQUIRE_REDIS();
  const auto channel = channel_of_this_test();
  Heard a_heard, b_heard, c_heard;
  ChangeFeed a(testing::test_endpoint(), [&](Changes x) { a_heard.add(std::move(x)); }, options(channel));
  ChangeFeed b(testing::test_endpoint(), [&](Changes x) { b_heard.add(std::move(x)); }, options(channel));
  ChangeFeed c(testing::test_endpoint(), [&](Changes x) { c_heard.add(std::move(x)); }, options(channel));
  // Each subscription starts by saying "everything" (what came before it is unknown).
  for (Heard* h : {&a_heard, &b_heard, &c_heard}) {
    ASSERT_TRUE(h->wait([](auto& all) { return !all.empty(); }));
    EXPECT_TRUE(h->all.front().everything);
  }
  ASSERT_TRUE(b.numbers().subscribed);

  a.publish(Changes{{101, 102}, {-500}, false, {}});
  for (Heard* h : {&b_heard, &c_heard}) {
    ASSERT_TRUE(h->wait([](auto& all) { return has_player(all, 101); }));
    std::lock_guard lock(h->mutex);
    EXPECT_EQ(h->all.back().players, (std::vector<std::int64_t>{101, 102}));
    EXPECT_EQ(h->all.back().chats, (std::vector<std::int64_t>{-500}));
  }
  b.publish(Changes{{201}, {}, false, {}});
  ASSERT_TRUE(a_heard.wait([](auto& all) { return has_player(all, 201); }));
  ASSERT_TRUE(c_heard.wait([](auto& all) { return has_player(all, 201); }));
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(has_player(a_heard.all, 101)) << "a heard its own change";
  EXPECT_FALSE(has_player(b_heard.all, 201)) << "b heard its own change";
  EXPECT_EQ(a.numbers().published, 1);
  EXPECT_EQ(a.numbers().received, 1);
  EXPECT_EQ(c.numbers().received, 2);
}

TEST(ChangeFeed, AMessageTooBigSaysEverything) {
  GOFROBOT_REQUIRE_REDIS();
  const auto channel = channel_of_this_test();
  auto small = options(channel);
  small.max_ids = 3;
  Heard heard;
  ChangeFeed sender(testing::test_endpoint(), [](Changes) {}, small);
  ChangeFeed receiver(testing::test_endpoint(), [&](Changes x) { heard.add(std::move(x)); }, small);
  ASSERT_TRUE(heard.wait([](auto& all) { return all.size() == 1; }));
  sender.publish(Changes{{1, 2, 3, 4}, {}, false, {}});
  ASSERT_TRUE(heard.wait([](auto& all) { return all.size() == 2; }));
  EXPECT_TRUE(heard.all.back().everything);
  EXPECT_TRUE(heard.all.back().players.empty());
}

TEST(ChangeFeed, RedisKilledAndStartedAgainEndsInANewSubscriptionThatSaysEverything) {
  const int port = testing::free_port();
  testing::RedisProcess server(port);
  const auto channel = channel_of_this_test();
  Heard a_heard, b_heard;
  ChangeFeed a(server.endpoint(), [&](Changes x) { a_heard.add(std::move(x)); }, options(channel));
  ChangeFeed b(server.endpoint(), [&](Changes x) { b_heard.add(std::move(x)); }, options(channel));
  ASSERT_TRUE(b_heard.wait([](auto& all) { return all.size() == 1; }));
  ASSERT_TRUE(a_heard.wait([](auto& all) { return all.size() == 1; }));

  server.kill();
  // Published while Redis is away: lost, and the others cannot know what it was.
  a.publish(Changes{{7}, {}, false, {}});
  ASSERT_TRUE(a_heard.wait([&](auto&) { return !b.numbers().subscribed; }, 3s));
  server.start();
  // b subscribes again and says everything; a's failed publish is followed by "everything".
  ASSERT_TRUE(b_heard.wait([](auto& all) {
    std::size_t n = 0;
    for (const auto& c : all) n += c.everything ? 1 : 0;
    return n >= 2;
  }, 10s));
  EXPECT_GE(b.numbers().subscriptions, 2);
  EXPECT_FALSE(has_player(b_heard.all, 7)) << "the change published while Redis was away arrived";
  // And the feed goes on: once a's "everything" went out (it follows the failed publish),
  // a new change reaches b as itself.
  ASSERT_TRUE(a_heard.wait([&](auto&) { return a.numbers().published >= 1; }, 10s));
  a.publish(Changes{{8}, {}, false, {}});
  EXPECT_TRUE(b_heard.wait([](auto& all) { return has_player(all, 8); }, 10s));
  EXPECT_GE(a.numbers().publish_failures, 1);
}

}  // namespace
}  // namespace redis

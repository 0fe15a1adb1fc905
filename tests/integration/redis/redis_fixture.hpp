#pragma once
// Real Redis for the tests: the shared server scripts/test.sh starts
// (GOFROBOT_TEST_REDIS_URL; scripts/redis-test-server.sh), and, for the tests that stop
// and start Redis on purpose, a redis-server of the test's own (RedisProcess), killed with
// SIGKILL as a crash would.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "ops/redis_url.hpp"
#include "redis/connection.hpp"

namespace redis::testing {

inline std::string redis_url() {
  const char* url = std::getenv("GOFROBOT_TEST_REDIS_URL");
  return url ? url : "";
}

// The shared test server, or a skip (a failure under CI, where the script must start one).
#define GOFROBOT_REQUIRE_REDIS()                                                              \
  do {                                                                                        \
    if (::redis::testing::redis_url().empty()) {                                              \
      if (std::getenv("CI")) {                                                                \
        FAIL() << "GOFROBOT_TEST_REDIS_URL is not set; under CI the test script must start " \
                  "a Redis server (scripts/redis-test-server.sh)";                            \
      }                                                                                       \
      GTEST_SKIP() << "Redis tests skipped: GOFROBOT_TEST_REDIS_URL is not set. Start one "  \
                      "with `scripts/redis-test-server.sh start /tmp/redistest` and export " \
                      "the URL it prints";                                                    \
    }                                                                                         \
  } while (0)

inline ops::RedisEndpoint test_endpoint() { return *ops::parse_redis_url(redis_url()).endpoint; }

// A loopback port nobody listens on (bound, read, closed: free unless taken meanwhile).
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Keys of this test process apart from every other's on the shared server.
inline std::int64_t unique_user_base() {
  return static_cast<std::int64_t>(::getpid()) * 1'000'000 +
         std::chrono::steady_clock::now().time_since_epoch().count() % 1'000'000;
}

// A redis-server of the test's own on `port`, without persistence.
class RedisProcess {
 public:
  explicit RedisProcess(int port) : port_(port) { start(); }
  ~RedisProcess() { kill(); }
  RedisProcess(const RedisProcess&) = delete;
  RedisProcess& operator=(const RedisProcess&) = delete;

  void start() {
    const std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      // Its start-up banner and warnings would fill the test's output.
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1",
               "--save", "", "--appendonly", "no", "--loglevel", "warning", nullptr);
      ::_exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      try {
        Connection c(endpoint(), std::chrono::milliseconds(100));
        if (c.run({"PING"}).text == "PONG") return;
      } catch (const IoError&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "redis-server did not start on " << port_;
  }
  // SIGKILL: Redis gone at once, as in a crash.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  ops::RedisEndpoint endpoint() const { return {"127.0.0.1", port_, {}, {}, 0}; }

 private:
  int port_;
  pid_t pid_ = -1;
};

}  // namespace redis::testing

#pragma once
// Polls until a condition holds. The bound only catches a hang: a slow machine makes the
// wait longer, never the test wrong.
#include <chrono>
#include <thread>

namespace test_support {

template <class Condition>
bool eventually(Condition condition, std::chrono::seconds within = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace test_support

#pragma once
// The random source the rules draw from (GAME.md §0). Rules never own randomness:
// callers pass a Random, so tests can seed it and replay exact outcomes.
#include <cstdint>
#include <random>

namespace game {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // Uniform integer in the closed range [lo, hi].
  std::int64_t randint(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(engine_);
  }
  // Uniform double in [0, 1).
  double random() { return std::uniform_real_distribution<double>(0.0, 1.0)(engine_); }
  // Uniform double in [lo, hi].
  double uniform(double lo, double hi) { return lo + (hi - lo) * random(); }
  // Uniform index in [0, size); size must be positive.
  std::size_t index(std::size_t size) {
    return static_cast<std::size_t>(randint(0, static_cast<std::int64_t>(size) - 1));
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace game

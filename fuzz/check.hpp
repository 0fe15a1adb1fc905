#pragma once
// The fuzz targets' invariant check: a broken invariant aborts, which libFuzzer reports as a
// crash with the input that broke it (kept as crash-<sha1>).
#include <cstdio>
#include <cstdlib>

namespace fuzz {

inline void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace fuzz

#pragma once
// Minimal UTF-8 decoding for the nickname rules (internal to src/game).
#include <cstddef>
#include <string>
#include <string_view>

namespace game::utf8 {

inline constexpr char32_t kInvalid = 0xFFFFFFFF;

struct Unit {
  char32_t cp = kInvalid;  // kInvalid for a malformed byte
  std::size_t size = 1;    // bytes taken from the input
};

// Decodes the code point at the start of `s` (non-empty). A malformed sequence yields
// kInvalid and consumes one byte, so every input decodes to some sequence of units.
Unit decode(std::string_view s);

// Appends the UTF-8 encoding of a valid code point.
void append(std::string& out, char32_t cp);

// Python's str.isspace() for a code point (the set str.strip() removes).
bool is_space(char32_t cp);

}  // namespace game::utf8

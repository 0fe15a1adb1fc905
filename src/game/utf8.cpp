#include "game/utf8.hpp"

#include <string>

namespace game::utf8 {
namespace {

unsigned byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

bool continuation(unsigned b) { return (b & 0xC0u) == 0x80u; }

}  // namespace

Unit decode(std::string_view s) {
  const unsigned b0 = byte_at(s, 0);
  if (b0 < 0x80u) return {b0, 1};
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;  // smallest code point of that length: anything below is overlong
  if ((b0 & 0xE0u) == 0xC0u) {
    len = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if ((b0 & 0xF0u) == 0xE0u) {
    len = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if ((b0 & 0xF8u) == 0xF0u) {
    len = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return {};
  }
  if (s.size() < len) return {};
  for (std::size_t i = 1; i < len; ++i) {
    const unsigned b = byte_at(s, i);
    if (!continuation(b)) return {};
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, len};
}

void append(std::string& out, char32_t cp) {
  auto put = [&out](char32_t v) { out.push_back(static_cast<char>(v)); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6));
    put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18));
    put(0x80 | ((cp >> 12) & 0x3F));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  }
}

bool is_space(char32_t cp) {
  // The code points for which Python's str.isspace() is true (Unicode White_Space plus the
  // ASCII separators U+001C..U+001F), so strip() behaves as the original's.
  return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 ||
         cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

}  // namespace game::utf8

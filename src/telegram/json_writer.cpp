#include "telegram/json_writer.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace telegram {

namespace {

// For each byte, what JSON needs in its place: 0 = the byte itself, 'u' = a \u00XX
// escape, any other letter = that two-character escape (\n, \", ...). Bytes of 0x80
// and up are UTF-8 and pass through unchanged.
constexpr std::array<char, 256> make_escape_table() {
  std::array<char, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = 'u';
  table['"'] = '"';
  table['\\'] = '\\';
  table['\n'] = 'n';
  table['\r'] = 'r';
  table['\t'] = 't';
  table['\b'] = 'b';
  table['\f'] = 'f';
  return table;
}

constexpr std::array<char, 256> kEscape = make_escape_table();

void append_escape(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char escape = kEscape[byte];
  if (escape == 'u') {
    const char code[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xf]};
    out.append(code, sizeof code);
  } else {
    const char code[] = {'\\', escape};
    out.append(code, sizeof code);
  }
}

// Whether any of the eight bytes of `word` needs an escape: a control byte, '"' or '\\'.
// The classic tests of "a byte less than n" and "a byte equal to b" on a whole word
// (Bit Twiddling Hacks) are exact as a yes or no, which is all this asks.
constexpr bool needs_escape(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHighs = 0x8080808080808080;
  const std::uint64_t quote = word ^ (kOnes * '"');
  const std::uint64_t backslash = word ^ (kOnes * '\\');
  const std::uint64_t control = (word - kOnes * 0x20) & ~word;
  const std::uint64_t is_quote = (quote - kOnes) & ~quote;
  const std::uint64_t is_backslash = (backslash - kOnes) & ~backslash;
  return ((control | is_quote | is_backslash) & kHighs) != 0;
}

static_assert(!needs_escape(0x2020202020202020) && !needs_escape(0xd0bfd0b0d186d0b0));
static_assert(needs_escape(0x20202020200a2020) && needs_escape(0x2220202020202020));
static_assert(needs_escape(0x202020205c202020) && needs_escape(0x8000000000000000 | 0x1f));

// The first byte from `p` on that needs an escape, or `end`: sixteen bytes per step where
// SSE2 is there (every x86-64), the exact byte from the step's mask; then eight bytes per
// step while none does, then byte by byte through the word that has one (or the last few
// bytes).
const char* find_escape(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1f);
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(bytes, last_control), bytes);
    const __m128i hits = _mm_or_si128(
        control, _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
    if (const int mask = _mm_movemask_epi8(hits); mask != 0) {
      return p + __builtin_ctz(static_cast<unsigned>(mask));
    }
    p += 16;
  }
#endif
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    if (needs_escape(word)) break;
    p += 8;
  }
  while (p != end && kEscape[static_cast<unsigned char>(*p)] == 0) ++p;
  return p;
}

}  // namespace

// Texts are long runs that need no escape (Russian UTF-8, spaces, punctuation) with a
// rare newline or quote, so each run is found sixteen or eight bytes at a time and copied
// with one append; appending byte by byte was a third of the instructions of an update
// outside the store.
void append_json_string(std::string& out, std::string_view text) {
  // Room for the quotes and the text; escapes are rare and may grow it once more.
  out.reserve(out.size() + text.size() + 2);
  out.push_back('"');
  const char* run = text.data();
  const char* const end = run + text.size();
  while (true) {
    const char* escape = find_escape(run, end);
    out.append(run, static_cast<std::size_t>(escape - run));
    if (escape == end) break;
    append_escape(out, static_cast<unsigned char>(*escape));
    run = escape + 1;
  }
  out.push_back('"');
}

void JsonWriter::separate() {
  if (need_comma_) out_.push_back(',');
}

JsonWriter& JsonWriter::begin_object() {
  separate();
  out_.push_back('{');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_.push_back('}');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  separate();
  out_.push_back('[');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_.push_back(']');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  append_json_string(out_, name);
  out_.push_back(':');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  separate();
  append_json_string(out_, text);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  separate();
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
  out_.append(buffer, end);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  separate();
  out_ += flag ? "true" : "false";
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
  need_comma_ = true;
  return *this;
}

}  // namespace telegram

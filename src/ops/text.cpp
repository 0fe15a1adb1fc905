#include "ops/text.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

namespace ops {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), upper);
  return out;
}

std::string quote_toml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        // Other control characters are not allowed raw in a TOML basic string.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out.push_back(c);  // UTF-8 bytes of non-ASCII text pass through
        }
    }
  }
  out.push_back('"');
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap) {
  // A shared prefix or suffix costs no edit (settings' names share "GOFROBOT_" and sections).
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  const std::size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (length_gap >= cap) return cap;
  // Only the band |i - j| < cap is measured: a cell off it is at least |i - j| >= cap, so it
  // counts as cap, and every cell is saturated at cap (the recurrence is monotone, so the
  // answer below cap is exact). A row of a setting's name fits on the stack.
  const std::size_t m = b.size();
  std::array<std::size_t, 64> small{};
  std::vector<std::size_t> large;
  std::size_t* row = small.data();
  if (m + 1 > small.size()) {
    large.resize(m + 1);
    row = large.data();
  }
  for (std::size_t j = 0; j <= m; ++j) row[j] = std::min(j, cap);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    const std::size_t first = i >= cap ? i - cap + 1 : 1;
    const std::size_t last = std::min(m, i + cap - 1);
    std::size_t diagonal = row[first - 1];
    std::size_t left = first == 1 ? std::min(i, cap) : cap;
    row[first - 1] = left;
    std::size_t row_minimum = left;
    for (std::size_t j = first; j <= last; ++j) {
      const std::size_t above = row[j];  // cap when (i - 1, j) is off the band
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      const std::size_t cell = std::min({above + 1, left + 1, substitute, cap});
      diagonal = above;
      row[j] = cell;
      left = cell;
      row_minimum = std::min(row_minimum, cell);
    }
    // Every later row is at least this row's minimum.
    if (row_minimum >= cap) return cap;
  }
  return std::min(row[m], cap);
}

}  // namespace ops

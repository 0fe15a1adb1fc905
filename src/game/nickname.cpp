#include "game/nickname.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "game/player.hpp"
#include "game/utf8.hpp"

namespace game {
namespace {

constexpr std::size_t kMinLength = 3;
constexpr std::size_t kMaxLength = 20;

// Matched against the lower-cased nickname as substrings (GAME.md §8 check 2).
constexpr std::array<std::string_view, 8> kForbiddenWords{
    "admin", "root", "support", "бот", "модератор", "админ", "help", "техподдержка"};

// Python's str.strip(): trims Unicode whitespace at both ends.
std::string_view strip(std::string_view s) {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the last non-space unit
  bool seen = false;
  for (std::size_t i = 0; i < s.size();) {
    const utf8::Unit u = utf8::decode(s.substr(i));
    if (!utf8::is_space(u.cp)) {
      if (!seen) begin = i;
      seen = true;
      end = i + u.size;
    }
    i += u.size;
  }
  return seen ? s.substr(begin, end - begin) : std::string_view{};
}

bool starts_or_ends_with_space(std::string_view s) { return strip(s).size() != s.size(); }

// ^[a-zA-Zа-яА-ЯёЁ0-9_\- ]+$ of the original, code point by code point.
bool allowed_char(char32_t cp) {
  return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') ||
         (cp >= U'0' && cp <= U'9') || cp == U'_' || cp == U'-' || cp == U' ' ||
         (cp >= 0x0410 && cp <= 0x044F) || cp == 0x0401 || cp == 0x0451;
}

bool all_allowed(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size();) {
    const utf8::Unit u = utf8::decode(s.substr(i));
    if (!allowed_char(u.cp)) return false;
    i += u.size;
  }
  return true;
}

char32_t lower_cp(char32_t cp) {
  if (cp >= U'A' && cp <= U'Z') return cp + 0x20;
  if (cp >= 0x0410 && cp <= 0x042F) return cp + 0x20;  // А..Я -> а..я
  if (cp >= 0x0400 && cp <= 0x040F) return cp + 0x50;  // Ѐ..Џ (incl. Ё) -> ѐ..џ
  return cp;
}

}  // namespace

std::variant<ValidNickname, NicknameError> validate_nickname(std::string_view input) {
  const std::string_view nn = strip(input);
  const std::size_t length = code_points(nn);
  if (length < kMinLength || length > kMaxLength) return NicknameError::kLength;

  const std::string lower = to_lower(nn);
  for (std::string_view word : kForbiddenWords) {
    if (lower.find(word) != std::string::npos) return NicknameError::kForbidden;
  }
  if (!all_allowed(nn)) return NicknameError::kCharset;
  if (starts_or_ends_with_space(nn)) return NicknameError::kOuterSpaces;
  if (nn.find("  ") != std::string_view::npos) return NicknameError::kDoubleSpace;
  return ValidNickname{std::string(nn)};
}

std::string to_lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const utf8::Unit u = utf8::decode(s.substr(i));
    const char32_t lowered = u.cp == utf8::kInvalid ? u.cp : lower_cp(u.cp);
    if (lowered == u.cp) {
      out.append(s.substr(i, u.size));  // untouched bytes, malformed ones included
    } else {
      utf8::append(out, lowered);
    }
    i += u.size;
  }
  return out;
}

std::string fold_nickname(std::string_view nickname) {
  // Valid nicknames hold only ASCII and Cyrillic letters, where simple lower-casing is the
  // Unicode case fold; nothing else needs folding.
  return to_lower(nickname);
}

bool is_folded_default_nickname(std::string_view folded) {
  static const std::string prefix = [] {
    auto sample = fold_nickname(default_nickname(0));
    return sample.substr(0, sample.size() - 1);  // without the "0"
  }();
  if (!folded.starts_with(prefix) || folded.size() == prefix.size()) return false;
  auto digits = folded.substr(prefix.size());
  return std::all_of(digits.begin(), digits.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) i += utf8::decode(s.substr(i)).size;
  return n;
}

std::string shorten(std::string_view s, std::size_t max, std::size_t keep) {
  if (code_points(s) <= max) return std::string(s);
  std::size_t bytes = 0;
  for (std::size_t kept = 0; kept < keep && bytes < s.size(); ++kept) {
    bytes += utf8::decode(s.substr(bytes)).size;
  }
  return std::string(s.substr(0, bytes)) + "...";
}

}  // namespace game

#pragma once
// Nickname rules (GAME.md §8, Appendix A decision 1) and the Unicode helpers they need.
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace game {

enum class NicknameError {
  kLength,         // not 3..20 code points
  kForbidden,      // contains a forbidden word
  kCharset,        // a character outside letters, digits, space, '-', '_'
  kOuterSpaces,    // leading/trailing spaces (cannot trigger after strip; kept for order)
  kDoubleSpace,    // two spaces in a row
};

struct ValidNickname {
  std::string value;  // stripped
};

// Strips Unicode whitespace and runs the checks in the order of §8.
std::variant<ValidNickname, NicknameError> validate_nickname(std::string_view input);

// Case-folded form for the uniqueness check: ASCII and Cyrillic (incl. Ё/ё) fold to
// lower case, so "Вася" and "вася" collide.
std::string fold_nickname(std::string_view nickname);

// Whether `folded` (a fold_nickname result) is the folded default nickname of some id
// ("пацанчик_<digits>"). Default nicknames belong to their ids, also of players who have
// not come yet.
bool is_folded_default_nickname(std::string_view folded);

// Lower-cases ASCII and Cyrillic letters, leaving everything else as is.
std::string to_lower(std::string_view utf8);

// Number of Unicode code points of valid UTF-8.
std::size_t code_points(std::string_view utf8);

// "first `keep` code points + ..." when longer than `max` code points, else unchanged.
std::string shorten(std::string_view utf8, std::size_t max, std::size_t keep);

}  // namespace game

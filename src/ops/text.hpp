#pragma once
// Small string helpers shared by the configuration code (ASCII only: keys, names and numbers
// are ASCII; values such as the maintenance message pass through untouched).
#include <cstddef>
#include <string>
#include <string_view>

namespace ops {

std::string_view trim(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
std::string ascii_upper(std::string_view text);

// A TOML basic string literal, with quotes and escapes, so rendered values read back as TOML.
std::string quote_toml(std::string_view text);

// Levenshtein distance, for "did you mean …?" on unknown keys, capped: the result is
// min(distance, cap). A suggestion only needs distances below a few edits, and the cap lets
// the measure stop as soon as no alignment can come under it (and skip names whose lengths
// already differ by that much), so a long unknown key costs little against every setting.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap);

}  // namespace ops

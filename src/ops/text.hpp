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

// Levenshtein distance, for "did you mean …?" on unknown keys.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace ops

#pragma once
// A value as read from the TOML file, independent of the TOML library, so that only
// toml_reader.cpp knows toml++ and the typed conversions (codec.hpp) can be tested alone.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace ops {

struct RawValue;
using RawArray = std::vector<RawValue>;

// A value of a kind no setting accepts (a table, a date, a time), named for the error message.
struct RawOther {
  std::string kind;  // "a table", "a date", …
};

struct RawValue {
  std::variant<bool, std::int64_t, double, std::string, RawArray, RawOther> data;
};

// "a boolean", "an integer", "a float", "a string", "an array", or RawOther::kind.
std::string raw_kind(const RawValue& value);

// The value in TOML syntax, for error messages.
std::string render_raw(const RawValue& value);

}  // namespace ops

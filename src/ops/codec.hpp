#pragma once
// Typed conversion of one setting's value: from the TOML file (RawValue), from an environment
// variable's text, and back to TOML syntax. One Codec per C++ type a setting may have; adding a
// type means adding a Codec here, nothing else.
//
// from_raw and from_text return the reason on failure and leave `out` untouched then.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "ops/enums.hpp"
#include "ops/raw_value.hpp"
#include "ops/text.hpp"

namespace ops {

using Reason = std::optional<std::string>;  // nullopt = fine

template <class T>
struct Codec;

template <>
struct Codec<bool> {
  static std::string type_name() { return "a boolean (true or false)"; }
  static Reason from_raw(const RawValue& raw, bool& out);
  static Reason from_text(std::string_view text, bool& out);  // true/false/1/0/yes/no/on/off
  static std::string render(bool value);
};

template <>
struct Codec<int> {
  static std::string type_name() { return "an integer"; }
  static Reason from_raw(const RawValue& raw, int& out);
  static Reason from_text(std::string_view text, int& out);
  static std::string render(int value);
};

template <>
struct Codec<std::int64_t> {
  static std::string type_name() { return "an integer"; }
  static Reason from_raw(const RawValue& raw, std::int64_t& out);
  static Reason from_text(std::string_view text, std::int64_t& out);
  static std::string render(std::int64_t value);
};

// Integers are accepted too ("50" for 50.0); NaN and infinities are not.
template <>
struct Codec<double> {
  static std::string type_name() { return "a number"; }
  static Reason from_raw(const RawValue& raw, double& out);
  static Reason from_text(std::string_view text, double& out);
  static std::string render(double value);  // always with a '.' or exponent: 10.0, not 10
};

template <>
struct Codec<std::string> {
  static std::string type_name() { return "a string"; }
  static Reason from_raw(const RawValue& raw, std::string& out);
  static Reason from_text(std::string_view text, std::string& out);  // taken as it is
  static std::string render(const std::string& value);
};

// From the environment: comma-separated ("1, 2, 3"), optionally in brackets; empty = no ids.
template <>
struct Codec<std::vector<std::int64_t>> {
  static std::string type_name() { return "an array of integers"; }
  static Reason from_raw(const RawValue& raw, std::vector<std::int64_t>& out);
  static Reason from_text(std::string_view text, std::vector<std::int64_t>& out);
  static std::string render(const std::vector<std::int64_t>& value);
};

// Any enum of enums.hpp: a string naming one of its values (case-insensitive).
template <class E>
  requires std::is_enum_v<E>
struct Codec<E> {
  static std::string type_name() {
    std::string names;
    for (const auto name : enum_names(E{})) {
      names += names.empty() ? "" : ", ";
      names += quote_toml(name);
    }
    return "one of " + names;
  }

  static Reason from_raw(const RawValue& raw, E& out) {
    std::string text;
    if (Codec<std::string>::from_raw(raw, text)) {
      return fmt::format("expected {}, got {}", type_name(), raw_kind(raw));
    }
    return from_text(text, out);
  }

  static Reason from_text(std::string_view text, E& out) {
    const auto names = enum_names(E{});
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (iequals(names[i], trim(text))) {
        out = static_cast<E>(i);
        return std::nullopt;
      }
    }
    return "expected " + type_name();
  }

  static std::string render(E value) {
    const auto names = enum_names(E{});
    const auto index = static_cast<std::size_t>(value);
    return quote_toml(index < names.size() ? names[index] : std::string_view{"?"});
  }
};

}  // namespace ops

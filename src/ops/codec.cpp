#include "ops/codec.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace ops {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

std::string expected(std::string_view type, const RawValue& raw) {
  return fmt::format("expected {}, got {}", type, raw_kind(raw));
}

// The whole text must be one integer; a leading '+' is allowed.
Reason integer_from_text(std::string_view text, std::int64_t& out) {
  text = trim(text);
  if (text.starts_with('+')) text.remove_prefix(1);
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || stop != end) return std::string("expected an integer");
  if (ec == std::errc::result_out_of_range) return std::string("the integer is too large");
  if (ec != std::errc{}) return std::string("expected an integer");
  out = value;
  return std::nullopt;
}

Reason narrow(std::int64_t value, int& out) {
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    return fmt::format("the integer must be between {} and {}", std::numeric_limits<int>::min(),
                       std::numeric_limits<int>::max());
  }
  out = static_cast<int>(value);
  return std::nullopt;
}

Reason finite(double value, double& out) {
  if (!std::isfinite(value)) return std::string("must be a finite number (not nan or inf)");
  out = value;
  return std::nullopt;
}

}  // namespace

std::string raw_kind(const RawValue& value) {
  return std::visit(Overloaded{
                        [](bool) { return std::string("a boolean"); },
                        [](std::int64_t) { return std::string("an integer"); },
                        [](double) { return std::string("a float"); },
                        [](const std::string&) { return std::string("a string"); },
                        [](const RawArray&) { return std::string("an array"); },
                        [](const RawOther& other) { return other.kind; },
                    },
                    value.data);
}

std::string render_raw(const RawValue& value) {
  return std::visit(Overloaded{
                        [](bool b) { return Codec<bool>::render(b); },
                        [](std::int64_t i) { return Codec<std::int64_t>::render(i); },
                        [](double d) { return Codec<double>::render(d); },
                        [](const std::string& s) { return quote_toml(s); },
                        [](const RawArray& items) {
                          std::string out = "[";
                          for (const RawValue& item : items) {
                            if (out.size() > 1) out += ", ";
                            out += render_raw(item);
                          }
                          return out + "]";
                        },
                        [](const RawOther& other) { return "(" + other.kind + ")"; },
                    },
                    value.data);
}

// bool ---------------------------------------------------------------------------------------

Reason Codec<bool>::from_raw(const RawValue& raw, bool& out) {
  if (const auto* b = std::get_if<bool>(&raw.data)) {
    out = *b;
    return std::nullopt;
  }
  return expected(type_name(), raw);
}

Reason Codec<bool>::from_text(std::string_view text, bool& out) {
  text = trim(text);
  for (const std::string_view yes : {"true", "1", "yes", "on"}) {
    if (iequals(text, yes)) {
      out = true;
      return std::nullopt;
    }
  }
  for (const std::string_view no : {"false", "0", "no", "off"}) {
    if (iequals(text, no)) {
      out = false;
      return std::nullopt;
    }
  }
  return std::string("expected a boolean (true/false, 1/0, yes/no, on/off)");
}

std::string Codec<bool>::render(bool value) { return value ? "true" : "false"; }

// int ----------------------------------------------------------------------------------------

Reason Codec<int>::from_raw(const RawValue& raw, int& out) {
  if (const auto* i = std::get_if<std::int64_t>(&raw.data)) return narrow(*i, out);
  return expected(type_name(), raw);
}

Reason Codec<int>::from_text(std::string_view text, int& out) {
  std::int64_t wide = 0;
  if (auto reason = integer_from_text(text, wide)) return reason;
  return narrow(wide, out);
}

std::string Codec<int>::render(int value) { return fmt::format("{}", value); }

// int64 --------------------------------------------------------------------------------------

Reason Codec<std::int64_t>::from_raw(const RawValue& raw, std::int64_t& out) {
  if (const auto* i = std::get_if<std::int64_t>(&raw.data)) {
    out = *i;
    return std::nullopt;
  }
  return expected(type_name(), raw);
}

Reason Codec<std::int64_t>::from_text(std::string_view text, std::int64_t& out) {
  return integer_from_text(text, out);
}

std::string Codec<std::int64_t>::render(std::int64_t value) { return fmt::format("{}", value); }

// double -------------------------------------------------------------------------------------

Reason Codec<double>::from_raw(const RawValue& raw, double& out) {
  if (const auto* d = std::get_if<double>(&raw.data)) return finite(*d, out);
  if (const auto* i = std::get_if<std::int64_t>(&raw.data)) return finite(static_cast<double>(*i), out);
  return expected(type_name(), raw);
}

Reason Codec<double>::from_text(std::string_view text, double& out) {
  text = trim(text);
  if (text.starts_with('+')) text.remove_prefix(1);
  double value = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || stop != end) return std::string("expected a number");
  return finite(value, out);
}

std::string Codec<double>::render(double value) {
  std::string text = fmt::format("{}", value);  // shortest text that reads back exactly
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";  // keep it a TOML float
  return text;
}

// string -------------------------------------------------------------------------------------

Reason Codec<std::string>::from_raw(const RawValue& raw, std::string& out) {
  if (const auto* s = std::get_if<std::string>(&raw.data)) {
    out = *s;
    return std::nullopt;
  }
  return expected(type_name(), raw);
}

Reason Codec<std::string>::from_text(std::string_view text, std::string& out) {
  out = std::string(text);
  return std::nullopt;
}

std::string Codec<std::string>::render(const std::string& value) { return quote_toml(value); }

// list of int64 ------------------------------------------------------------------------------

Reason Codec<std::vector<std::int64_t>>::from_raw(const RawValue& raw,
                                                   std::vector<std::int64_t>& out) {
  const auto* items = std::get_if<RawArray>(&raw.data);
  if (items == nullptr) return expected(type_name(), raw);
  std::vector<std::int64_t> values;
  values.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto* value = std::get_if<std::int64_t>(&(*items)[i].data);
    if (value == nullptr) {
      return fmt::format("expected {}, but item {} is {}", type_name(), i + 1, raw_kind((*items)[i]));
    }
    values.push_back(*value);
  }
  out = std::move(values);
  return std::nullopt;
}

Reason Codec<std::vector<std::int64_t>>::from_text(std::string_view text,
                                                   std::vector<std::int64_t>& out) {
  text = trim(text);
  if (text.starts_with('[') && text.ends_with(']')) text = trim(text.substr(1, text.size() - 2));
  std::vector<std::int64_t> values;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto item = trim(text.substr(0, comma));
    std::int64_t value = 0;
    if (item.empty() || integer_from_text(item, value)) {
      return std::string("expected integers separated by commas, e.g. 123,456");
    }
    values.push_back(value);
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
    if (trim(text).empty()) return std::string("expected integers separated by commas, e.g. 123,456");
  }
  out = std::move(values);
  return std::nullopt;
}

std::string Codec<std::vector<std::int64_t>>::render(const std::vector<std::int64_t>& value) {
  return fmt::format("[{}]", fmt::join(value, ", "));
}

}  // namespace ops

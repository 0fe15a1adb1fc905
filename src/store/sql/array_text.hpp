#pragma once
#include <charconv>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "store/sql/connection.hpp"

namespace store::sql {

// A PostgreSQL array literal ('{1,2,3}', '{"a","b\"c",NULL}'), bound as one text
// parameter and cast to its type by the statement. Text elements are always quoted, so
// commas, braces and spaces inside them need no care; only '"' and '\' are escaped.
class ArrayText {
 public:
  void add(std::int64_t n) {
    separate();
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, n);
    out_.append(buf, result.ptr);
  }
  void add(double d) {
    separate();
    if (std::isnan(d)) {
      out_ += "NaN";
    } else if (std::isinf(d)) {
      out_ += d > 0 ? "Infinity" : "-Infinity";
    } else {
      char buf[32];
      const auto result = std::to_chars(buf, buf + sizeof buf, d);  // shortest round trip
      out_.append(buf, result.ptr);
    }
  }
  void add(std::string_view text) {
    separate();
    out_ += '"';
    for (char c : text) {
      if (c == '"' || c == '\\') out_ += '\\';
      out_ += c;
    }
    out_ += '"';
  }
  void add_null() {
    separate();
    out_ += "NULL";
  }
  // The literal of these numbers ('{1,2,3}').
  static Value of(std::span<const std::int64_t> numbers) {
    ArrayText a;
    for (auto n : numbers) a.add(n);
    return a.take();
  }
  Value take() {
    out_ += '}';
    return Value(std::move(out_));
  }

 private:
  void separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string out_ = "{";
  bool first_ = true;
};

}  // namespace store::sql

#pragma once
// A small streaming JSON writer for Bot API requests: objects, arrays, strings (escaped
// per RFC 8259), integers, booleans. Writing is the hot path of every reply, so it appends
// to one string with no intermediate tree.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace telegram {

class JsonWriter {
 public:
  // `expected_bytes`: room reserved up front, so that a body of about that size is written
  // without the string growing (and copying itself) several times.
  explicit JsonWriter(std::size_t expected_bytes = 0) { out_.reserve(expected_bytes); }

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(bool flag);
  // Inserts already-serialised JSON (a cached keyboard, say) as one value.
  JsonWriter& raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void separate();
  std::string out_;
  bool need_comma_ = false;
};

// Appends `text` as a JSON string literal (with quotes) to `out`.
void append_json_string(std::string& out, std::string_view text);

}  // namespace telegram

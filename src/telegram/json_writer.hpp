#pragma once
// A small streaming JSON writer for Bot API requests: objects, arrays, strings (escaped
// per RFC 8259), integers, booleans. Writing is the hot path of every reply, so it appends
// to one string with no intermediate tree.
#include <cstdint>
#include <string>
#include <string_view>

namespace telegram {

class JsonWriter {
 public:
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

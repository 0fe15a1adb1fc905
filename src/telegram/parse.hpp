#pragma once
// Bot API JSON → types.hpp. Strict about what the game needs (update_id, chat.id,
// message_id, callback id and sender): missing or of the wrong type is a ParseError whose
// reason names the field path. Tolerant of everything else: unknown fields at any level,
// unknown update kinds, null optional fields. No input crashes or throws: empty bodies,
// truncated or deeply nested JSON, invalid UTF-8 and numbers outside int64 are ParseErrors.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "telegram/types.hpp"

namespace telegram {

struct ParseError {
  std::string reason;  // e.g. "message.chat.id: missing"
};

// One element of a getUpdates array that could not be read.
struct BadUpdate {
  std::optional<std::int64_t> update_id;  // when the element still had a readable one
  std::string reason;
};

// getUpdates result: one bad update does not cost the others. The poller must move its
// offset past the bad ones too, or Telegram redelivers them forever: use next_offset().
struct UpdateBatch {
  std::vector<Update> updates;  // in the order Telegram sent them
  std::vector<BadUpdate> bad;

  // 1 + the highest update_id seen, good or bad; nullopt for an empty batch (keep the offset).
  std::optional<std::int64_t> next_offset() const;
};

// One Update object (a webhook body).
std::variant<Update, ParseError> parse_update(std::string_view json);

// The "result" of getUpdates: a JSON array of Update objects. A ParseError only when the
// text is not a JSON array at all; bad elements are reported in UpdateBatch::bad.
std::variant<UpdateBatch, ParseError> parse_updates(std::string_view result_json);

// Any Bot API response body. ok:true requires "result"; error_code and description are
// read when present (Telegram always sends both with ok:false).
std::variant<ApiResponse, ParseError> parse_response(std::string_view body);

// A User object, e.g. the result of getMe.
std::variant<User, ParseError> parse_user(std::string_view json);

// A Message object, e.g. the result of sendMessage or editMessageText (which returns `true`
// instead for inline messages: check ApiResponse::result == "true" first).
std::variant<Message, ParseError> parse_message(std::string_view json);

}  // namespace telegram

#pragma once
// Log lines with fields (docs/OPERATIONS.md, "Logs"): the message says what happened, the
// fields say of what (update_id, user_id, route, duration_us, outcome…). The formatters that
// `gofrobot run` installs (app/logging) show them as ` key=value` after the message on a
// terminal, and as members of the line's object in JSON lines. Keys are fixed words; values
// are numbers or short texts of ours, never a secret.
//
//   ops::log_event(spdlog::level::debug, "update",
//                  {{"update_id", id}, {"route", route}, {"duration_us", us}});
#include <spdlog/spdlog.h>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <variant>

namespace ops {

struct LogField {
  std::string_view key;
  std::variant<std::int64_t, double, std::string_view> value;

  LogField(std::string_view k, std::int64_t v) : key(k), value(v) {}
  LogField(std::string_view k, int v) : key(k), value(std::int64_t{v}) {}
  LogField(std::string_view k, std::size_t v) : key(k), value(static_cast<std::int64_t>(v)) {}
  LogField(std::string_view k, double v) : key(k), value(v) {}
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
};

// Writes one line at `level` to the default logger, with its fields (nothing when the level
// is off: the fields are not even looked at).
void log_event(spdlog::level::level_enum level, std::string_view message,
               std::initializer_list<LogField> fields);

// The fields of the line being formatted on this thread; empty outside log_event. For the
// formatters, which run on the logging thread (the default logger is synchronous).
std::span<const LogField> current_log_fields();

}  // namespace ops

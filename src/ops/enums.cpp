#include "ops/enums.hpp"

#include <array>
#include <cstddef>

#include "ops/text.hpp"

namespace ops {
namespace {

constexpr std::array<std::string_view, 7> kLogLevels{"trace", "debug", "info",    "warn",
                                                     "error", "critical", "off"};
constexpr std::array<std::string_view, 3> kLogFormats{"auto", "text", "json"};
constexpr std::array<std::string_view, 2> kTelegramModes{"polling", "webhook"};

template <class E>
std::string_view name_of(E value) {
  const auto names = enum_names(value);
  const auto index = static_cast<std::size_t>(value);
  return index < names.size() ? names[index] : std::string_view{"?"};
}

template <class E>
std::optional<E> parse_enum(std::string_view text) {
  const auto names = enum_names(E{});
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (iequals(names[i], text)) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::span<const std::string_view> enum_names(LogLevel) { return kLogLevels; }
std::span<const std::string_view> enum_names(LogFormat) { return kLogFormats; }
std::span<const std::string_view> enum_names(TelegramMode) { return kTelegramModes; }

std::string_view to_string(LogLevel value) { return name_of(value); }
std::string_view to_string(LogFormat value) { return name_of(value); }
std::string_view to_string(TelegramMode value) { return name_of(value); }

std::optional<LogLevel> parse_log_level(std::string_view text) {
  return parse_enum<LogLevel>(text);
}
std::optional<LogFormat> parse_log_format(std::string_view text) {
  return parse_enum<LogFormat>(text);
}
std::optional<TelegramMode> parse_telegram_mode(std::string_view text) {
  return parse_enum<TelegramMode>(text);
}

}  // namespace ops

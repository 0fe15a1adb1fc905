#pragma once
// The closed choices of the configuration. Each enum's names are its TOML spelling; the
// enumerators are declared in the same order as the names so a value indexes its name.
#include <optional>
#include <span>
#include <string_view>

namespace ops {

// Same names as spdlog's levels, so the app can hand them over unchanged.
enum class LogLevel { trace, debug, info, warn, error, critical, off };

// `automatic` is "auto" in the file: text on a terminal, JSON lines otherwise.
enum class LogFormat { automatic, text, json };

// Long polling (getUpdates) or an HTTPS webhook (DESIGN.md §4).
enum class TelegramMode { polling, webhook };

std::span<const std::string_view> enum_names(LogLevel);
std::span<const std::string_view> enum_names(LogFormat);
std::span<const std::string_view> enum_names(TelegramMode);

std::string_view to_string(LogLevel value);
std::string_view to_string(LogFormat value);
std::string_view to_string(TelegramMode value);

// Case-insensitive ("DEBUG" from an environment variable is accepted).
std::optional<LogLevel> parse_log_level(std::string_view text);
std::optional<LogFormat> parse_log_format(std::string_view text);
std::optional<TelegramMode> parse_telegram_mode(std::string_view text);

}  // namespace ops

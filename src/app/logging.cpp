#include "app/logging.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "ops/log_event.hpp"
#include "telegram/json_writer.hpp"

namespace app {
namespace {

template <class Out>
void append_value(Out& out, const ops::LogField& field, bool json) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          if (json) {
            std::string quoted;
            telegram::append_json_string(quoted, v);
            out.append(quoted.data(), quoted.data() + quoted.size());
          } else {
            out.append(v.data(), v.data() + v.size());
          }
        } else {
          fmt::format_to(std::back_inserter(out), "{}", v);
        }
      },
      field.value);
}

// `%*` in the text pattern: the fields, as " key=value".
class TextFields final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    for (const auto& field : ops::current_log_fields()) {
      dest.push_back(' ');
      dest.append(field.key.data(), field.key.data() + field.key.size());
      dest.push_back('=');
      append_value(dest, field, false);
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<TextFields>();
  }
};

class JsonLines final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch());
    const auto seconds = std::chrono::floor<std::chrono::seconds>(msg.time);
    std::string line;
    line.reserve(msg.payload.size() + 96);
    fmt::format_to(std::back_inserter(line), R"({{"time":"{:%Y-%m-%dT%H:%M:%S}.{:03d}Z","level":")",
                   fmt::gmtime(std::chrono::system_clock::to_time_t(seconds)),
                   static_cast<int>(ms.count() % 1000));
    const auto level = spdlog::level::to_string_view(msg.level);
    line.append(level.data(), level.size());
    line += R"(","message":)";
    telegram::append_json_string(line, std::string_view(msg.payload.data(), msg.payload.size()));
    for (const auto& field : ops::current_log_fields()) {
      line += ',';
      telegram::append_json_string(line, field.key);
      line += ':';
      append_value(line, field, true);
    }
    line += "}\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<formatter> clone() const override { return std::make_unique<JsonLines>(); }
};

spdlog::level::level_enum to_spdlog(ops::LogLevel level) {
  return spdlog::level::from_str(std::string(ops::to_string(level)));
}

}  // namespace

std::unique_ptr<spdlog::formatter> make_log_formatter(ops::LogFormat format, bool terminal) {
  const bool json = format == ops::LogFormat::json ||
                    (format == ops::LogFormat::automatic && !terminal);
  if (json) return std::make_unique<JsonLines>();
  auto text = std::make_unique<spdlog::pattern_formatter>();
  text->add_flag<TextFields>('*').set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%^%l%$] %v%*");
  return text;
}

void setup_logging(const ops::Config& config, bool quiet) {
  auto logger = spdlog::stderr_color_mt("gofrobot");
  logger->set_formatter(make_log_formatter(config.log.format, isatty(STDERR_FILENO) != 0));
  spdlog::set_default_logger(logger);
  auto level = to_spdlog(config.log.level);
  spdlog::set_level(quiet ? std::max(level, spdlog::level::warn) : level);
}

void set_log_level(ops::LogLevel level) { spdlog::set_level(to_spdlog(level)); }

}  // namespace app

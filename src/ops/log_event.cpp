#include "ops/log_event.hpp"

namespace ops {
namespace {

thread_local std::span<const LogField> t_fields;

}  // namespace

void log_event(spdlog::level::level_enum level, std::string_view message,
               std::initializer_list<LogField> fields) {
  auto* logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  t_fields = std::span<const LogField>(fields.begin(), fields.size());
  struct Clear {
    ~Clear() { t_fields = {}; }
  } clear;
  logger->log(level, "{}", message);
}

std::span<const LogField> current_log_fields() { return t_fields; }

}  // namespace ops

#include "store/sql/connection.hpp"

#include <cmath>
#include <string>

namespace store::sql {

std::int64_t Row::integer(std::size_t i, std::int64_t fallback) const {
  const auto& v = values_.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(std::llround(*d));
  if (const auto* s = std::get_if<std::string>(&v)) {
    try {
      return std::stoll(*s);
    } catch (const std::exception&) {
      return fallback;
    }
  }
  return fallback;
}

double Row::real(std::size_t i, double fallback) const {
  const auto& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) {
    try {
      return std::stod(*s);
    } catch (const std::exception&) {
      return fallback;
    }
  }
  return fallback;
}

std::string Row::text(std::size_t i, std::string fallback) const {
  const auto& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return fallback;
}

}  // namespace store::sql

#include "store/sql/connection.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace store::sql {

std::int64_t Row::integer(std::size_t i, std::int64_t fallback) const {
  const auto& v = values_.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) {
    // llround is unspecified for NaN and for reals beyond the integers' range.
    if (std::isnan(*d)) return fallback;
    constexpr double kBeyond = 9.2233720368547758e18;  // 2^63
    if (*d >= kBeyond) return std::numeric_limits<std::int64_t>::max();
    if (*d <= -kBeyond) return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(std::llround(*d));
  }
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

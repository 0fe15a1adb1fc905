#include "store/postgres/pg_text.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace store::postgres::detail {

NumberedSql number_placeholders(std::string_view sql) {
  NumberedSql out;
  out.text.reserve(sql.size() + 8);
  enum class State { kCode, kLiteral, kIdentifier, kComment } state = State::kCode;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    switch (state) {
      case State::kCode:
        if (c == '?') {
          out.text += '$';
          out.text += std::to_string(++out.param_count);
          continue;
        }
        if (c == '\'') state = State::kLiteral;
        if (c == '"') state = State::kIdentifier;
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') state = State::kComment;
        break;
      // A doubled quote ('' or "") leaves and re-enters the literal, which is the same.
      case State::kLiteral:
        if (c == '\'') state = State::kCode;
        break;
      case State::kIdentifier:
        if (c == '"') state = State::kCode;
        break;
      case State::kComment:
        if (c == '\n') state = State::kCode;
        break;
    }
    out.text += c;
  }
  return out;
}

namespace {

std::string double_text(double d) {
  // to_chars would write "inf"/"nan"; these are the spellings float8in documents.
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest round trip
  return std::string(buf, end);
}

}  // namespace

std::string param_text(const sql::Value& value) {
  if (const auto* n = std::get_if<std::int64_t>(&value)) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *n);
    return std::string(buf, end);
  }
  if (const auto* d = std::get_if<double>(&value)) return double_text(*d);
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  return {};
}

namespace {

template <typename T>
T parse_number(std::string_view text, const char* type) {
  T v{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw sql::DatabaseError(std::string("PostgreSQL: unreadable ") + type + " column value");
  }
  return v;
}

double parse_double(std::string_view text) {
  // from_chars takes "inf"/"nan" in any case but not a leading '+'; the server writes
  // "Infinity", "-Infinity" and "NaN", which it does accept.
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  return parse_number<double>(text, "floating-point");
}

}  // namespace

sql::Value column_value(unsigned type_oid, std::string_view text) {
  switch (type_oid) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
      return parse_number<std::int64_t>(text, "integer");
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      return parse_double(text);
    case kBoolOid:
      return std::int64_t{text == "t" ? 1 : 0};
    default:
      return std::string(text);
  }
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

void add_secret(std::vector<std::string>& secrets, std::string_view raw) {
  if (raw.empty()) return;
  secrets.emplace_back(raw);
  std::string decoded = percent_decode(raw);
  if (decoded != raw && !decoded.empty()) secrets.push_back(std::move(decoded));
}

}  // namespace

std::vector<std::string> url_secrets(std::string_view url) {
  std::vector<std::string> secrets;
  const auto scheme_end = url.find("://");
  std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  // The authority ends at the path or the query; the userinfo ends at its last '@'.
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    if (const auto colon = userinfo.find(':'); colon != std::string_view::npos) {
      add_secret(secrets, userinfo.substr(colon + 1));
    }
  }
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    while (!query.empty()) {
      const auto amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      if (pair.starts_with("password=")) add_secret(secrets, pair.substr(9));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  return secrets;
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), "***");
    }
  }
  return text;
}

std::string scrub_server_message(std::string_view sqlstate, std::string_view message) {
  if (!sqlstate.starts_with("22")) return std::string(message);
  message = message.substr(0, message.find(':'));
  std::string out;
  bool quoted = false;
  for (const char c : message) {
    if (c == '"') {
      out += quoted ? "\"" : "\"…";
      quoted = !quoted;
    } else if (!quoted) {
      out += c;
    }
  }
  return out;
}

}  // namespace store::postgres::detail

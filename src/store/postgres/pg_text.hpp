#pragma once
// The text side of the PostgreSQL driver, kept apart from libpq so it can be tested
// without a server: `?` → `$n` numbering, parameter and column text formats, and the
// scrubbing of secrets and values out of error messages.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql/connection.hpp"

namespace store::postgres::detail {

struct NumberedSql {
  std::string text;     // with $1..$n
  int param_count = 0;  // n
};

// Replaces each `?` with $1, $2, … in order. A `?` inside a single-quoted literal
// ('a?b', with '' as the escaped quote), a double-quoted identifier or a `--` comment is
// text, not a placeholder, and is left alone. Not handled, because our SQL never uses
// them: dollar-quoted strings, E'\'' escapes, /* */ comments and jsonb's `?` operators.
NumberedSql number_placeholders(std::string_view sql);

// A parameter in PostgreSQL's text format. Integers and doubles are exact: doubles use
// the shortest text that reads back to the same bits. NULL has no text (see is_null).
std::string param_text(const sql::Value& value);

// Type OIDs of the built-in types we convert (from catalog/pg_type.dat; they are fixed).
inline constexpr unsigned kBoolOid = 16;
inline constexpr unsigned kInt8Oid = 20;
inline constexpr unsigned kInt2Oid = 21;
inline constexpr unsigned kInt4Oid = 23;
inline constexpr unsigned kFloat4Oid = 700;
inline constexpr unsigned kFloat8Oid = 701;
inline constexpr unsigned kNumericOid = 1700;

// A column value in text format, converted by its type: integers → int64, float and
// numeric → double, bool → 0/1, anything else stays text. Throws sql::DatabaseError on
// a number that does not parse (the server never sends one).
sql::Value column_value(unsigned type_oid, std::string_view text);

// Error messages must carry neither the password nor parameter values.
// The password of a postgres URL (from `user:password@` or `?password=`), both as
// written and percent-decoded; empty strings are left out.
std::vector<std::string> url_secrets(std::string_view url);
// `text` with every occurrence of each secret replaced by "***".
std::string redact(std::string text, const std::vector<std::string>& secrets);
// The server's primary message made fit to show. Data exceptions (SQLSTATE class 22,
// e.g. `invalid input syntax for type bigint: "abc"`) quote the offending value, so for
// them everything after the first ':' is dropped and double-quoted text is elided.
std::string scrub_server_message(std::string_view sqlstate, std::string_view message);

}  // namespace store::postgres::detail

#pragma once
// A database connection as the storage engine needs it: parameterised statements,
// prepared once per SQL text and reused, and a pipelined batch of writes. SQLite and
// PostgreSQL drivers implement it, so the store's queries are written once.
//
// SQL uses `?` placeholders; the PostgreSQL driver numbers them ($1, $2, …).
// Not thread-safe: one connection is used by one thread at a time (see ConnectionPool).
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace store::sql {

enum class Dialect { kSqlite, kPostgres };

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  // Numeric getters convert between integer and real; NULL reads as `fallback`.
  std::int64_t integer(std::size_t i, std::int64_t fallback = 0) const;
  double real(std::size_t i, double fallback = 0) const;
  std::string text(std::size_t i, std::string fallback = {}) const;
  const Value& value(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

// The key of a connection's prepared statements: the SQL text, looked up by string_view on
// every statement, so the hash is transparent and a lookup builds no std::string.
struct SqlTextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};

struct Statement {
  std::string_view sql;  // must outlive the call; statements are string literals
  std::vector<Value> params;
};

// Any failure of the database. The message never contains parameter values.
class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A UNIQUE or PRIMARY KEY constraint refused a write.
class UniqueViolation : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// Two transactions got in each other's way (deadlock, serialization failure, lock not
// available); the statement was cancelled. Retrying in a later transaction succeeds.
class LockContention : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// The connection is gone (server down, network cut); a new one may work.
class ConnectionLost : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  virtual std::vector<Row> query(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Returns the number of rows changed.
  virtual std::int64_t execute(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Several writes in one round trip where the driver can (libpq pipeline mode); returns
  // the rows changed by each. Stops at, and throws, the first error.
  virtual std::vector<std::int64_t> execute_many(std::span<const Statement> statements) = 0;
  // Statements without parameters separated by ';' (schema migrations).
  virtual void execute_script(std::string_view sql) = 0;
  // Whether a transaction is open. An error can end one by itself (on SQLite a full disk, an
  // I/O error or a trigger's ROLLBACK roll the whole transaction back); a caller that goes
  // on must know, or its next statements would run, and commit, on their own.
  virtual bool in_transaction() const = 0;

  // Statements executed since the connection opened (for the queries-per-update counter).
  std::int64_t statements_executed() const { return statements_executed_; }

 protected:
  std::int64_t statements_executed_ = 0;
};

}  // namespace store::sql

#pragma once
// sql::Connection over libpq.
//
// - Each distinct SQL text is prepared once (statements s1, s2, …) and then only bound
//   and executed; `?` placeholders are numbered $1..$n first.
// - Parameters go in text format; the server infers their types from the statement, so
//   write `?::bigint` where the context does not say (e.g. `SELECT ?`).
// - Columns come back by type: int2/4/8 → int64, float4/8 and numeric → double,
//   bool → 0/1, anything else → text, NULL → nullptr. Doubles are bit-exact both ways.
// - execute_many sends the whole batch in pipeline mode: one round trip. Outside an
//   explicit transaction the batch runs as one implicit transaction, so an error rolls
//   back the statements before it too; inside one, the transaction is left aborted and
//   the caller must ROLLBACK, as after any failed statement.
// - Errors: SQLSTATE 23505 → UniqueViolation; a dead connection (CONNECTION_BAD, class
//   08, 57P01-57P03: the server is going away) → ConnectionLost; anything else
//   DatabaseError. Messages carry the SQLSTATE and the server's primary message, never
//   parameter values (DETAIL, which quotes them, is not shown) nor the password.
// - DEALLOCATE / DISCARD ALL would drop the cached prepared statements; don't use them.
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql/connection.hpp"

struct pg_conn;  // libpq's PGconn, so that users of this header need no libpq headers

namespace store::postgres {

class PgConnection final : public sql::Connection {
 public:
  // Connects to a postgresql:// (or postgres://) URL with client_encoding UTF8.
  // Throws sql::ConnectionLost when the server cannot be reached or refuses us, and
  // sql::DatabaseError when `url` is not such a URL. Neither message shows the password.
  static std::unique_ptr<PgConnection> open(const std::string& url);

  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  // Open, or failed and waiting for ROLLBACK (TO SAVEPOINT).
  bool in_transaction() const override;
  std::vector<sql::Row> query(std::string_view sql, std::span<const sql::Value> params = {}) override;
  std::int64_t execute(std::string_view sql, std::span<const sql::Value> params = {}) override;
  std::vector<std::int64_t> execute_many(std::span<const sql::Statement> statements) override;
  // Counts as one statement, however many it holds.
  void execute_script(std::string_view sql) override;

 private:
  struct Prepared {
    std::string name;
    int param_count = 0;
  };

  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  // The prepared statement for `sql`, preparing it on first use (one round trip).
  const Prepared& prepare(std::string_view sql);

  pg_conn* conn_;
  // By the SQL as written, with `?`.
  std::unordered_map<std::string, Prepared, sql::SqlTextHash, std::equal_to<>> prepared_;
  int next_statement_ = 1;
};

}  // namespace store::postgres

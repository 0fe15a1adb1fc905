#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <optional>

#include "store/postgres/pg_text.hpp"

namespace store::postgres {
namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// libpq's messages span lines ("...\n\tIs the server running..."); ours are one line.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

// A failure, described while the result is at hand and thrown later (execute_many
// first drains the pipeline).
struct Failure {
  enum class Kind { kOther, kUnique, kLost, kContention } kind = Kind::kOther;
  std::string message;

  [[noreturn]] void raise() const {
    switch (kind) {
      case Kind::kUnique:
        throw sql::UniqueViolation(message);
      case Kind::kLost:
        throw sql::ConnectionLost(message);
      case Kind::kContention:
        throw sql::LockContention(message);
      case Kind::kOther:
        break;
    }
    throw sql::DatabaseError(message);
  }
};

Failure describe(PGconn* conn, const PGresult* res, std::string_view context) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string sqlstate = state ? state : "";
  // Without a server error (connection trouble, client-side checks) libpq's own message
  // says what happened; it never holds parameter values.
  std::string text = primary ? detail::scrub_server_message(sqlstate, primary)
                             : one_line(PQerrorMessage(conn));
  Failure f;
  if (PQstatus(conn) == CONNECTION_BAD || sqlstate.starts_with("08") || sqlstate == "57P01" ||
      sqlstate == "57P02" || sqlstate == "57P03") {
    f.kind = Failure::Kind::kLost;
  } else if (sqlstate == "23505") {
    f.kind = Failure::Kind::kUnique;
  } else if (sqlstate == "40P01" || sqlstate == "40001" || sqlstate == "55P03") {
    f.kind = Failure::Kind::kContention;
  }
  f.message = "PostgreSQL " + std::string(context) + ": ";
  if (!sqlstate.empty()) f.message += "[" + sqlstate + "] ";
  f.message += text.empty() ? "unknown error" : text;
  return f;
}

bool succeeded(const PGresult* res) {
  if (!res) return false;
  const auto status = PQresultStatus(res);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

void check(PGconn* conn, const PGresult* res, std::string_view context) {
  if (!succeeded(res)) describe(conn, res, context).raise();
}

// Rows changed, from the command tag; statements without a count (CREATE, BEGIN) give 0.
std::int64_t rows_changed(PGresult* res) {
  const std::string_view tuples = PQcmdTuples(res);
  std::int64_t n = 0;
  std::from_chars(tuples.data(), tuples.data() + tuples.size(), n);
  return n;
}

std::vector<sql::Row> rows_of(const PGresult* res) {
  const int row_count = PQntuples(res);
  const int column_count = PQnfields(res);
  std::vector<unsigned> types(static_cast<std::size_t>(column_count));
  for (int c = 0; c < column_count; ++c) types[static_cast<std::size_t>(c)] = PQftype(res, c);
  std::vector<sql::Row> rows;
  rows.reserve(static_cast<std::size_t>(row_count));
  for (int r = 0; r < row_count; ++r) {
    std::vector<sql::Value> values;
    values.reserve(types.size());
    for (int c = 0; c < column_count; ++c) {
      if (PQgetisnull(res, r, c)) {
        values.emplace_back(nullptr);
      } else {
        const std::string_view text(PQgetvalue(res, r, c), static_cast<std::size_t>(PQgetlength(res, r, c)));
        values.push_back(detail::column_value(types[static_cast<std::size_t>(c)], text));
      }
    }
    rows.emplace_back(std::move(values));
  }
  return rows;
}

// Checked here because the server answers a wrong count with a protocol violation
// (SQLSTATE 08P01), which would read as a lost connection.
void check_param_count(std::size_t given, int expected) {
  if (given != static_cast<std::size_t>(expected)) {
    throw sql::DatabaseError("PostgreSQL: statement takes " + std::to_string(expected) + " parameters, " +
                             std::to_string(given) + " given");
  }
}

// Parameters in libpq's form: one C string per parameter, nullptr for NULL.
class BoundParams {
 public:
  BoundParams(std::span<const sql::Value> params, int expected) {
    check_param_count(params.size(), expected);
    texts_.reserve(params.size());
    for (const auto& p : params) texts_.push_back(detail::param_text(p));
    for (std::size_t i = 0; i < params.size(); ++i) {
      pointers_.push_back(std::holds_alternative<std::nullptr_t>(params[i]) ? nullptr : texts_[i].c_str());
    }
  }
  int count() const { return static_cast<int>(pointers_.size()); }
  const char* const* values() const { return pointers_.data(); }

 private:
  std::vector<std::string> texts_;
  std::vector<const char*> pointers_;
};

}  // namespace

std::unique_ptr<PgConnection> PgConnection::open(const std::string& url) {
  const auto secrets = detail::url_secrets(url);
  if (!url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
    throw sql::DatabaseError("PostgreSQL: the database URL must start with postgresql://");
  }
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  if (!options) {
    const std::string why = parse_error ? detail::redact(one_line(parse_error), secrets) : "out of memory";
    PQfreemem(parse_error);
    throw sql::DatabaseError("PostgreSQL: invalid database URL: " + why);
  }
  PQconninfoFree(options);

  // Keywords before `dbname` (which holds the URL) are defaults the URL may override;
  // the ones after it always win.
  const char* const keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding", nullptr};
  const char* const values[] = {"10", "gofrobot", url.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!conn) throw sql::ConnectionLost("PostgreSQL: cannot connect: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string why = detail::redact(one_line(PQerrorMessage(conn)), secrets);
    PQfinish(conn);
    throw sql::ConnectionLost("PostgreSQL: cannot connect: " + why);
  }
  // Notices ("table does not exist, skipping") would otherwise go to stderr.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PgConnection> connection(new PgConnection(conn));
  // Any value > 0 makes the server print the shortest text that reads back to the same
  // double; the server's configured default could be 0, which rounds to 15 digits.
  connection->execute_script("SET extra_float_digits = 3");
  connection->statements_executed_ = 0;
  return connection;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::in_transaction() const {
  const auto status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

const PgConnection::Prepared& PgConnection::prepare(std::string_view sql) {
  if (const auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
  const auto numbered = detail::number_placeholders(sql);
  // Built by appending: `"s" + std::to_string(n)` trips GCC 12's false -Wrestrict.
  std::string name = std::to_string(next_statement_++);
  name.insert(name.begin(), 's');
  const Result res(PQprepare(conn_, name.c_str(), numbered.text.c_str(), 0, nullptr));
  check(conn_, res.get(), "prepare");
  return prepared_.emplace(std::string(sql), Prepared{std::move(name), numbered.param_count})
      .first->second;
}

std::vector<sql::Row> PgConnection::query(std::string_view sql, std::span<const sql::Value> params) {
  const Prepared& statement = prepare(sql);
  const BoundParams bound(params, statement.param_count);
  ++statements_executed_;
  const Result res(PQexecPrepared(conn_, statement.name.c_str(), bound.count(), bound.values(), nullptr, nullptr, 0));
  check(conn_, res.get(), "query");
  return rows_of(res.get());
}

std::int64_t PgConnection::execute(std::string_view sql, std::span<const sql::Value> params) {
  const Prepared& statement = prepare(sql);
  const BoundParams bound(params, statement.param_count);
  ++statements_executed_;
  const Result res(PQexecPrepared(conn_, statement.name.c_str(), bound.count(), bound.values(), nullptr, nullptr, 0));
  check(conn_, res.get(), "execute");
  return rows_changed(res.get());
}

std::vector<std::int64_t> PgConnection::execute_many(std::span<const sql::Statement> statements) {
  if (statements.empty()) return {};
  // Prepare first, outside the pipeline: a prepare's error is then the caller's alone,
  // and the pipeline carries only Bind/Execute. Parameter counts are checked before
  // anything is sent, so a bad batch leaves nothing half-sent.
  std::vector<const Prepared*> prepared;
  prepared.reserve(statements.size());
  for (const auto& s : statements) {
    prepared.push_back(&prepare(s.sql));
    check_param_count(s.params.size(), prepared.back()->param_count);
  }

  if (PQenterPipelineMode(conn_) != 1) describe(conn_, nullptr, "execute_many").raise();
  // In blocking mode libpq reads incoming results while it waits to write, so a batch
  // larger than the socket buffers cannot deadlock against the server.
  std::size_t sent = 0;
  for (; sent < statements.size(); ++sent) {
    const BoundParams bound(statements[sent].params, prepared[sent]->param_count);
    if (PQsendQueryPrepared(conn_, prepared[sent]->name.c_str(), bound.count(), bound.values(), nullptr,
                            nullptr, 0) != 1) {
      break;
    }
  }
  std::optional<Failure> failure;
  if (sent < statements.size()) failure = describe(conn_, nullptr, "execute_many");
  if (PQpipelineSync(conn_) != 1) {
    // Nothing can be drained from a connection that cannot even take a Sync.
    const Failure f = describe(conn_, nullptr, "execute_many");
    PQexitPipelineMode(conn_);
    f.raise();
  }

  // Drain everything, the Sync included, so the connection is idle again whatever
  // happened; remember only the first error. After it the server skips the rest
  // (PGRES_PIPELINE_ABORTED) up to the Sync.
  std::vector<std::int64_t> changed(statements.size(), 0);
  const std::string of = " of " + std::to_string(statements.size());
  for (std::size_t i = 0; i < sent && PQstatus(conn_) != CONNECTION_BAD; ++i) {
    while (PGresult* raw = PQgetResult(conn_)) {
      const Result res(raw);
      if (PQresultStatus(raw) == PGRES_PIPELINE_ABORTED) continue;
      ++statements_executed_;
      if (succeeded(raw)) {
        changed[i] = rows_changed(raw);
      } else if (!failure) {
        failure = describe(conn_, raw, "execute_many statement " + std::to_string(i + 1) + of);
      }
    }
  }
  while (PQstatus(conn_) != CONNECTION_BAD) {
    const Result res(PQgetResult(conn_));
    if (!res || PQresultStatus(res.get()) == PGRES_PIPELINE_SYNC) break;
  }
  if (PQexitPipelineMode(conn_) != 1 && !failure) failure = describe(conn_, nullptr, "execute_many");
  if (failure) failure->raise();
  return changed;
}

void PgConnection::execute_script(std::string_view sql) {
  ++statements_executed_;
  const Result res(PQexec(conn_, std::string(sql).c_str()));
  check(conn_, res.get(), "script");
}

}  // namespace store::postgres

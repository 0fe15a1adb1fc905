#pragma once
// RAII transaction: BEGIN on construction, ROLLBACK unless commit() was called.
#include "store/sql/connection.hpp"

namespace store::sql {

class Transaction {
 public:
  explicit Transaction(Connection& db) : db_(db) {
    db_.execute_script(db_.dialect() == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  ~Transaction() {
    if (open_) {
      try {
        db_.execute_script("ROLLBACK");
      } catch (...) {  // the connection may be gone; nothing is committed either way
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit() {
    db_.execute_script("COMMIT");
    open_ = false;
  }

 private:
  Connection& db_;
  bool open_ = true;
};

}  // namespace store::sql

// Thin RAII over the SQLite/SQLCipher C API: a connection, prepared statements, and error mapping.
// Not thread-safe by itself; ProfileStore serialises access.
#ifndef TACIT_STORE_SQLITE_H_
#define TACIT_STORE_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace tacit {

// Maps a SQLite result code to a tacit Status; `what` says what was being done. A full disk (SQLITE_FULL)
// and every I/O error are TACIT_ERR_IO, never BUSY; a commit refused by ProfileStore's file check is IO too.
Status SqliteStatus(int rc, sqlite3* db, const char* what);

// After SQLITE_FULL: once no transaction is open, checkpoint and truncate the WAL so that the space it held
// is free for the next write (a full disk must not wedge the profile). Called by Stmt, Db and Transaction.
void RelieveFullDisk(sqlite3* db, int rc);

class Stmt {
 public:
  Stmt() = default;
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(Stmt&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(s_);
      s_ = o.s_;
      o.s_ = nullptr;
    }
    return *this;
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binds are 1-based. SQLITE_TRANSIENT copies are avoided: bound text must outlive the step.
  void Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, double v) { sqlite3_bind_double(s_, i, v); }
  void Bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void BindBlob(int i, const void* p, size_t n) { sqlite3_bind_blob(s_, i, p, static_cast<int>(n), SQLITE_STATIC); }
  void BindNull(int i) { sqlite3_bind_null(s_, i); }

  // Steps once. Returns true for a row, false when done; an error Status otherwise.
  Result<bool> Step();
  // Steps to completion, expecting no rows.
  Status Run();
  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  double Real(int col) const { return sqlite3_column_double(s_, col); }
  std::string_view Text(int col) const {
    const unsigned char* p = sqlite3_column_text(s_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p), sqlite3_column_bytes(s_, col))
             : std::string_view();
  }
  std::string_view Blob(int col) const {
    const void* p = sqlite3_column_blob(s_, col);
    return p ? std::string_view(static_cast<const char*>(p), sqlite3_column_bytes(s_, col)) : std::string_view();
  }
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  sqlite3_stmt* get() const { return s_; }

 private:
  sqlite3_stmt* s_ = nullptr;
};

class Db {
 public:
  Db() = default;
  ~Db() { Close(); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Opens (or creates) the file on the "tacit" VFS (env/sqlite_vfs.h); no key applied yet.
  Status Open(const std::string& path, bool create);
  void Close();
  // Closes now or fails (BUSY) when statements are still unfinalized; the connection stays open then.
  Status CloseOrFail();
  bool is_open() const { return db_ != nullptr; }

  Status Exec(const char* sql);
  Result<Stmt> Prepare(std::string_view sql);
  // Runs a query expected to return one integer.
  Result<int64_t> QueryInt(const char* sql);
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// A transaction that rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(Db& db) : db_(db) {}
  ~Transaction() {
    if (!active_) return;
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    RelieveFullDisk(db_.get(), 0);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status Begin() {
    TACIT_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    active_ = true;
    return Status::OK();
  }
  Status Commit() {
    TACIT_RETURN_IF_ERROR(db_.Exec("COMMIT"));
    active_ = false;
    return Status::OK();
  }

 private:
  Db& db_;
  bool active_ = false;
};

}  // namespace tacit

#endif  // TACIT_STORE_SQLITE_H_

#include "store/sqlite.h"

#include "env/sqlite_vfs.h"

namespace tacit {
namespace {
thread_local bool t_saw_full = false;  // set by SqliteStatus, consumed by RelieveFullDisk
}  // namespace

void RelieveFullDisk(sqlite3* db, int rc) {
  if ((rc & 0xff) == SQLITE_FULL) t_saw_full = true;
  if (!t_saw_full || !db || !sqlite3_get_autocommit(db)) return;
  t_saw_full = false;
  sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

Status SqliteStatus(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::OK();
  std::string msg = std::string(what) + ": " + sqlite3_errstr(rc);
  if (db && sqlite3_errcode(db) == rc) {
    const char* detail = sqlite3_errmsg(db);
    if (detail && msg.find(detail) == std::string::npos) msg += std::string(" (") + detail + ")";
  }
  if (rc == SQLITE_CONSTRAINT_COMMITHOOK)
    return Status::IO(std::string(what) + ": refused: the profile's database file was moved, replaced or deleted "
                      "while open (reopen the profile)");
  if ((rc & 0xff) == SQLITE_FULL) {
    t_saw_full = true;
    return Status::IO(std::string(what) + ": the disk is full (" + msg + ")");
  }
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Status(TACIT_ERR_CORRUPT, msg);
    case SQLITE_NOMEM:
      return Status(TACIT_ERR_NO_MEMORY, msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(TACIT_ERR_BUSY, msg);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Status(TACIT_ERR_IO, msg);
    case SQLITE_TOOBIG:
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return Status::Invalid(msg);
    default:
      return Status::Internal(msg);
  }
}

Result<bool> Stmt::Step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status s = SqliteStatus(rc, sqlite3_db_handle(s_), "step");
  RelieveFullDisk(sqlite3_db_handle(s_), rc);
  return s;
}

Status Stmt::Run() {
  Result<bool> r = Step();
  if (!r.ok()) return r.status();
  return Status::OK();
}

Status Db::Open(const std::string& path, bool create) {
  Close();
  // No connection mutex: the owner serialises every use of a connection and its statements (ProfileStore),
  // and SQLite's own would be taken on every step and every column read.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE;
  if (create) flags |= SQLITE_OPEN_CREATE;
  TACIT_ASSIGN_OR_RETURN(const char* vfs, TacitVfs());
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, vfs);
  if (rc != SQLITE_OK) {
    Status s = SqliteStatus(rc, db_, "open database");
    Close();
    return s;
  }
  sqlite3_extended_result_codes(db_, 1);
  return Status::OK();
}

void Db::Close() {
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Status Db::CloseOrFail() {
  if (!db_) return Status::OK();
  int rc = sqlite3_close(db_);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db_, "close");
  db_ = nullptr;
  return Status::OK();
}

Status Db::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  Status s = SqliteStatus(rc, db_, "exec");
  RelieveFullDisk(db_, rc);
  return s;
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db_, "prepare");
  return Stmt(s);
}

Result<int64_t> Db::QueryInt(const char* sql) {
  TACIT_ASSIGN_OR_RETURN(Stmt s, Prepare(sql));
  TACIT_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::Internal(std::string("no row from: ") + sql);
  return s.Int(0);
}

}  // namespace tacit

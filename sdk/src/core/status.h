// Status and Result: the core's error model. No exceptions cross the core; every fallible call returns one.
#ifndef TACIT_CORE_STATUS_H_
#define TACIT_CORE_STATUS_H_

#include <string>
#include <utility>

#include "tacit/tacit.h"

namespace tacit {

class Status {
 public:
  Status() = default;  // OK
  Status(tacit_status code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }
  static Status Invalid(std::string m) { return Status(TACIT_ERR_INVALID_ARGUMENT, std::move(m)); }
  static Status Corrupt(std::string m) { return Status(TACIT_ERR_CORRUPT, std::move(m)); }
  static Status IO(std::string m) { return Status(TACIT_ERR_IO, std::move(m)); }
  static Status NotFound(std::string m) { return Status(TACIT_ERR_NOT_FOUND, std::move(m)); }
  static Status Internal(std::string m) { return Status(TACIT_ERR_INTERNAL, std::move(m)); }

  bool ok() const { return code_ == TACIT_OK; }
  tacit_status code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  tacit_status code_ = TACIT_OK;
  std::string message_;
};

// A value or the Status that explains its absence.
//
// value() and operator-> REQUIRE ok(). Calling them on an error is a bug: builds without NDEBUG trap at
// once (__builtin_trap) so tests find it; release builds return the poisoned value, a value-initialised T
// (zero, empty, null), never uninitialised memory. A Result built from an OK Status is itself an error
// (INTERNAL), so "no value" can never pass for success.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)), has_(true) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {       // NOLINT
    if (status_.ok()) status_ = Status(TACIT_ERR_INTERNAL, "a Result was built from an OK status without a value");
  }
  bool ok() const { return has_; }
  const Status& status() const { return status_; }
  T& value() & { return Checked(); }
  const T& value() const& { return const_cast<Result*>(this)->Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Checked(); }

 private:
  T& Checked() {
    if (!has_) {
#ifndef NDEBUG
      __builtin_trap();
#endif
      value_ = T{};  // the poisoned value, whatever a caller may have written into it before
    }
    return value_;
  }

  Status status_;
  T value_{};
  bool has_ = false;
};

}  // namespace tacit

#define TACIT_RETURN_IF_ERROR(expr)              \
  do {                                           \
    ::tacit::Status tacit_status_ = (expr);      \
    if (!tacit_status_.ok()) return tacit_status_; \
  } while (0)

#define TACIT_CONCAT_INNER_(a, b) a##b
#define TACIT_CONCAT_(a, b) TACIT_CONCAT_INNER_(a, b)
#define TACIT_ASSIGN_OR_RETURN(lhs, expr) TACIT_ASSIGN_OR_RETURN_IMPL_(TACIT_CONCAT_(tacit_r_, __LINE__), lhs, expr)
#define TACIT_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

#endif  // TACIT_CORE_STATUS_H_

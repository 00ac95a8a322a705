// Status names, the thread-local error message, version and limits.
#include <cstdlib>
#include <string>

#include "api/boundary.h"

namespace tacit {
namespace {
thread_local std::string t_last_error;
}

tacit_status Finish(const Status& s) {
  if (s.ok()) {
    t_last_error.clear();
  } else {
#if defined(__cpp_exceptions)
    try {
      t_last_error = s.message();
    } catch (...) {
      t_last_error.clear();
    }
#else
    t_last_error = s.message();
#endif
  }
  return s.code();
}

}  // namespace tacit

extern "C" {

const char* tacit_version(void) { return TACIT_VERSION_STRING; }
int tacit_version_number(void) { return TACIT_VERSION_NUMBER; }
size_t tacit_key_bytes(void) { return TACIT_KEY_BYTES; }
size_t tacit_max_id_len(void) { return TACIT_MAX_ID_LEN; }

const char* tacit_last_error(void) { return tacit::t_last_error.c_str(); }

void tacit_free(void* p) { std::free(p); }

const char* tacit_status_name(tacit_status status) {
  switch (status) {
#define TACIT_NAME_(c) \
  case c:              \
    return #c;
    TACIT_NAME_(TACIT_OK)
    TACIT_NAME_(TACIT_ERR_INVALID_ARGUMENT)
    TACIT_NAME_(TACIT_ERR_KEY_LENGTH)
    TACIT_NAME_(TACIT_ERR_KEY)
    TACIT_NAME_(TACIT_ERR_CORRUPT)
    TACIT_NAME_(TACIT_ERR_SCHEMA_TOO_NEW)
    TACIT_NAME_(TACIT_ERR_IO)
    TACIT_NAME_(TACIT_ERR_NO_MEMORY)
    TACIT_NAME_(TACIT_ERR_BUSY)
    TACIT_NAME_(TACIT_ERR_NOT_FOUND)
    TACIT_NAME_(TACIT_ERR_INTERNAL)
    TACIT_NAME_(TACIT_ERR_CLOSED)
    TACIT_NAME_(TACIT_ERR_CATALOG_BAD_SIGNATURE)
    TACIT_NAME_(TACIT_ERR_CATALOG_UNKNOWN_KEY)
    TACIT_NAME_(TACIT_ERR_CATALOG_MALFORMED)
    TACIT_NAME_(TACIT_ERR_CATALOG_EXPIRED)
    TACIT_NAME_(TACIT_ERR_CATALOG_NOT_YET_VALID)
    TACIT_NAME_(TACIT_ERR_CATALOG_ROLLED_BACK)
    TACIT_NAME_(TACIT_ERR_CATALOG_WRONG_BRAND)
    TACIT_NAME_(TACIT_ERR_NO_CATALOG)
    TACIT_NAME_(TACIT_ERR_TCF_MALFORMED)
    TACIT_NAME_(TACIT_ERR_NO_CONSENT)
    TACIT_NAME_(TACIT_ERR_BUDGET_EXHAUSTED)
    TACIT_NAME_(TACIT_ERR_REPORT_MALFORMED)
    TACIT_NAME_(TACIT_ERR_DAP_CONFIG_MALFORMED)
    TACIT_NAME_(TACIT_ERR_DAP_UNSUPPORTED_HPKE)
    TACIT_NAME_(TACIT_ERR_PLAN_BAD_SIGNATURE)
    TACIT_NAME_(TACIT_ERR_PLAN_UNKNOWN_KEY)
    TACIT_NAME_(TACIT_ERR_PLAN_MALFORMED)
    TACIT_NAME_(TACIT_ERR_PLAN_EXPIRED)
    TACIT_NAME_(TACIT_ERR_PLAN_NOT_YET_VALID)
    TACIT_NAME_(TACIT_ERR_PLAN_WRONG_BRAND)
    TACIT_NAME_(TACIT_ERR_NO_PLAN)
    TACIT_NAME_(TACIT_ERR_UNKNOWN_ID)
#undef TACIT_NAME_
    default:
      return "TACIT_UNKNOWN_STATUS";
  }
}

}  // extern "C"

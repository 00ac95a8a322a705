// The C API for the user's controls: export, preview, forget, pause.
#include <cstdlib>
#include <cstring>
#include <string>

#include "api/boundary.h"
#include "api/handle.h"
#include "core/validate.h"

using tacit::Guard;
using tacit::Session;
using tacit::Status;

namespace {

Status Emit(const std::string& s, char** json, size_t* len) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (!out) return Status(TACIT_ERR_NO_MEMORY, "out of memory");
  std::memcpy(out, s.c_str(), s.size() + 1);
  *json = out;
  if (len) *len = s.size();
  return Status::OK();
}

}  // namespace

extern "C" {

tacit_status tacit_export_json(tacit_t* h, char** json, size_t* len) {
  return Guard([&] {
    if (!json) return Status::Invalid("json is NULL");
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(std::string out, s.ExportJson());
      return Emit(out, json, len);
    });
  });
}

tacit_status tacit_reports_preview_json(tacit_t* h, char** json, size_t* len) {
  return Guard([&] {
    if (!json) return Status::Invalid("json is NULL");
    return tacit::WithSession(h, [&](Session& s) {
      TACIT_ASSIGN_OR_RETURN(std::string out, s.PreviewJson());
      return Emit(out, json, len);
    });
  });
}

tacit_status tacit_forget_inferred(tacit_t* h, const char* topic_id) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(topic_id, "topic_id"));
    return tacit::WithSession(h, [&](Session& s) { return s.ForgetInferred(topic_id); });
  });
}

tacit_status tacit_forget_topic_behaviour(tacit_t* h, const char* topic_id) {
  return Guard([&] {
    TACIT_RETURN_IF_ERROR(tacit::ValidateId(topic_id, "topic_id"));
    return tacit::WithSession(h, [&](Session& s) { return s.ForgetTopicBehaviour(topic_id); });
  });
}

tacit_status tacit_set_paused(tacit_t* h, int paused) {
  return Guard([&] {
    if (paused != 0 && paused != 1) return Status::Invalid("paused must be 0 or 1");
    return tacit::WithSession(h, [&](Session& s) { return s.SetPaused(paused == 1); });
  });
}

}  // extern "C"

// NULL arguments: INVALID_ARGUMENT from every function, whatever its area (catalog, consent, reports...),
// with a valid handle and with a NULL one. Out-parameters stay untouched.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "core/status.h"

#include "support/profile.h"
#include "support/temp_dir.h"

using namespace tacit_test;

TEST_CASE("a NULL pointer argument is INVALID_ARGUMENT everywhere, with a message naming it") {
  TempDir tmp;
  tacit_t* h = nullptr;
  REQUIRE(OpenProfile(tmp.Join("p"), TestKey(1), &h) == TACIT_OK);
  constexpr tacit_status kInvalid = TACIT_ERR_INVALID_ARGUMENT;
  tacit_options_t* o = tacit_options_new();
  uint8_t key[32] = {0};
  tacit_rank_request_t req;
  tacit_rank_request_init(&req);
  tacit_ranking_t* ranking = nullptr;
  tacit_event_list_t* events = nullptr;
  tacit_interest_list_t* interests = nullptr;
  tacit_outgoing_report_t* report = nullptr;
  char* json = nullptr;
  uint64_t n64 = 0;
  size_t n = 0;
  int32_t state = 0;

  auto check = [&](tacit_status got, const char* call) {
    INFO(call << " gave " << tacit_status_name(got) << ": " << tacit_last_error());
    CHECK(got == kInvalid);
    CHECK(std::string(tacit_last_error()).size() > 0);
  };
  check(tacit_options_set_path(o, nullptr), "options_set_path");
  check(tacit_options_set_key(o, nullptr, 32), "options_set_key");
  check(tacit_options_set_passphrase(o, nullptr, 8), "options_set_passphrase");
  check(tacit_options_add_brand_key(o, nullptr, 32), "options_add_brand_key");
  check(tacit_open(o, nullptr), "open(out NULL)");
  check(tacit_open(nullptr, &h), "open(options NULL)");
  check(tacit_rekey(h, nullptr, 32), "rekey");
  check(tacit_record_event(h, nullptr), "record_event");
  check(tacit_record_events(h, nullptr, 1), "record_events");
  check(tacit_event_count(h, nullptr), "event_count");
  check(tacit_events_read(h, 0, 0, nullptr), "events_read");
  check(tacit_declare_interest(h, nullptr, 1.0), "declare_interest");
  check(tacit_undeclare_interest(h, nullptr), "undeclare_interest");
  check(tacit_interests_read(h, nullptr), "interests_read");
  check(tacit_load_catalog(h, nullptr, 100), "load_catalog");
  check(tacit_catalog_info(h, nullptr), "catalog_info");
  check(tacit_not_interested_item(h, nullptr), "not_interested_item");
  check(tacit_not_interested_topic(h, nullptr), "not_interested_topic");
  check(tacit_rank_request_init_sized(nullptr, sizeof req), "rank_request_init_sized");
  check(tacit_rank(h, nullptr, &ranking), "rank(request NULL)");
  check(tacit_rank(h, &req, nullptr), "rank(out NULL)");
  check(tacit_explain(h, nullptr, &ranking), "explain(item NULL)");
  check(tacit_explain(h, "item", nullptr), "explain(out NULL)");
  check(tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, nullptr), "consent_set");
  check(tacit_consent_get(h, TACIT_PURPOSE_MEASUREMENT, nullptr), "consent_get");
  check(tacit_consent_set_tcf(h, nullptr, 42), "consent_set_tcf");
  check(tacit_outbox_next(h, nullptr), "outbox_next");
  check(tacit_outbox_ack(h, nullptr, 16), "outbox_ack");
  check(tacit_outbox_size(h, nullptr), "outbox_size");
  check(tacit_export_json(h, nullptr, &n), "export_json");
  check(tacit_reports_preview_json(h, nullptr, &n), "reports_preview_json");
  check(tacit_forget_inferred(h, nullptr), "forget_inferred");
  check(tacit_forget_topic_behaviour(h, nullptr), "forget_topic_behaviour");

  // The same calls on a NULL handle, with every other argument valid.
  tacit_t* none = nullptr;
  tacit_event_t e;
  tacit_event_init(&e);
  e.type = TACIT_EVENT_OPEN;
  e.item_id = "item";
  e.timestamp_ms = NowMs();
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  const uint8_t bytes[16] = {1};
  check(tacit_rekey(none, key, 32), "rekey(NULL handle)");
  check(tacit_erase_all(none), "erase_all(NULL handle)");
  check(tacit_record_event(none, &e), "record_event(NULL handle)");
  check(tacit_event_count(none, &n64), "event_count(NULL handle)");
  check(tacit_events_read(none, 0, 0, &events), "events_read(NULL handle)");
  check(tacit_interests_read(none, &interests), "interests_read(NULL handle)");
  check(tacit_load_catalog(none, bytes, sizeof bytes), "load_catalog(NULL handle)");
  check(tacit_catalog_info(none, &info), "catalog_info(NULL handle)");
  check(tacit_not_interested_item(none, "item"), "not_interested_item(NULL handle)");
  check(tacit_rank(none, &req, &ranking), "rank(NULL handle)");
  check(tacit_explain(none, "item", &ranking), "explain(NULL handle)");
  check(tacit_consent_set(none, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1"), "consent_set(NULL handle)");
  check(tacit_consent_get(none, TACIT_PURPOSE_MEASUREMENT, &state), "consent_get(NULL handle)");
  check(tacit_reports_prepare(none, &n), "reports_prepare(NULL handle)");
  check(tacit_outbox_next(none, &report), "outbox_next(NULL handle)");
  check(tacit_outbox_ack(none, bytes, 16), "outbox_ack(NULL handle)");
  check(tacit_outbox_size(none, &n), "outbox_size(NULL handle)");
  check(tacit_export_json(none, &json, &n), "export_json(NULL handle)");
  check(tacit_reports_preview_json(none, &json, &n), "reports_preview_json(NULL handle)");
  check(tacit_forget_inferred(none, "t"), "forget_inferred(NULL handle)");
  check(tacit_forget_topic_behaviour(none, "t"), "forget_topic_behaviour(NULL handle)");
  check(tacit_set_paused(none, 1), "set_paused(NULL handle)");

  // Nothing was written to the outputs.
  CHECK(ranking == nullptr);
  CHECK(events == nullptr);
  CHECK(interests == nullptr);
  CHECK(report == nullptr);
  CHECK(json == nullptr);
  CHECK(state == 0);
  // NULL is allowed where the header says so.
  CHECK(tacit_options_set_brand_id(o, nullptr) == TACIT_OK);
  CHECK(tacit_options_set_clock(o, nullptr, nullptr) == TACIT_OK);
  CHECK(tacit_reports_prepare(h, nullptr) == TACIT_ERR_NO_PLAN);  // `made` may be NULL; this handle has no plan
  tacit_options_free(o);
  tacit_close(h);
}

TEST_CASE("Result: a value only with OK; misuse is a poisoned value in release builds") {
  tacit::Result<int> good(7);
  CHECK(good.ok());
  CHECK(good.value() == 7);
  tacit::Result<int> from_ok_status{tacit::Status::OK()};
  CHECK_FALSE(from_ok_status.ok());
  CHECK(from_ok_status.status().code() == TACIT_ERR_INTERNAL);
#ifdef NDEBUG
  tacit::Result<std::string> bad(tacit::Status::Invalid("no"));
  CHECK(bad.value().empty());
  bad.value() = "written by a buggy caller";
  CHECK(bad.value().empty());  // still poisoned
#else
  const pid_t pid = fork();
  if (pid == 0) {
    tacit::Result<int> bad(tacit::Status::Invalid("no"));
    volatile int v = bad.value();  // traps in builds without NDEBUG
    (void)v;
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFSIGNALED(status));
#endif
}

// The C API's conventions: NULL-safety, thread-local errors, outputs untouched on failure.
#include <catch2/catch.hpp>

#include <string>
#include <thread>

#include "support/profile.h"
#include "support/temp_dir.h"

using namespace tacit_test;

TEST_CASE("every function refuses NULL with INVALID_ARGUMENT, frees and closes accept NULL") {
  uint64_t n = 0;
  tacit_event_t e{};
  CHECK(tacit_options_set_path(nullptr, "x") == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_options_set_key(nullptr, nullptr, 32) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_options_set_passphrase(nullptr, nullptr, 1) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_options_set_durability(nullptr, 0) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_open(nullptr, nullptr) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_rekey(nullptr, nullptr, 32) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_erase_all(nullptr) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_record_event(nullptr, &e) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_record_events(nullptr, &e, 1) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_event_count(nullptr, &n) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_declare_interest(nullptr, "x", 1) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_undeclare_interest(nullptr, "x") == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_interests_read(nullptr, nullptr) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_events_read(nullptr, 0, 0, nullptr) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_event_list_size(nullptr) == 0);
  CHECK(tacit_event_list_get(nullptr, 0) == nullptr);
  CHECK(tacit_interest_list_size(nullptr) == 0);
  tacit_event_list_free(nullptr);
  tacit_interest_list_free(nullptr);
  tacit_options_free(nullptr);
  tacit_close(nullptr);
  tacit_free(nullptr);
}

TEST_CASE("the last error is per thread and cleared by success") {
  tacit_options_t* o = tacit_options_new();
  uint8_t k[3] = {1, 2, 3};
  REQUIRE(tacit_options_set_key(o, k, 3) == TACIT_ERR_KEY_LENGTH);
  const std::string mine = tacit_last_error();
  CHECK(mine.find("32 bytes") != std::string::npos);
  std::string other = "unset";
  std::thread([&] { other = tacit_last_error(); }).join();
  CHECK(other.empty());
  CHECK(std::string(tacit_last_error()) == mine);
  REQUIRE(tacit_options_set_path(o, "somewhere") == TACIT_OK);
  CHECK(std::string(tacit_last_error()).empty());
  tacit_options_free(o);
}

TEST_CASE("outputs are written only on success") {
  TempDir tmp;
  tacit_t* sentinel = reinterpret_cast<tacit_t*>(0x1);
  tacit_t* out = sentinel;
  CHECK(OpenProfile("/nonexistent-parent/p", TestKey(1), &out) == TACIT_ERR_IO);
  CHECK(out == sentinel);
}

// bench_rss_probe DIR NOW_MS PLAN_FILE: opens the profile in DIR (the benchmarks' test key and brand key, the
// clock fixed at NOW_MS, the signed measurement plan in PLAN_FILE), ranks, prepares reports and exports, then
// prints its peak RSS in KiB. Run by BM_LargeProfilePeakRss, so that the figure is a fresh process's and not
// the benchmark's.
#include <sys/resource.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "support/temp_dir.h"
#include "support/test_catalog.h"
#include "tacit/tacit.h"

namespace {
int64_t g_now = 0;
int64_t ProbeClock(void*) { return g_now; }
}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  g_now = std::strtoll(argv[2], nullptr, 10);
  std::ifstream plan_file(argv[3], std::ios::binary);
  const std::vector<uint8_t> plan((std::istreambuf_iterator<char>(plan_file)), std::istreambuf_iterator<char>());
  if (plan.empty()) return 2;
  auto key = tacit_test::TestKey(9);
  auto signer = tacit_test::TestSigner::FromSeed(1);
  tacit_options_t* o = tacit_options_new();
  tacit_t* h = nullptr;
  bool ok = tacit_options_set_path(o, argv[1]) == TACIT_OK && tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK &&
            tacit_options_add_brand_key(o, signer.public_key.data(), 32) == TACIT_OK &&
            tacit_options_set_clock(o, ProbeClock, nullptr) == TACIT_OK &&
            tacit_options_set_measurement_plan(o, plan.data(), plan.size()) == TACIT_OK && tacit_open(o, &h) == TACIT_OK;
  tacit_options_free(o);
  tacit_rank_request_t r;
  tacit_rank_request_init(&r);
  tacit_ranking_t* ranking = nullptr;
  char* json = nullptr;
  ok = ok && tacit_rank(h, &r, &ranking) == TACIT_OK && tacit_reports_prepare(h, nullptr) == TACIT_OK &&
       tacit_export_json(h, &json, nullptr) == TACIT_OK;
  if (!ok) std::fprintf(stderr, "bench_rss_probe: %s\n", tacit_last_error());
  tacit_free(json);
  tacit_ranking_free(ranking);
  tacit_close(h);
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  std::printf("%ld\n", u.ru_maxrss);
  return ok ? 0 : 1;
}

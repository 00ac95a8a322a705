// tacit-collector: the brand's side of privacy reports. Opens sealed reports, refuses malformed ones,
// duplicates (across runs with --state) and any that does not match the signed measurement plan, each with a
// reason, and writes debiased estimates with 95% intervals by period date (JSON, CSV, SVG).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "collector/aggregate.h"
#include "tacit/tacit.h"

namespace {

void Usage() {
  std::fprintf(stderr,
               "usage: tacit-collector --sk report.sk --pk report.pk --plan plan.signed --brand-pk sign.pk\n"
               "                       --in DIR --out OUTDIR [--labels labels.json] [--state FILE] [--now MS]\n"
               "       tacit-collector --keygen --sk report.sk --pk report.pk\n"
               "Keys: 32 raw bytes or 64 hex characters. labels.json: {\"metric id\": [\"label 0\", ...]}; a metric\n"
               "it does not name is labelled with the plan's buckets and \"none\" (any_conversion: no, yes).\n"
               "Every report must match a metric of the signed plan (id, epsilon, d, mechanism, period, size).\n"
               "--state keeps the ids of accepted reports across runs (duplicates are refused).\n"
               "       [--min-n N]   groups below N reports are marked in report.html (100)\n"
               "Writes OUTDIR/estimates.json, estimates.csv, estimates.svg and the dashboard report.html.\n");
}

}  // namespace

int main(int argc, char** argv) {
  tacit::collector::RunOptions opts;
  bool keygen = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--sk") ok = next(&opts.sk_path);
    else if (a == "--pk") ok = next(&opts.pk_path);
    else if (a == "--in") ok = next(&opts.in_dir);
    else if (a == "--out") ok = next(&opts.out_dir);
    else if (a == "--labels") ok = next(&opts.labels_path);
    else if (a == "--plan") ok = next(&opts.plan_path);
    else if (a == "--brand-pk") ok = next(&opts.brand_pk_path);
    else if (a == "--state") ok = next(&opts.state_path);
    else if (a == "--now") {
      std::string v;
      ok = next(&v);
      opts.now_ms = ok ? std::strtoll(v.c_str(), nullptr, 10) : 0;
      ok = ok && opts.now_ms > 0;
    }
    else if (a == "--min-n") {
      std::string v;
      char* end = nullptr;
      ok = next(&v);
      const long long x = ok ? std::strtoll(v.c_str(), &end, 10) : 0;
      ok = ok && !v.empty() && *end == '\0' && x >= 0;
      opts.min_n = uint64_t(x);
    }
    else if (a == "--keygen") keygen = true;
    else if (a == "--version") {
      std::printf("tacit-collector %s\n", TACIT_VERSION_STRING);
      return 0;
    }
    else if (a == "--help" || a == "-h") {
      Usage();
      return 0;
    } else ok = false;
    if (!ok) {
      Usage();
      return 2;
    }
  }
  if (opts.sk_path.empty() || opts.pk_path.empty() ||
      (!keygen && (opts.in_dir.empty() || opts.out_dir.empty() || opts.plan_path.empty() || opts.brand_pk_path.empty()))) {
    Usage();
    return 2;
  }
  if (keygen) {
    tacit::Status s = tacit::collector::WriteKeyPair(opts.sk_path, opts.pk_path);
    if (!s.ok()) {
      std::fprintf(stderr, "tacit-collector: %s\n", s.message().c_str());
      return 1;
    }
    return 0;
  }
  std::string summary;
  tacit::Status s = tacit::collector::Run(opts, &summary);
  if (!s.ok()) {
    std::fprintf(stderr, "tacit-collector: %s\n", s.message().c_str());
    return 1;
  }
  std::printf("%s\n", summary.c_str());
  return 0;
}

// tacit-collector: the brand's side of privacy reports. Opens sealed reports, refuses malformed ones,
// duplicates (across runs with --state) and any that does not match the signed measurement plan, each with a
// reason, and writes debiased estimates with 95% intervals by period date (JSON, CSV, SVG, HTML).
//
//   tacit-collector --sk report.sk --pk report.pk --plan plan.signed --brand-pk sign.pk --in DIR --out OUTDIR
//                   [--labels labels.json] [--state FILE] [--now TIME] [--min-n N]
//   tacit-collector --keygen --sk report.sk --pk report.pk
//
// Exit status: 0 on success, 1 on an error, 2 on a usage error.
#include <cstdio>
#include <string>

#include "collector/aggregate.h"
#include "common/cli.h"
#include "tacit/tacit.h"

int main(int argc, char** argv) {
  CLI::App app{"tacit-collector: open the brand's sealed reports, check them against the signed measurement plan, "
               "and estimate",
               "tacit-collector"};
  app.set_version_flag("--version", std::string("tacit-collector ") + TACIT_VERSION_STRING, "print the version and exit");
  app.footer(
      "A run needs --sk, --pk, --plan, --brand-pk, --in and --out; --keygen needs only --sk and --pk.\n"
      "Key files are raw bytes, as tacit-brand keygen writes them (64 hex digits are accepted on input).\n"
      "Every report must match a metric of the signed plan (id, epsilon, d, mechanism, period, size).\n"
      "labels.json: {\"metric id\": [\"label 0\", ...]}; a metric it does not name is labelled with the plan's\n"
      "buckets and \"none\" (any_conversion: no, yes).\n"
      "Writes OUTDIR/estimates.json, estimates.csv, estimates.svg and the dashboard report.html.\n"
      "Exit status: 0 success, 1 an error, 2 a usage error.");

  tacit::collector::RunOptions opts;
  bool keygen = false;
  int64_t now_ms = -1;
  auto path = [&](const char* name, std::string& v, const char* what, const char* type = "FILE") {
    return app.add_option(name, v, what)->type_name(type);
  };
  app.add_flag("--keygen", keygen, "write a fresh X25519 report key pair to --sk and --pk, and exit");
  path("--sk", opts.sk_path, "the brand's X25519 report secret key (report.sk)")->required();
  path("--pk", opts.pk_path, "its public key (report.pk); must match --sk and the plan's report key")->required();
  auto* plan = path("--plan", opts.plan_path, "the signed measurement plan the reports answer");
  auto* brand_pk = path("--brand-pk", opts.brand_pk_path, "the brand's Ed25519 key that signed the plan (sign.pk)");
  auto* in = path("--in", opts.in_dir, "directory of sealed reports, one per file", "DIR");
  auto* out = path("--out", opts.out_dir, "directory for the outputs (created)", "DIR");
  auto* labels = path("--labels", opts.labels_path, "bucket labels per metric (JSON)");
  auto* state = path("--state", opts.state_path, "ids of reports accepted in earlier runs, kept across runs (duplicates are refused)");
  auto* now = tacit::tools::AddTimeOption(&app, "--now", now_ms,
                                          "count a report only when its period is over by this time; default the system clock");
  auto* min_n = app.add_option("--min-n", opts.min_n, "groups with fewer reports are marked in report.html")
                    ->type_name("N")
                    ->capture_default_str()
                    ->check(tacit::tools::WholeNumber());

  const int parsed = tacit::tools::Parse(app, argc, argv);
  if (parsed >= 0) return parsed;
  if (keygen) {
    for (CLI::Option* o : {plan, brand_pk, in, out, labels, state, now, min_n})
      if (o->count()) return tacit::tools::UsageError(app, "--keygen takes only --sk and --pk, not " + o->get_name());
    tacit::Status s = tacit::collector::WriteKeyPair(opts.sk_path, opts.pk_path);
    if (!s.ok()) {
      std::fprintf(stderr, "tacit-collector: %s\n", s.message().c_str());
      return 1;
    }
    std::printf("wrote %s (secret, mode 0600) and %s: an X25519 report key pair, 32 raw bytes each\n",
                opts.sk_path.c_str(), opts.pk_path.c_str());
    return 0;
  }
  for (CLI::Option* o : {plan, brand_pk, in, out})
    if (o->count() == 0) return tacit::tools::UsageError(app, o->get_name() + " is required (unless --keygen)");
  if (now->count() && now_ms <= 0) return tacit::tools::UsageError(app, "--now must be after 1970-01-01T00:00:00Z");
  opts.now_ms = now->count() ? now_ms : 0;
  std::string summary;
  tacit::Status s = tacit::collector::Run(opts, &summary);
  if (!s.ok()) {
    std::fprintf(stderr, "tacit-collector: %s\n", s.message().c_str());
    return 1;
  }
  std::printf("%s\n", summary.c_str());
  return 0;
}

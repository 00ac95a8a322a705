// tacit-brand: make keys, build a catalog or a measurement plan from JSON, sign it, and verify it as the
// SDK will. `tacit-brand --help` and `tacit-brand COMMAND --help` list the flags.
//
//   tacit-brand keygen --out DIR
//   tacit-brand build  [--schema catalog.fbs] --in catalog.json --out catalog.bin
//   tacit-brand sign   --key sign.sk --in catalog.bin --out catalog.signed [--now TIME] [--force yes]
//   tacit-brand verify --pk sign.pk --in catalog.signed [--brand ID] [--active-version N] [--now TIME]
//   tacit-brand plan-build  [--report-pk report.pk] --in plan.json --out plan.bin
//   tacit-brand plan-sign   --key sign.sk --in plan.bin --out plan.signed
//   tacit-brand plan-verify --pk sign.pk --in plan.signed [--brand ID] [--now TIME]
//
// TIME is ISO 8601 (2026-12-02T05:53:00Z) or Unix ms. Key files are raw bytes (hex accepted on input); see
// docs/catalog-format.md, "Key files".
//
// Exit status: 0 on success, 1 on a failed check or I/O error, 2 on a usage error.
#include <sodium.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalog/loader.h"
#include "catalog_build.h"
#include "common/cli.h"
#include "common/tool_io.h"
#include "core/clock.h"
#include "flatbuffers/idl.h"
#include "plan/loader.h"
#include "tacit/tacit.h"

namespace tacit_brand {
extern const char kPlanSchema[];
}

namespace {

using tacit::tools::Iso8601;

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Every flag of every command; each command reads its own.
struct Args {
  std::string out, in, schema, key, pk, brand, report_pk, force = "no";
  int64_t now_ms = -1;  // -1: the system clock
  uint64_t active_version = 0;
  bool has_active_version = false;  // --active-version given
};

int64_t NowMs(const Args& a) { return a.now_ms >= 0 ? a.now_ms : tacit::SystemNowMs(); }

std::vector<uint8_t> ReadAll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Failure("cannot read " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad()) throw Failure("cannot read " + path);
  return bytes;
}

std::vector<uint8_t> ReadKey(const std::string& path, size_t n) {
  auto key = tacit::tools::ReadKeyFile(path, n);
  if (!key.ok()) throw Failure(key.status().message());
  return std::move(key.value());
}

void Check(const tacit::Status& s) {
  if (!s.ok()) throw Failure(s.message());
}

void WriteAll(const std::string& path, const std::vector<uint8_t>& bytes) {
  Check(tacit::tools::WriteFileAtomic(path, bytes.data(), bytes.size(), 0644, false));
}

std::string StatusText(const tacit::Status& s) {
  return std::string(tacit_status_name(s.code())) + ": " + s.message();
}

void Keygen(const Args& a) {
  const std::string& dir = a.out;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) throw Failure("cannot create " + dir + ": " + std::strerror(errno));
  uint8_t sign_pk[crypto_sign_PUBLICKEYBYTES], sign_sk[crypto_sign_SECRETKEYBYTES];
  uint8_t box_pk[crypto_box_PUBLICKEYBYTES], box_sk[crypto_box_SECRETKEYBYTES];
  crypto_sign_keypair(sign_pk, sign_sk);
  crypto_box_keypair(box_pk, box_sk);
  tacit::Status s = tacit::tools::WriteKeyFile(dir + "/sign.sk", sign_sk, sizeof sign_sk, true);
  if (s.ok()) s = tacit::tools::WriteKeyFile(dir + "/report.sk", box_sk, sizeof box_sk, true);
  sodium_memzero(sign_sk, sizeof sign_sk);
  sodium_memzero(box_sk, sizeof box_sk);
  Check(s);
  Check(tacit::tools::WriteKeyFile(dir + "/sign.pk", sign_pk, sizeof sign_pk, false));
  Check(tacit::tools::WriteKeyFile(dir + "/report.pk", box_pk, sizeof box_pk, false));

  tacit::CatalogPublicKey pk;
  std::memcpy(pk.data(), sign_pk, pk.size());
  auto id = tacit::CatalogKeyId(pk);
  char hex[2 * 8 + 1];
  sodium_bin2hex(hex, sizeof hex, id.data(), id.size());
  std::cout << "wrote " << dir << "/{sign.pk,sign.sk,report.pk,report.sk}; signing key id " << hex << "\n"
            << "ship sign.pk with the app (tacit_options_add_brand_key); keep the .sk files secret.\n"
            << "for the measurement plan JSON (or pass --report-pk to plan-build):\n  report_public_key: [";
  for (size_t i = 0; i < sizeof box_pk; ++i) std::cout << (i ? ", " : "") << int(box_pk[i]);
  std::cout << "],\n";
}

void Build(const Args& a) {
  std::string schema;
  if (!a.schema.empty()) {
    std::vector<uint8_t> sch = ReadAll(a.schema);
    schema.assign(sch.begin(), sch.end());
  }
  std::vector<uint8_t> json_bytes = ReadAll(a.in);
  std::string json(json_bytes.begin(), json_bytes.end());
  auto built = tacit_brand::BuildCatalogPayload(json, a.in, schema);
  if (!built.ok()) throw Failure(StatusText(built.status()));
  const std::vector<uint8_t>& payload = built.value();
  auto checked = tacit::DecodeCatalogPayload(payload.data(), payload.size());
  if (!checked.ok()) throw Failure(StatusText(checked.status()));
  WriteAll(a.out, payload);
  const tacit::Catalog& c = *checked.value();
  std::cout << "built " << a.out << ": " << payload.size() << " bytes, brand " << c.brand_id << " v" << c.version
            << ", " << c.topics.size() << " topics, " << c.items.size() << " items, valid "
            << Iso8601(c.issued_at_ms) << " .. " << Iso8601(c.expires_at_ms) << "\n";
}

// Parses `json` against `schema`; returns the FlatBuffer bytes.
std::vector<uint8_t> ParseJson(const std::string& schema, const char* schema_name, const std::string& json,
                               const std::string& json_name) {
  flatbuffers::IDLOptions opts;
  opts.skip_unexpected_fields_in_json = false;  // a typo in a field name is an error, not a silent default
  flatbuffers::Parser parser(opts);
  if (!parser.Parse(schema.c_str(), nullptr, schema_name)) throw Failure("schema: " + parser.error_);
  if (!parser.Parse(json.c_str(), nullptr, json_name.c_str())) throw Failure(parser.error_);
  return std::vector<uint8_t>(parser.builder_.GetBufferPointer(),
                              parser.builder_.GetBufferPointer() + parser.builder_.GetSize());
}

void PlanBuild(const Args& a) {
  std::vector<uint8_t> json_bytes = ReadAll(a.in);
  std::string json(json_bytes.begin(), json_bytes.end());
  if (!a.report_pk.empty()) {
    // The placeholder "@REPORT_PUBLIC_KEY@" (quoted) becomes the key's 32 bytes.
    const std::vector<uint8_t> pk = ReadKey(a.report_pk, crypto_box_PUBLICKEYBYTES);
    std::string list = "[";
    for (size_t i = 0; i < pk.size(); ++i) list += (i ? ", " : "") + std::to_string(int(pk[i]));
    list += "]";
    const std::string placeholder = "\"@REPORT_PUBLIC_KEY@\"";
    const size_t at = json.find(placeholder);
    if (at == std::string::npos) throw Failure("--report-pk given but the plan has no \"@REPORT_PUBLIC_KEY@\"");
    json.replace(at, placeholder.size(), list);
  }
  const std::vector<uint8_t> bytes = ParseJson(tacit_brand::kPlanSchema, "plan.fbs", json, a.in);
  auto checked = tacit::DecodePlanPayload(bytes.data(), bytes.size());
  if (!checked.ok()) throw Failure(StatusText(checked.status()));
  WriteAll(a.out, bytes);
  const tacit::Plan& p = *checked.value();
  std::cout << "built " << a.out << ": " << bytes.size() << " bytes, brand " << p.brand_id << " v" << p.version
            << ", " << p.metrics.size() << " metrics, every report " << p.report_bytes << " bytes, valid "
            << Iso8601(p.issued_at_ms) << " .. " << Iso8601(p.expires_at_ms) << "\n";
}

void PlanSign(const Args& a) {
  std::vector<uint8_t> sk = ReadKey(a.key, crypto_sign_SECRETKEYBYTES);
  std::vector<uint8_t> payload = ReadAll(a.in);
  auto checked = tacit::DecodePlanPayload(payload.data(), payload.size());
  if (!checked.ok()) {
    sodium_memzero(sk.data(), sk.size());
    throw Failure("refusing to sign: " + StatusText(checked.status()));
  }
  auto signed_bytes = tacit::SignPlan(payload.data(), payload.size(), sk.data(), sk.size());
  sodium_memzero(sk.data(), sk.size());
  if (!signed_bytes.ok()) throw Failure(StatusText(signed_bytes.status()));
  WriteAll(a.out, signed_bytes.value());
  std::cout << "signed " << a.out << ": " << signed_bytes.value().size() << " bytes\n";
}

tacit::CatalogPublicKey ReadSignPk(const std::string& path) {
  const std::vector<uint8_t> bytes = ReadKey(path, crypto_sign_PUBLICKEYBYTES);
  tacit::CatalogPublicKey pk;
  std::memcpy(pk.data(), bytes.data(), pk.size());
  return pk;
}

// "2026-06-01T00:00:00Z .. 2026-07-01T00:00:00Z (Unix ms 1780272000000 .. 1782864000000)"
std::string Window(int64_t from_ms, int64_t to_ms) {
  return Iso8601(from_ms) + " .. " + Iso8601(to_ms) + " (Unix ms " + std::to_string(from_ms) + " .. " +
         std::to_string(to_ms) + ")";
}

int PlanVerify(const Args& a) {
  const tacit::CatalogPublicKey pk = ReadSignPk(a.pk);
  std::vector<uint8_t> bytes = ReadAll(a.in);
  auto r = tacit::LoadSignedPlan(bytes.data(), bytes.size(), {pk}, a.brand);
  if (!r.ok()) {
    std::cerr << "tacit-brand: plan-verify failed: " << StatusText(r.status()) << "\n";
    return 1;
  }
  const tacit::Plan& p = *r.value();
  const int64_t now = NowMs(a);
  tacit::Status valid = tacit::CheckPlanValidity(p, now);
  std::cout << "OK: plan of brand " << p.brand_id << " v" << p.version << ", sha256 " << p.hash_hex << "\n"
            << "  valid " << Window(p.issued_at_ms, p.expires_at_ms)
            << (valid.ok() ? "" : " -- " + valid.message() + " (now " + Iso8601(now) + ")") << "\n"
            << "  epsilon at most " << p.epsilon_per_24h << " per 24 h and " << p.epsilon_per_365d
            << " per 365 days; every report " << p.report_bytes << " bytes\n";
  for (const auto& m : p.metrics)
    std::cout << "  metric " << m.id << ": epsilon " << m.epsilon << " every " << m.period_days << " day(s), "
              << m.buckets.size() << " bucket(s)\n";
  return valid.ok() ? 0 : 1;
}

void Sign(const Args& a) {
  std::vector<uint8_t> sk = ReadKey(a.key, crypto_sign_SECRETKEYBYTES);
  std::vector<uint8_t> payload = ReadAll(a.in);
  auto checked = tacit::DecodeCatalogPayload(payload.data(), payload.size());
  if (!checked.ok()) {
    sodium_memzero(sk.data(), sk.size());
    throw Failure("refusing to sign: " + StatusText(checked.status()));
  }
  // A catalog no device would accept now is refused unless --force (e.g. to make test fixtures).
  const tacit::Catalog& c = *checked.value();
  const int64_t now = NowMs(a);
  const bool force = a.force == "yes";
  if (!force && now >= c.expires_at_ms) {
    sodium_memzero(sk.data(), sk.size());
    throw Failure("refusing to sign: the catalog expired at " + Iso8601(c.expires_at_ms) + " (now " + Iso8601(now) +
                  "; --force yes signs it anyway)");
  }
  if (!force && c.issued_at_ms > now + tacit::kCatalogClockSkewMs) {
    sodium_memzero(sk.data(), sk.size());
    throw Failure("refusing to sign: the catalog is not valid before " + Iso8601(c.issued_at_ms) + " (now " +
                  Iso8601(now) + "; --force yes signs it anyway)");
  }
  auto signed_bytes = tacit::SignCatalog(payload.data(), payload.size(), sk.data(), sk.size());
  sodium_memzero(sk.data(), sk.size());
  if (!signed_bytes.ok()) throw Failure(StatusText(signed_bytes.status()));
  WriteAll(a.out, signed_bytes.value());
  std::cout << "signed " << a.out << ": " << signed_bytes.value().size() << " bytes, valid "
            << Iso8601(c.issued_at_ms) << " .. " << Iso8601(c.expires_at_ms) << "\n";
}

int Verify(const Args& a) {
  const tacit::CatalogPublicKey pk = ReadSignPk(a.pk);
  std::vector<uint8_t> bytes = ReadAll(a.in);

  tacit::LoadPolicy policy;
  policy.now_ms = NowMs(a);
  policy.expected_brand = a.brand;
  if (a.has_active_version) policy.active_version = a.active_version;
  auto r = tacit::LoadSignedCatalog(bytes.data(), bytes.size(), {pk}, policy);
  if (!r.ok()) {
    const bool window = r.status().code() == TACIT_ERR_CATALOG_EXPIRED || r.status().code() == TACIT_ERR_CATALOG_NOT_YET_VALID;
    std::string when;  // the window as dates: the SDK's message gives Unix ms
    if (window && bytes.size() > tacit::kCatalogHeaderBytes) {
      auto c = tacit::DecodeCatalogPayload(bytes.data() + tacit::kCatalogHeaderBytes, bytes.size() - tacit::kCatalogHeaderBytes);
      if (c.ok())
        when = " (valid " + Iso8601(c.value()->issued_at_ms) + " .. " + Iso8601(c.value()->expires_at_ms) + ", now " +
               Iso8601(policy.now_ms) + ")";
    }
    std::cerr << "tacit-brand: verify failed: " << StatusText(r.status()) << when << "\n";
    return 1;
  }
  const tacit::Catalog& c = *r.value();
  size_t sensitive = 0, embedded = 0;
  for (const auto& t : c.topics) sensitive += t.sensitive();
  for (const auto& i : c.items) embedded += i.has_embedding;
  std::cout << "OK: brand " << c.brand_id << " v" << c.version << ", valid " << Window(c.issued_at_ms, c.expires_at_ms)
            << "\n"
            << "  " << c.topics.size() << " topics (" << sensitive << " sensitive), " << c.items.size()
            << " items (" << embedded << " with embeddings, dim " << c.embedding_dim << ")\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tacit-brand: the brand's keys, signed catalogs and signed measurement plans", "tacit-brand"};
  app.set_version_flag("--version", std::string("tacit-brand ") + TACIT_VERSION_STRING, "print the version and exit");
  app.require_subcommand(0, 1);  // none is a usage error, reported below
  app.footer("Key files are raw bytes (hex is accepted on input); TIME is ISO 8601 (2026-12-02T05:53:00Z) or Unix ms.\n"
             "Exit status: 0 success, 1 a failed check or I/O error, 2 a usage error.");
  Args a;
  // A path option: FILE or DIR in the help.
  auto path = [](CLI::App* cmd, const char* name, std::string& v, const char* what, const char* type = "FILE") {
    return cmd->add_option(name, v, what)->type_name(type);
  };

  auto* keygen = app.add_subcommand(
      "keygen", "write DIR/sign.pk, sign.sk (Ed25519) and report.pk, report.sk (X25519); secret files mode 0600");
  path(keygen, "--out", a.out, "directory for the key files (created if missing; a secret key is never overwritten)",
       "DIR")->required();

  auto* build = app.add_subcommand("build", "catalog JSON -> FlatBuffer payload, then the SDK's payload checks");
  path(build, "--schema", a.schema, "catalog schema (.fbs) to use instead of the embedded one");
  path(build, "--in", a.in, "catalog JSON")->required();
  path(build, "--out", a.out, "catalog payload to write")->required();

  auto* sign = app.add_subcommand(
      "sign", "check a catalog payload and its validity window, then wrap it in the signed envelope");
  path(sign, "--key", a.key, "the brand's Ed25519 secret key (sign.sk)")->required();
  path(sign, "--in", a.in, "catalog payload (from build)")->required();
  path(sign, "--out", a.out, "signed catalog to write")->required();
  tacit::tools::AddTimeOption(sign, "--now", a.now_ms, "sign as of this time; default the system clock");
  sign->add_option("--force", a.force, "yes: sign even an expired or not-yet-valid catalog (test fixtures)")
      ->check(CLI::IsMember({"yes", "no"}));

  auto* verify = app.add_subcommand("verify", "load a signed catalog exactly as the SDK does and summarise it");
  path(verify, "--pk", a.pk, "the brand's Ed25519 public key (sign.pk)")->required();
  path(verify, "--in", a.in, "signed catalog")->required();
  verify->add_option("--brand", a.brand, "require this brand id")->type_name("ID");
  auto* active_version =
      verify->add_option("--active-version", a.active_version, "the catalog version a device holds (rollback check)")
          ->check(tacit::tools::WholeNumber());
  tacit::tools::AddTimeOption(verify, "--now", a.now_ms, "the device's clock; default the system clock");

  auto* plan_build = app.add_subcommand("plan-build", "measurement plan JSON -> FlatBuffer payload, then the SDK's checks");
  path(plan_build, "--report-pk", a.report_pk,
       "fill the plan's \"@REPORT_PUBLIC_KEY@\" placeholder from this key file (report.pk)");
  path(plan_build, "--in", a.in, "measurement plan JSON")->required();
  path(plan_build, "--out", a.out, "plan payload to write")->required();

  auto* plan_sign = app.add_subcommand("plan-sign", "check a plan payload, then wrap it in the signed plan envelope");
  path(plan_sign, "--key", a.key, "the brand's Ed25519 secret key (sign.sk)")->required();
  path(plan_sign, "--in", a.in, "plan payload (from plan-build)")->required();
  path(plan_sign, "--out", a.out, "signed plan to write (bundle it with the app)")->required();

  auto* plan_verify = app.add_subcommand(
      "plan-verify", "load a signed plan exactly as the SDK does; print its SHA-256, the hash users see in their export");
  path(plan_verify, "--pk", a.pk, "the brand's Ed25519 public key (sign.pk)")->required();
  path(plan_verify, "--in", a.in, "signed plan")->required();
  plan_verify->add_option("--brand", a.brand, "require this brand id")->type_name("ID");
  tacit::tools::AddTimeOption(plan_verify, "--now", a.now_ms, "the device's clock; default the system clock");

  const int parsed = tacit::tools::Parse(app, argc, argv);
  if (parsed >= 0) return parsed;
  if (app.get_subcommands().empty())
    return tacit::tools::UsageError(
        app, "a command is required: keygen, build, sign, verify, plan-build, plan-sign or plan-verify");
  if (sodium_init() < 0) {
    std::cerr << "tacit-brand: libsodium failed to initialise\n";
    return 1;
  }
  a.has_active_version = active_version->count() > 0;
  const std::string cmd = app.get_subcommands().front()->get_name();
  try {
    if (*keygen) Keygen(a);
    else if (*build) Build(a);
    else if (*sign) Sign(a);
    else if (*verify) return Verify(a);
    else if (*plan_build) PlanBuild(a);
    else if (*plan_sign) PlanSign(a);
    else if (*plan_verify) return PlanVerify(a);
  } catch (const std::exception& e) {
    std::cerr << "tacit-brand " << cmd << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

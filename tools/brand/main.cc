// tacit-brand: make keys, build a catalog or a measurement plan from JSON, sign it, and verify it as the
// SDK will.
//
//   tacit-brand keygen --out DIR
//   tacit-brand build  [--schema catalog.fbs] --in catalog.json --out catalog.bin
//   tacit-brand sign   --key sign.sk --in catalog.bin --out catalog.signed
//   tacit-brand verify --pk sign.pk --in catalog.signed [--brand ID] [--active-version N] [--now MS]
//   tacit-brand plan-build  [--report-pk report.pk] --in plan.json --out plan.bin
//   tacit-brand plan-sign   --key sign.sk --in plan.bin --out plan.signed
//   tacit-brand plan-verify --pk sign.pk --in plan.signed [--brand ID] [--now MS]
//
// Exit status: 0 on success, 1 on a failed check or I/O error, 2 on a usage error.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalog/loader.h"
#include "catalog_build.h"
#include "core/clock.h"
#include "plan/loader.h"
#include "flatbuffers/idl.h"
#include "tacit/tacit.h"
#include <ctime>

namespace tacit_brand {
extern const char kPlanSchema[];
}

namespace {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const char kUsage[] =
    "usage:\n"
    "  tacit-brand keygen --out DIR\n"
    "      writes DIR/sign.pk, sign.sk (Ed25519) and report.pk, report.sk (X25519); secret files mode 0600\n"
    "  tacit-brand build [--schema catalog.fbs] --in catalog.json --out catalog.bin\n"
    "      JSON -> FlatBuffer (schema embedded unless --schema), then the SDK's payload checks\n"
    "  tacit-brand sign --key sign.sk --in catalog.bin --out catalog.signed [--now MS] [--force yes]\n"
    "      checks the payload and its validity window (refuses an expired or not-yet-valid catalog unless\n"
    "      --force yes), then wraps it in the signed envelope\n"
    "  tacit-brand verify --pk sign.pk --in catalog.signed [--brand ID] [--active-version N] [--now MS]\n"
    "      loads it exactly as the SDK does (now defaults to the system clock)\n"
    "  tacit-brand plan-build [--report-pk report.pk] --in plan.json --out plan.bin\n"
    "      measurement plan JSON -> FlatBuffer, then the SDK's payload checks; --report-pk fills\n"
    "      report_public_key from the key file written by keygen\n"
    "  tacit-brand plan-sign --key sign.sk --in plan.bin --out plan.signed\n"
    "      checks the payload, then wraps it in the signed plan envelope (bundle it with the app)\n"
    "  tacit-brand plan-verify --pk sign.pk --in plan.signed [--brand ID] [--now MS]\n"
    "      loads it exactly as the SDK does and prints its SHA-256, the hash users see in their export\n";

// --name value pairs after the command.
std::map<std::string, std::string> ParseFlags(int argc, char** argv, const std::vector<std::string>& allowed) {
  std::map<std::string, std::string> flags;
  for (int i = 2; i < argc; i += 2) {
    std::string name = argv[i];
    if (name.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + name + "'");
    name = name.substr(2);
    bool known = false;
    for (const auto& a : allowed) known |= a == name;
    if (!known) throw UsageError("unknown option --" + name);
    if (i + 1 >= argc) throw UsageError("--" + name + " needs a value");
    flags[name] = argv[i + 1];
  }
  return flags;
}

const std::string& Need(const std::map<std::string, std::string>& flags, const std::string& name) {
  auto it = flags.find(name);
  if (it == flags.end()) throw UsageError("missing --" + name);
  return it->second;
}

std::vector<uint8_t> ReadAll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Failure("cannot read " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad()) throw Failure("cannot read " + path);
  return bytes;
}

// Writes to path.tmp then renames, so a failed run never leaves a half-written output. `mode` applies to
// new files; secret files refuse to overwrite an existing file.
void WriteAll(const std::string& path, const uint8_t* p, size_t n, mode_t mode, bool exclusive) {
  if (exclusive && ::access(path.c_str(), F_OK) == 0)
    throw Failure(path + " exists; refusing to overwrite a key (move it away first)");
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw Failure("cannot create " + tmp + ": " + std::strerror(errno));
  ::fchmod(fd, mode);
  size_t off = 0;
  while (off < n) {
    ssize_t w = ::write(fd, p + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw Failure("cannot write " + tmp + ": " + std::strerror(e));
    }
    off += size_t(w);
  }
  bool ok = ::fsync(fd) == 0;
  int e = errno;
  if (::close(fd) != 0 && ok) ok = false, e = errno;
  if (!ok) {
    ::unlink(tmp.c_str());
    throw Failure("cannot write " + tmp + ": " + std::strerror(e));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    throw Failure("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
}

void WriteAll(const std::string& path, const std::vector<uint8_t>& bytes, mode_t mode = 0644) {
  WriteAll(path, bytes.data(), bytes.size(), mode, false);
}

std::string StatusText(const tacit::Status& s) {
  return std::string(tacit_status_name(s.code())) + ": " + s.message();
}

int64_t ParseInt(const std::string& name, const std::string& v) {
  size_t used = 0;
  long long x = 0;
  try {
    x = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != v.size()) throw UsageError("--" + name + " needs an integer, got '" + v + "'");
  return x;
}

void Keygen(const std::map<std::string, std::string>& flags) {
  std::string dir = Need(flags, "out");
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) throw Failure("cannot create " + dir + ": " + std::strerror(errno));
  uint8_t sign_pk[crypto_sign_PUBLICKEYBYTES], sign_sk[crypto_sign_SECRETKEYBYTES];
  uint8_t box_pk[crypto_box_PUBLICKEYBYTES], box_sk[crypto_box_SECRETKEYBYTES];
  crypto_sign_keypair(sign_pk, sign_sk);
  crypto_box_keypair(box_pk, box_sk);
  try {
    WriteAll(dir + "/sign.sk", sign_sk, sizeof sign_sk, 0600, true);
    WriteAll(dir + "/report.sk", box_sk, sizeof box_sk, 0600, true);
  } catch (...) {
    sodium_memzero(sign_sk, sizeof sign_sk);
    sodium_memzero(box_sk, sizeof box_sk);
    throw;
  }
  sodium_memzero(sign_sk, sizeof sign_sk);
  sodium_memzero(box_sk, sizeof box_sk);
  WriteAll(dir + "/sign.pk", sign_pk, sizeof sign_pk, 0644, false);
  WriteAll(dir + "/report.pk", box_pk, sizeof box_pk, 0644, false);

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

void Build(const std::map<std::string, std::string>& flags) {
  std::string schema;
  if (flags.count("schema")) {
    std::vector<uint8_t> s = ReadAll(flags.at("schema"));
    schema.assign(s.begin(), s.end());
  }
  std::vector<uint8_t> json_bytes = ReadAll(Need(flags, "in"));
  std::string json(json_bytes.begin(), json_bytes.end());
  auto built = tacit_brand::BuildCatalogPayload(json, Need(flags, "in"), schema);
  if (!built.ok()) throw Failure(StatusText(built.status()));
  const std::vector<uint8_t>& payload = built.value();
  auto checked = tacit::DecodeCatalogPayload(payload.data(), payload.size());
  if (!checked.ok()) throw Failure(StatusText(checked.status()));
  WriteAll(Need(flags, "out"), payload);
  const tacit::Catalog& c = *checked.value();
  std::cout << "built " << Need(flags, "out") << ": " << payload.size() << " bytes, brand " << c.brand_id << " v" << c.version
            << ", " << c.topics.size() << " topics, " << c.items.size() << " items\n";
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

void PlanBuild(const std::map<std::string, std::string>& flags) {
  std::vector<uint8_t> json_bytes = ReadAll(Need(flags, "in"));
  std::string json(json_bytes.begin(), json_bytes.end());
  if (flags.count("report-pk")) {
    // The placeholder "@REPORT_PUBLIC_KEY@" (quoted) becomes the key's 32 bytes.
    std::vector<uint8_t> pk = ReadAll(flags.at("report-pk"));
    if (pk.size() != 32) throw Failure(flags.at("report-pk") + " is not a 32-byte X25519 public key");
    std::string list = "[";
    for (size_t i = 0; i < pk.size(); ++i) list += (i ? ", " : "") + std::to_string(int(pk[i]));
    list += "]";
    const std::string placeholder = "\"@REPORT_PUBLIC_KEY@\"";
    const size_t at = json.find(placeholder);
    if (at == std::string::npos) throw Failure("--report-pk given but the plan has no \"@REPORT_PUBLIC_KEY@\"");
    json.replace(at, placeholder.size(), list);
  }
  const std::vector<uint8_t> bytes = ParseJson(tacit_brand::kPlanSchema, "plan.fbs", json, Need(flags, "in"));
  auto checked = tacit::DecodePlanPayload(bytes.data(), bytes.size());
  if (!checked.ok()) throw Failure(StatusText(checked.status()));
  WriteAll(Need(flags, "out"), bytes);
  const tacit::Plan& p = *checked.value();
  std::cout << "built " << Need(flags, "out") << ": " << bytes.size() << " bytes, brand " << p.brand_id << " v"
            << p.version << ", " << p.metrics.size() << " metrics, every report " << p.report_bytes << " bytes\n";
}

void PlanSign(const std::map<std::string, std::string>& flags) {
  std::vector<uint8_t> sk = ReadAll(Need(flags, "key"));
  std::vector<uint8_t> payload = ReadAll(Need(flags, "in"));
  auto checked = tacit::DecodePlanPayload(payload.data(), payload.size());
  if (!checked.ok()) {
    sodium_memzero(sk.data(), sk.size());
    throw Failure("refusing to sign: " + StatusText(checked.status()));
  }
  auto signed_bytes = tacit::SignPlan(payload.data(), payload.size(), sk.data(), sk.size());
  sodium_memzero(sk.data(), sk.size());
  if (!signed_bytes.ok()) throw Failure(StatusText(signed_bytes.status()));
  WriteAll(Need(flags, "out"), signed_bytes.value());
  std::cout << "signed " << Need(flags, "out") << ": " << signed_bytes.value().size() << " bytes\n";
}

int PlanVerify(const std::map<std::string, std::string>& flags) {
  std::vector<uint8_t> pk_bytes = ReadAll(Need(flags, "pk"));
  tacit::CatalogPublicKey pk;
  if (pk_bytes.size() != pk.size())
    throw Failure(Need(flags, "pk") + " is " + std::to_string(pk_bytes.size()) + " bytes; an Ed25519 public key is 32");
  std::memcpy(pk.data(), pk_bytes.data(), pk.size());
  std::vector<uint8_t> bytes = ReadAll(Need(flags, "in"));
  auto r = tacit::LoadSignedPlan(bytes.data(), bytes.size(), {pk}, flags.count("brand") ? flags.at("brand") : "");
  if (!r.ok()) {
    std::cerr << "tacit-brand: plan-verify failed: " << StatusText(r.status()) << "\n";
    return 1;
  }
  const tacit::Plan& p = *r.value();
  const int64_t now = flags.count("now") ? ParseInt("now", flags.at("now")) : tacit::SystemNowMs();
  tacit::Status valid = tacit::CheckPlanValidity(p, now);
  std::cout << "OK: plan of brand " << p.brand_id << " v" << p.version << ", sha256 " << p.hash_hex << "\n"
            << "  valid " << p.issued_at_ms << " .. " << p.expires_at_ms << " (Unix ms)"
            << (valid.ok() ? "" : " -- " + valid.message()) << "\n"
            << "  epsilon at most " << p.epsilon_per_24h << " per 24 h and " << p.epsilon_per_365d
            << " per 365 days; every report " << p.report_bytes << " bytes\n";
  for (const auto& m : p.metrics)
    std::cout << "  metric " << m.id << ": epsilon " << m.epsilon << " every " << m.period_days << " day(s), "
              << m.buckets.size() << " bucket(s)\n";
  return valid.ok() ? 0 : 1;
}

std::string Iso8601(int64_t ms) {
  std::time_t t = std::time_t(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void Sign(const std::map<std::string, std::string>& flags) {
  std::vector<uint8_t> sk = ReadAll(Need(flags, "key"));
  std::vector<uint8_t> payload = ReadAll(Need(flags, "in"));
  auto checked = tacit::DecodeCatalogPayload(payload.data(), payload.size());
  if (!checked.ok()) {
    sodium_memzero(sk.data(), sk.size());
    throw Failure("refusing to sign: " + StatusText(checked.status()));
  }
  // A catalog no device would accept now is refused unless --force (e.g. to make test fixtures).
  const tacit::Catalog& c = *checked.value();
  const int64_t now = flags.count("now") ? ParseInt("now", flags.at("now")) : tacit::SystemNowMs();
  const bool force = flags.count("force") && flags.at("force") == "yes";
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
  WriteAll(Need(flags, "out"), signed_bytes.value());
  std::cout << "signed " << Need(flags, "out") << ": " << signed_bytes.value().size() << " bytes\n";
}

int Verify(const std::map<std::string, std::string>& flags) {
  std::vector<uint8_t> pk_bytes = ReadAll(Need(flags, "pk"));
  tacit::CatalogPublicKey pk;
  if (pk_bytes.size() != pk.size())
    throw Failure(Need(flags, "pk") + " is " + std::to_string(pk_bytes.size()) + " bytes; an Ed25519 public key is 32");
  std::memcpy(pk.data(), pk_bytes.data(), pk.size());
  std::vector<uint8_t> bytes = ReadAll(Need(flags, "in"));

  tacit::LoadPolicy policy;
  policy.now_ms = flags.count("now") ? ParseInt("now", flags.at("now")) : tacit::SystemNowMs();
  if (flags.count("brand")) policy.expected_brand = flags.at("brand");
  if (flags.count("active-version")) {
    int64_t v = ParseInt("active-version", flags.at("active-version"));
    if (v < 0) throw UsageError("--active-version must be >= 0");
    policy.active_version = uint64_t(v);
  }
  auto r = tacit::LoadSignedCatalog(bytes.data(), bytes.size(), {pk}, policy);
  if (!r.ok()) {
    std::cerr << "tacit-brand: verify failed: " << StatusText(r.status()) << "\n";
    return 1;
  }
  const tacit::Catalog& c = *r.value();
  size_t sensitive = 0, embedded = 0;
  for (const auto& t : c.topics) sensitive += t.sensitive();
  for (const auto& i : c.items) embedded += i.has_embedding;
  std::cout << "OK: brand " << c.brand_id << " v" << c.version << ", valid " << c.issued_at_ms << " .. "
            << c.expires_at_ms << " (Unix ms)\n"
            << "  " << c.topics.size() << " topics (" << sensitive << " sensitive), " << c.items.size()
            << " items (" << embedded << " with embeddings, dim " << c.embedding_dim << ")\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--version") {
    std::cout << "tacit-brand " << TACIT_VERSION_STRING << "\n";
    return 0;
  }
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cerr << kUsage;
    return argc < 2 ? 2 : 0;
  }
  if (sodium_init() < 0) {
    std::cerr << "tacit-brand: libsodium failed to initialise\n";
    return 1;
  }
  std::string cmd = argv[1];
  try {
    if (cmd == "keygen") {
      Keygen(ParseFlags(argc, argv, {"out"}));
    } else if (cmd == "build") {
      Build(ParseFlags(argc, argv, {"schema", "in", "out"}));
    } else if (cmd == "sign") {
      Sign(ParseFlags(argc, argv, {"key", "in", "out", "now", "force"}));
    } else if (cmd == "verify") {
      return Verify(ParseFlags(argc, argv, {"pk", "in", "brand", "active-version", "now"}));
    } else if (cmd == "plan-build") {
      PlanBuild(ParseFlags(argc, argv, {"report-pk", "in", "out"}));
    } else if (cmd == "plan-sign") {
      PlanSign(ParseFlags(argc, argv, {"key", "in", "out"}));
    } else if (cmd == "plan-verify") {
      return PlanVerify(ParseFlags(argc, argv, {"pk", "in", "brand", "now"}));
    } else {
      throw UsageError("unknown command '" + cmd + "'");
    }
  } catch (const UsageError& e) {
    std::cerr << "tacit-brand: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tacit-brand " << cmd << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

// tacit-host: a sample content app (a phone app or a smart speaker) built on tacit's public C API only.
// Every command opens the profile, does one thing and closes it, so scripts can drive it; `shell` keeps
// one profile open for an interactive session. See docs/host-app.md.
//
//   tacit-host [--profile DIR] [--key-file FILE] [--brand-key FILE]... [--brand-id ID] [--plan FILE] [--now MS]
//              COMMAND ...
//
// The key file stands in for the platform keystore (Android Keystore, iOS Keychain): 32 random bytes
// that unlock the encrypted profile. A real app never writes its key next to the data.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dap_command.h"
#include "json.h"
#ifdef TACIT_HOST_SERVE
#include "serve.h"
#endif
#include "tacit/tacit.h"

namespace {

using host::Json;

// ------------------------------------------------------------------------------------------------
// Errors: a tacit status with its message, or a usage error (status -1, exit 2).

struct Error {
  int status;
  std::string message;
};

constexpr int kUsage = -1;

[[noreturn]] void Usage(const std::string& message) { throw Error{kUsage, message}; }

void Check(tacit_status s) {
  if (s != TACIT_OK) throw Error{s, tacit_last_error()};
}

const char kHelp[] =
    "usage: tacit-host [global options] COMMAND [args]\n"
    "\n"
    "global options (anywhere on the line):\n"
    "  --profile DIR      the encrypted profile directory (default ./tacit-profile)\n"
    "  --key-file FILE    32 raw key bytes, the stand-in for the platform keystore (default DIR.key)\n"
    "  --brand-key FILE   a brand Ed25519 public key (32 bytes) that may sign catalogs and plans; repeatable\n"
    "  --plan FILE        the brand's signed measurement plan, as bundled with the app (no plan: no reports)\n"
    "  --brand-id ID      the brand id catalogs must carry\n"
    "  --now MS           a fixed clock in Unix ms, for reproducible demos\n"
    "\n"
    "commands:\n"
    "  init                                  create the key file (mode 0600) and the profile if missing\n"
    "  info                                  what is in the profile, in one screen\n"
    "  load-catalog FILE                     verify and activate a signed catalog\n"
    "  declare TOPIC [WEIGHT]                say you like a topic (weight in (0, 1], default 1)\n"
    "  undeclare TOPIC                       take it back\n"
    "  record TYPE ITEM [--topics a,b] [--at MS] [--value V]\n"
    "                                        TYPE: view|open|complete|like|share|dismiss|conversion|skip\n"
    "  rank [--k N] [--json] [--voice] [--seed S] [--explore X]\n"
    "                                        the feed, each item with why it is there\n"
    "  why ITEM                              why one item would be shown (or why it is hidden)\n"
    "  not-interested item ID | topic ID     never show it again\n"
    "  consent give|revoke PURPOSE --policy VERSION   PURPOSE: personalization|measurement\n"
    "  consent show                          each purpose's state, policy version and date\n"
    "  consent tcf STRING --vendor ID        apply an IAB TCF v2.2 TC string\n"
    "  report preview [--json]               exactly what would be sent, before anything is\n"
    "  report flush --out DIR                make due reports, write each as DIR/<report id>.bin, ack it\n"
    TACIT_HOST_DAP_HELP
    "  export [--json] [--out FILE]          everything tacit holds about you (summary, JSON, or a file)\n"
    "  forget inferred TOPIC                 what was inferred about a topic no longer counts\n"
    "  forget behaviour TOPIC                delete every stored event about a topic\n"
    "  pause | resume                        stop or restart personalisation from behaviour\n"
    "  erase                                 delete the profile and the key file\n"
    "  serve [--port N] [--static DIR] [--catalog FILE] [--policy VERSION] [--locale L] [--url-file FILE]\n"
    "        [--outbox DIR]                  (--outbox: where \"Send now\" writes reports)\n"
    "                                        the privacy centre in a browser, on 127.0.0.1 only\n"
    "  shell                                 interactive: the commands above, plus voice on|off, clock, help\n";

// ------------------------------------------------------------------------------------------------
// Clock: the system clock, or a fixed time (--now, or `clock` in the shell).

int64_t g_fixed_now = 0;  // 0 = the system clock

int64_t SystemNowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
int64_t NowMs() { return g_fixed_now ? g_fixed_now : SystemNowMs(); }
int64_t HostClock(void*) { return NowMs(); }

std::string FormatTime(int64_t ms, bool with_time = true) {
  if (ms <= 0) return "-";
  std::time_t t = std::time_t(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, with_time ? "%Y-%m-%d %H:%M UTC" : "%Y-%m-%d", &tm);
  return buf;
}

// ------------------------------------------------------------------------------------------------
// Small helpers: numbers, files, text layout.

int64_t ParseInt(const std::string& what, const std::string& v) {
  char* end = nullptr;
  errno = 0;
  long long x = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end || errno) Usage(what + " needs an integer, got '" + v + "'");
  return x;
}

double ParseDouble(const std::string& what, const std::string& v) {
  char* end = nullptr;
  double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end || !std::isfinite(x)) Usage(what + " needs a number, got '" + v + "'");
  return x;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool ReadFile(const std::string& path, std::vector<uint8_t>* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return !f.bad();
}

bool Exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

// Writes all bytes to a new file (mode applies when created). Returns errno, 0 on success.
int WriteFile(const std::string& path, const uint8_t* p, size_t n, mode_t mode, bool exclusive) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), mode);
  if (fd < 0) return errno;
  size_t off = 0;
  while (off < n) {
    ssize_t w = ::write(fd, p + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      int e = errno ? errno : EIO;
      ::close(fd);
      return e;
    }
    off += size_t(w);
  }
  if (::fsync(fd) != 0) {
    int e = errno;
    ::close(fd);
    return e;
  }
  return ::close(fd) == 0 ? 0 : errno;
}

void MakeDirs(const std::string& dir) {
  std::string cur;
  for (const std::string& part : Split(dir, '/')) {
    cur += (cur.empty() && dir[0] != '/') ? part : "/" + part;
    if (::mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST)
      throw Error{TACIT_ERR_IO, "cannot create " + cur + ": " + std::strerror(errno)};
  }
}

std::string Hex(const uint8_t* p, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 15]);
  }
  return out;
}

// Display width of UTF-8 text: one column per code point (good enough for titles).
size_t Width(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

// `s` cut or padded to exactly `width` columns.
std::string Fit(const std::string& s, size_t width) {
  if (Width(s) <= width) return s + std::string(width - Width(s), ' ');
  std::string out;
  size_t w = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (w + 1 == width) break;
      ++w;
    }
    out.push_back(s[i]);
  }
  return out + "…";
}

std::string Pad(const std::string& s, size_t width) { return Width(s) >= width ? s : s + std::string(width - Width(s), ' '); }

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Signed(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.2f", v);
  return buf;
}

std::string Plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// ------------------------------------------------------------------------------------------------
// Arguments of one command: positionals, --name value options and --flag booleans.

struct Args {
  std::vector<std::string> pos;
  std::map<std::string, std::string> opt;
  std::set<std::string> flags;

  bool has(const std::string& name) const { return opt.count(name) || flags.count(name); }
  std::string get(const std::string& name, const std::string& fallback = "") const {
    auto it = opt.find(name);
    return it == opt.end() ? fallback : it->second;
  }
};

Args ParseArgs(const std::vector<std::string>& v, size_t from, const std::set<std::string>& valued,
               const std::set<std::string>& booleans) {
  Args a;
  for (size_t i = from; i < v.size(); ++i) {
    const std::string& s = v[i];
    if (s.size() > 2 && s.compare(0, 2, "--") == 0) {
      std::string name = s.substr(2);
      if (booleans.count(name)) {
        a.flags.insert(name);
      } else if (valued.count(name)) {
        if (i + 1 >= v.size()) Usage("--" + name + " needs a value");
        a.opt[name] = v[++i];
      } else {
        Usage("unknown option --" + name + " for '" + v[0] + "'");
      }
    } else {
      a.pos.push_back(s);
    }
  }
  return a;
}

void NeedPositionals(const Args& a, size_t min, size_t max, const char* usage) {
  if (a.pos.size() < min || a.pos.size() > max) Usage(std::string("usage: ") + usage);
}

// ------------------------------------------------------------------------------------------------
// Names.

const char* kEventNames[] = {"", "view", "open", "complete", "like", "share", "dismiss", "conversion", "skip"};

int32_t EventType(const std::string& name) {
  for (int32_t i = 1; i <= 8; ++i)
    if (name == kEventNames[i]) return i;
  Usage("unknown event type '" + name + "' (view|open|complete|like|share|dismiss|conversion|skip)");
}

int32_t Purpose(const std::string& name) {
  if (name == "personalization" || name == "personalisation") return TACIT_PURPOSE_PERSONALIZATION;
  if (name == "measurement") return TACIT_PURPOSE_MEASUREMENT;
  Usage("unknown purpose '" + name + "' (personalization|measurement)");
}

const char* StateName(int32_t s) {
  return s == TACIT_CONSENT_GIVEN ? "given" : s == TACIT_CONSENT_REVOKED ? "revoked" : "unknown";
}

// ------------------------------------------------------------------------------------------------
// The app.

struct Globals {
  std::string profile = "tacit-profile";
  std::string key_file;  // default: profile + ".key"
  std::vector<std::string> brand_keys;
  std::string plan;  // signed measurement plan file
  std::string brand_id;
};

// A string owned by tacit, freed on scope exit.
struct TacitString {
  char* p = nullptr;
  size_t n = 0;
  ~TacitString() { tacit_free(p); }
  std::string str() const { return std::string(p, n); }
};

class Host {
 public:
  explicit Host(Globals g) : g_(std::move(g)) {
    if (g_.key_file.empty()) g_.key_file = g_.profile + ".key";
  }
  ~Host() { tacit_close(t_); }
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  void Run(const std::vector<std::string>& args);
  int Shell();

 private:
  tacit_t* Open();
  std::vector<uint8_t> ReadKey();
  Json Export();

  void Init();
  void Info();
  void LoadCatalog(const Args& a);
  void Declare(const Args& a);
  void Undeclare(const Args& a);
  void Record(const Args& a);
  void Rank(const Args& a);
  void Why(const Args& a);
  void NotInterested(const Args& a);
  void Consent(const Args& a);
  void ConsentShow();
  void ReportPreview(const Args& a);
  void ReportFlush(const Args& a);
  void ExportCmd(const Args& a);
  void Forget(const Args& a);
  void Pause(bool paused);
  void Erase();
  void Clock(const Args& a);
  void Serve(const Args& a);
  bool EnsureKey();

  Globals g_;
  tacit_t* t_ = nullptr;
  bool voice_ = false;    // shell: print spoken forms
  bool in_shell_ = false;
};

std::vector<uint8_t> Host::ReadKey() {
  std::vector<uint8_t> key;
  if (!ReadFile(g_.key_file, &key)) {
    if (errno == ENOENT)
      throw Error{TACIT_ERR_NOT_FOUND, "no key file at " + g_.key_file + " (run 'tacit-host init' first)"};
    throw Error{TACIT_ERR_IO, "cannot read key file " + g_.key_file + ": " + std::strerror(errno)};
  }
  return key;
}

tacit_t* Host::Open() {
  if (t_) return t_;
  std::vector<uint8_t> key = ReadKey();
  tacit_options_t* o = tacit_options_new();
  if (!o) throw Error{TACIT_ERR_NO_MEMORY, "out of memory"};
  tacit_status s = tacit_options_set_path(o, g_.profile.c_str());
  if (s == TACIT_OK) s = tacit_options_set_key(o, key.data(), key.size());
  std::fill(key.begin(), key.end(), uint8_t(0));  // the options hold their own, locked copy
  if (s == TACIT_OK) s = tacit_options_set_clock(o, HostClock, nullptr);
  for (size_t i = 0; s == TACIT_OK && i < g_.brand_keys.size(); ++i) {
    std::vector<uint8_t> pk;
    if (!ReadFile(g_.brand_keys[i], &pk)) {
      tacit_options_free(o);
      throw Error{TACIT_ERR_IO, "cannot read brand key " + g_.brand_keys[i] + ": " + std::strerror(errno)};
    }
    s = tacit_options_add_brand_key(o, pk.data(), pk.size());
  }
  if (s == TACIT_OK && !g_.brand_id.empty()) s = tacit_options_set_brand_id(o, g_.brand_id.c_str());
  if (s == TACIT_OK && !g_.plan.empty()) {
    std::vector<uint8_t> plan;
    if (!ReadFile(g_.plan, &plan)) {
      tacit_options_free(o);
      throw Error{TACIT_ERR_IO, "cannot read plan " + g_.plan + ": " + std::strerror(errno)};
    }
    s = tacit_options_set_measurement_plan(o, plan.data(), plan.size());
  }
  if (s == TACIT_OK) s = tacit_open(o, &t_);
  std::string message = s == TACIT_OK ? "" : tacit_last_error();
  tacit_options_free(o);
  if (s != TACIT_OK) throw Error{s, message};
  return t_;
}

Json Host::Export() {
  TacitString out;
  Check(tacit_export_json(Open(), &out.p, &out.n));
  Json j;
  std::string err;
  if (!host::ParseJson(out.str(), &j, &err)) throw Error{TACIT_ERR_INTERNAL, "export is not valid JSON: " + err};
  return j;
}

void Host::Run(const std::vector<std::string>& v) {
  if (v.empty()) Usage("no command (try 'help')");
  const std::string& cmd = v[0];
  const std::set<std::string> none;
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    std::cout << kHelp;
  } else if (cmd == "init") {
    NeedPositionals(ParseArgs(v, 1, none, none), 0, 0, "init");
    Init();
  } else if (cmd == "info") {
    NeedPositionals(ParseArgs(v, 1, none, none), 0, 0, "info");
    Info();
  } else if (cmd == "load-catalog") {
    LoadCatalog(ParseArgs(v, 1, none, none));
  } else if (cmd == "declare") {
    Declare(ParseArgs(v, 1, none, none));
  } else if (cmd == "undeclare") {
    Undeclare(ParseArgs(v, 1, none, none));
  } else if (cmd == "record") {
    Record(ParseArgs(v, 1, {"topics", "at", "value"}, none));
  } else if (cmd == "rank" || cmd == "feed") {
    Rank(ParseArgs(v, 1, {"k", "seed", "explore"}, {"json", "voice"}));
  } else if (cmd == "why") {
    Why(ParseArgs(v, 1, none, none));
  } else if (cmd == "not-interested") {
    NotInterested(ParseArgs(v, 1, none, none));
  } else if (cmd == "consent") {
    Consent(ParseArgs(v, 1, {"policy", "vendor"}, none));
  } else if (cmd == "report") {
    Args a = ParseArgs(v, 1, {"out"}, {"json"});
    NeedPositionals(a, 1, 1, "report preview [--json] | report flush --out DIR");
    if (a.pos[0] == "preview") ReportPreview(a);
    else if (a.pos[0] == "flush") ReportFlush(a);
    else Usage("usage: report preview [--json] | report flush --out DIR");
  } else if (cmd == "dap") {
    host::DapOutcome r = host::RunDapCommand(std::vector<std::string>(v.begin() + 1, v.end()),
                                             [this] { return Open(); }, NowMs(), g_.profile, std::cout);
    if (r.status == kUsage) Usage(r.message);
    if (r.status != TACIT_OK) throw Error{r.status, r.message};
  } else if (cmd == "export") {
    ExportCmd(ParseArgs(v, 1, {"out"}, {"json"}));
  } else if (cmd == "forget") {
    Forget(ParseArgs(v, 1, none, none));
  } else if (cmd == "pause" || cmd == "resume") {
    NeedPositionals(ParseArgs(v, 1, none, none), 0, 0, cmd.c_str());
    Pause(cmd == "pause");
  } else if (cmd == "erase") {
    NeedPositionals(ParseArgs(v, 1, none, none), 0, 0, "erase");
    Erase();
  } else if (cmd == "serve") {
    Serve(ParseArgs(v, 1, {"port", "static", "catalog", "policy", "locale", "url-file", "outbox"}, none));
  } else if (cmd == "voice" && in_shell_) {
    Args a = ParseArgs(v, 1, none, none);
    NeedPositionals(a, 1, 1, "voice on|off");
    if (a.pos[0] != "on" && a.pos[0] != "off") Usage("usage: voice on|off");
    voice_ = a.pos[0] == "on";
    std::cout << (voice_ ? "voice on: reasons are spoken as a speaker would say them\n" : "voice off\n");
  } else if (cmd == "clock" && in_shell_) {
    Clock(ParseArgs(v, 1, none, none));
  } else if (cmd == "shell") {
    Usage("already in the shell");
  } else {
    Usage("unknown command '" + cmd + "' (try 'help')");
  }
}

// Creates the key file (32 random bytes, mode 0600) if missing; true if it did.
bool Host::EnsureKey() {
  if (Exists(g_.key_file)) return false;
  uint8_t key[TACIT_KEY_BYTES];
  std::ifstream rnd("/dev/urandom", std::ios::binary);
  if (!rnd.read(reinterpret_cast<char*>(key), sizeof key)) throw Error{TACIT_ERR_IO, "cannot read /dev/urandom"};
  int e = WriteFile(g_.key_file, key, sizeof key, 0600, true);
  std::memset(key, 0, sizeof key);
  if (e) throw Error{TACIT_ERR_IO, "cannot create key file " + g_.key_file + ": " + std::strerror(e)};
  return true;
}

void Host::Init() {
  const bool created_key = EnsureKey();
  const bool new_profile = !Exists(g_.profile);
  Open();
  std::cout << "profile   " << g_.profile << (new_profile ? " (new, encrypted with SQLCipher 4)" : " (existing)")
            << "\n"
            << "key       " << g_.key_file
            << (created_key ? " (created: 32 random bytes, mode 0600; stands in for the platform keystore)"
                            : " (existing)")
            << "\n";
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  if (tacit_catalog_info(t_, &info) == TACIT_OK)
    std::cout << "catalog   v" << info.version << ", " << info.item_count << " items\n";
  else
    std::cout << "catalog   none yet (load-catalog FILE)\n";
}

void Host::Info() {
  Open();
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  tacit_status cs = tacit_catalog_info(t_, &info);
  Json ex = Export();
  const Json& p = ex["profile"];
  std::cout << "profile        " << g_.profile << "\n";
  if (cs == TACIT_OK)
    std::cout << "catalog        v" << info.version << ": " << info.item_count << " items, " << info.topic_count
              << " topics, " << info.metric_count << " metrics; valid " << FormatTime(info.issued_at_ms, false)
              << " .. " << FormatTime(info.expires_at_ms, false)
              << (NowMs() >= info.expires_at_ms ? " (expired: still serving until a newer one loads)" : "") << "\n";
  else
    std::cout << "catalog        none" << (g_.brand_keys.empty() ? " (no --brand-key given)" : "") << "\n";
  std::cout << "events         " << uint64_t(p["events_stored"].as_number()) << " stored\n";
  std::string interests;
  for (const Json& i : ex["declared_interests"].arr)
    interests += (interests.empty() ? "" : ", ") + i["topic"].as_string();
  std::cout << "you said       " << (interests.empty() ? "-" : interests) << "\n";
  std::string consents;
  for (const Json& c : ex["consents"].arr)
    consents += (consents.empty() ? "" : ", ") + c["purpose"].as_string() + " " + c["state"].as_string();
  std::cout << "consent        " << consents << "\n";
  std::cout << "personalising  " << (p["paused"].as_bool() ? "paused" : "on") << "\n";
  size_t outbox = 0;
  Check(tacit_outbox_size(t_, &outbox));
  std::cout << "outbox         " << Plural(outbox, "report", "reports") << " waiting; "
            << Plural(ex["sent_log"].size(), "report", "reports") << " sent so far\n";
}

void Host::LoadCatalog(const Args& a) {
  NeedPositionals(a, 1, 1, "load-catalog FILE");
  std::vector<uint8_t> bytes;
  if (!ReadFile(a.pos[0], &bytes))
    throw Error{TACIT_ERR_IO, "cannot read " + a.pos[0] + ": " + std::strerror(errno)};
  Open();
  tacit_status s = tacit_load_catalog(t_, bytes.data(), bytes.size());
  if (s != TACIT_OK) {
    std::string message = tacit_last_error();
    tacit_catalog_info_t info;
    tacit_catalog_info_init(&info);
    if (tacit_catalog_info(t_, &info) == TACIT_OK)
      message += " (catalog v" + std::to_string(info.version) + " stays active)";
    throw Error{s, message};
  }
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  Check(tacit_catalog_info(t_, &info));
  std::cout << "catalog v" << info.version << " verified and active: " << info.item_count << " items, "
            << info.topic_count << " topics, " << info.metric_count << " metrics; valid until "
            << FormatTime(info.expires_at_ms, false) << "\n";
}

void Host::Declare(const Args& a) {
  NeedPositionals(a, 1, 2, "declare TOPIC [WEIGHT]");
  double w = a.pos.size() > 1 ? ParseDouble("WEIGHT", a.pos[1]) : 1.0;
  Check(tacit_declare_interest(Open(), a.pos[0].c_str(), w));
  std::cout << "noted: you like " << a.pos[0] << (w < 1.0 ? " (weight " + Fixed(w, 2) + ")" : "") << "\n";
}

void Host::Undeclare(const Args& a) {
  NeedPositionals(a, 1, 1, "undeclare TOPIC");
  Check(tacit_undeclare_interest(Open(), a.pos[0].c_str()));
  std::cout << "removed: " << a.pos[0] << " is no longer a declared interest\n";
}

void Host::Record(const Args& a) {
  NeedPositionals(a, 2, 2, "record TYPE ITEM [--topics a,b] [--at MS] [--value V]");
  std::vector<std::string> topics = Split(a.get("topics"), ',');
  std::vector<const char*> ptrs;
  for (const auto& t : topics) ptrs.push_back(t.c_str());
  tacit_event_t e;
  tacit_event_init(&e);
  e.type = EventType(a.pos[0]);
  e.item_id = a.pos[1].c_str();
  e.topic_ids = ptrs.empty() ? nullptr : ptrs.data();
  e.topic_count = ptrs.size();
  e.timestamp_ms = a.has("at") ? ParseInt("--at", a.get("at")) : NowMs();
  e.value = a.has("value") ? ParseDouble("--value", a.get("value")) : 1.0;
  Check(tacit_record_event(Open(), &e));
  std::cout << "recorded " << a.pos[0] << " of " << a.pos[1];
  if (a.has("value")) std::cout << " (value " << a.get("value") << ")";
  std::cout << " at " << FormatTime(e.timestamp_ms) << "\n";
}

void Host::Rank(const Args& a) {
  NeedPositionals(a, 0, 0, "rank [--k N] [--json] [--voice] [--seed S] [--explore X]");
  const bool voice = voice_ || a.flags.count("voice");
  tacit_rank_request_t req;
  tacit_rank_request_init(&req);
  req.k = a.has("k") ? size_t(ParseInt("--k", a.get("k"))) : 10;
  if (a.has("seed")) req.seed = uint64_t(ParseInt("--seed", a.get("seed")));
  if (a.has("explore")) req.exploration = ParseDouble("--explore", a.get("explore"));
  if (voice) req.surface = TACIT_SURFACE_VOICE;
  tacit_ranking_t* r = nullptr;
  tacit_status s = tacit_rank(Open(), &req, &r);
  if (s == TACIT_ERR_NO_CATALOG && g_.brand_keys.empty())
    throw Error{s, std::string(tacit_last_error()) + " (no --brand-key given: a stored catalog cannot be verified)"};
  Check(s);
  const size_t n = tacit_ranking_size(r);
  if (a.flags.count("json")) {
    std::cout << "[";
    for (size_t i = 0; i < n; ++i) {
      const tacit_ranked_item_t* it = tacit_ranking_get(r, i);
      std::cout << (i ? ",\n " : "\n ") << "{\"rank\": " << i + 1 << ", \"item_id\": " << host::JsonQuote(it->item_id)
                << ", \"title\": " << host::JsonQuote(it->title) << ", \"score\": " << Fixed(it->score, 6)
                << ", \"reasons\": [";
      for (size_t k = 0; k < it->reason_count; ++k) {
        const tacit_reason_t& re = *tacit_ranking_reason(r, i, k);
        std::cout << (k ? ", " : "") << "{\"kind\": " << re.kind << ", \"ref_id\": " << host::JsonQuote(re.ref_id)
                  << ", \"ref_is_item\": " << (re.ref_is_item ? "true" : "false")
                  << ", \"contribution\": " << Fixed(re.contribution, 6) << ", \"text\": " << host::JsonQuote(re.text)
                  << ", \"spoken\": " << host::JsonQuote(re.spoken) << "}";
      }
      std::cout << "]}";
    }
    std::cout << (n ? "\n]\n" : "]\n");
  } else if (voice) {
    std::cout << "speaker: \"Here " << (n == 1 ? "is one thing" : "are " + std::to_string(n) + " things")
              << " for you.\"\n";
    for (size_t i = 0; i < n; ++i) {
      const tacit_ranked_item_t* it = tacit_ranking_get(r, i);
      std::cout << (i + 1 < 10 ? "  " : " ") << i + 1 << ". \"" << it->title << ". "
                << (it->reason_count ? tacit_ranking_reason(r, i, 0)->spoken : "") << "\"\n";
    }
  } else {
    if (n == 0) std::cout << "(nothing to show)\n";
    for (size_t i = 0; i < n; ++i) {
      const tacit_ranked_item_t* it = tacit_ranking_get(r, i);
      std::cout << (i + 1 < 10 ? "  " : " ") << i + 1 << ". " << Fit(it->title, 48) << "  " << Fixed(it->score, 2)
                << "  " << it->item_id << "\n";
      for (size_t k = 0; k < it->reason_count && k < 2; ++k)
        std::cout << "      " << (k == 0 ? "why: " : "     ") << tacit_ranking_reason(r, i, k)->text << "\n";
    }
  }
  tacit_ranking_free(r);
}

void Host::Why(const Args& a) {
  NeedPositionals(a, 1, 1, "why ITEM");
  tacit_ranking_t* r = nullptr;
  tacit_status s = tacit_explain(Open(), a.pos[0].c_str(), &r);
  if (s == TACIT_ERR_NOT_FOUND) {
    // Hidden or unknown: the message says which and why. Not a failure of the command.
    std::cout << a.pos[0] << " would not be shown: " << tacit_last_error() << "\n";
    return;
  }
  Check(s);
  const tacit_ranked_item_t* it = tacit_ranking_get(r, 0);
  std::cout << it->title << "\n"
            << "  item    " << it->item_id << "\n"
            << "  score   " << Fixed(it->score, 3) << "\n";
  for (size_t k = 0; k < it->reason_count; ++k)
    std::cout << (k == 0 ? "  why     " : "          ") << Signed(tacit_ranking_reason(r, 0, k)->contribution) << "  "
              << tacit_ranking_reason(r, 0, k)->text << "\n";
  if (it->reason_count) std::cout << "  spoken  \"" << tacit_ranking_reason(r, 0, 0)->spoken << "\"\n";
  tacit_ranking_free(r);
}

void Host::NotInterested(const Args& a) {
  NeedPositionals(a, 2, 2, "not-interested item ID | not-interested topic ID");
  if (a.pos[0] == "item") {
    Check(tacit_not_interested_item(Open(), a.pos[1].c_str()));
    std::cout << "got it: you will not see " << a.pos[1] << " again\n";
  } else if (a.pos[0] == "topic") {
    Check(tacit_not_interested_topic(Open(), a.pos[1].c_str()));
    std::cout << "got it: nothing about " << a.pos[1] << " (or its subtopics) from now on\n";
  } else {
    Usage("usage: not-interested item ID | not-interested topic ID");
  }
}

void Host::Consent(const Args& a) {
  if (a.pos.empty()) Usage("usage: consent give|revoke PURPOSE --policy VERSION | consent show | consent tcf STRING --vendor ID");
  const std::string& sub = a.pos[0];
  if (sub == "show") {
    NeedPositionals(a, 1, 1, "consent show");
    ConsentShow();
  } else if (sub == "give" || sub == "revoke") {
    NeedPositionals(a, 2, 2, "consent give|revoke PURPOSE --policy VERSION");
    if (!a.has("policy")) Usage("consent " + sub + " needs --policy VERSION (the consent text the user saw)");
    int32_t purpose = Purpose(a.pos[1]);
    int32_t state = sub == "give" ? TACIT_CONSENT_GIVEN : TACIT_CONSENT_REVOKED;
    Check(tacit_consent_set(Open(), purpose, state, a.get("policy").c_str()));
    std::cout << a.pos[1] << ": " << StateName(state) << " (policy " << a.get("policy") << ")";
    if (state == TACIT_CONSENT_REVOKED && purpose == TACIT_PURPOSE_MEASUREMENT)
      std::cout << "; reports waiting to be sent were deleted";
    std::cout << "\n";
  } else if (sub == "tcf") {
    NeedPositionals(a, 2, 2, "consent tcf STRING --vendor ID");
    if (!a.has("vendor")) Usage("consent tcf needs --vendor ID (the brand's GVL vendor id)");
    int64_t vendor = ParseInt("--vendor", a.get("vendor"));
    if (vendor < 1 || vendor > 65535) Usage("--vendor must be 1..65535");
    Check(tacit_consent_set_tcf(Open(), a.pos[1].c_str(), uint16_t(vendor)));
    std::cout << "applied the TC string for vendor " << vendor << ":\n";
    ConsentShow();
  } else {
    Usage("unknown consent command '" + sub + "' (give|revoke|show|tcf)");
  }
}

void Host::ConsentShow() {
  Json ex = Export();
  for (const Json& c : ex["consents"].arr) {
    std::string state = c["state"].as_string();
    std::cout << "  " << Pad(c["purpose"].as_string(), 17) << Pad(state, 9);
    if (state == "unknown")
      std::cout << "(not asked yet: counts as no)";
    else
      std::cout << "policy " << Pad(c["policy_version"].as_string(), 10) << " " << FormatTime(int64_t(c["at"].as_number()))
                << "  via " << c["source"].as_string();
    std::cout << "\n";
  }
  std::cout << "  " << Plural(ex["consent_history"].size(), "change", "changes") << " in the history\n";
}

// One queued or sent report, as a table row.
void PrintReportRow(const Json& r) {
  const Json& c = r["content"];
  std::string says;
  if (!c["randomised_bits"].is_null()) {
    says = "bits " + c["randomised_bits"].as_string();
  } else if (!c["hash_seed"].is_null()) {
    says = "hashed value " + std::to_string(uint64_t(c["randomised_value"].as_number()));
  } else {
    says = "value " + std::to_string(uint64_t(c["randomised_value"].as_number())) + " of " +
           std::to_string(uint64_t(c["domain"].as_number()));
  }
  std::cout << "  " << Pad(r["metric"].as_string(), 22) << Pad(std::to_string(uint64_t(r["period"].as_number())), 8)
            << Pad(c["mechanism"].as_string(), 11) << Pad(Fixed(r["epsilon_spent"].as_number(), 2), 7)
            << Pad(std::to_string(uint64_t(r["sealed_bytes"].as_number())) + " B", 8) << says << "\n";
}

void PrintReportHeader() {
  std::cout << "  " << Pad("metric", 22) << Pad("period", 8) << Pad("mechanism", 11) << Pad("ε", 7)
            << Pad("sealed", 8) << "randomised answer\n";
}

void Host::ReportPreview(const Args& a) {
  TacitString out;
  Check(tacit_reports_preview_json(Open(), &out.p, &out.n));
  Json j;
  std::string err;
  if (!host::ParseJson(out.str(), &j, &err)) throw Error{TACIT_ERR_INTERNAL, "preview is not valid JSON: " + err};
  if (a.flags.count("json")) {
    std::cout << host::JsonPretty(j) << "\n";
    return;
  }
  const Json& reports = j["reports"];
  if (reports.size() == 0) {
    std::cout << "nothing would be sent.\n";
  } else {
    std::cout << Plural(reports.size(), "report", "reports")
              << " would be sent, each sealed to the brand's key (nothing else leaves this device):\n";
    PrintReportHeader();
    for (const Json& r : reports.arr) PrintReportRow(r);
    std::cout << "  each holds " << reports.at(0)["content"]["contains"].as_string("a randomised answer only") << "\n";
  }
  for (const Json& b : j["blocked"].arr) std::cout << "  not reporting: " << b.as_string() << "\n";
}

void Host::ReportFlush(const Args& a) {
  if (!a.has("out")) Usage("usage: report flush --out DIR");
  const std::string dir = a.get("out");
  Check(tacit_reports_prepare(Open(), nullptr));
  MakeDirs(dir);
  size_t sent = 0;
  for (;;) {
    tacit_outgoing_report_t* r = nullptr;
    tacit_status s = tacit_outbox_next(t_, &r);
    if (s == TACIT_ERR_NOT_FOUND) break;
    Check(s);
    const std::string id = Hex(r->report_id, sizeof r->report_id);
    const std::string path = dir + "/" + id + ".bin";
    // "Send" first, then acknowledge: at-least-once; the collector drops duplicates by report id.
    int e = WriteFile(path, r->bytes, r->len, 0644, false);
    if (e) {
      tacit_outgoing_report_free(r);
      throw Error{TACIT_ERR_IO, "cannot write " + path + ": " + std::strerror(e)};
    }
    if (!in_shell_ || sent < 10)
      std::cout << "  sent " << id.substr(0, 12) << "…  " << Pad(r->metric_id, 22) << "period " << r->period << "  ε "
                << Fixed(r->epsilon, 2) << "  " << r->len << " bytes\n";
    s = tacit_outbox_ack(t_, r->report_id, sizeof r->report_id);
    tacit_outgoing_report_free(r);
    Check(s);
    ++sent;
  }
  std::cout << "sent " << Plural(sent, "report", "reports") << " to " << dir << "\n";
}

void Host::ExportCmd(const Args& a) {
  NeedPositionals(a, 0, 0, "export [--json] [--out FILE]");
  if (a.has("out")) {
    TacitString out;
    Check(tacit_export_json(Open(), &out.p, &out.n));
    int e = WriteFile(a.get("out"), reinterpret_cast<const uint8_t*>(out.p), out.n, 0600, false);
    if (e) throw Error{TACIT_ERR_IO, "cannot write " + a.get("out") + ": " + std::strerror(e)};
    std::cout << "wrote everything tacit holds about you to " << a.get("out") << " (" << out.n << " bytes of JSON)\n";
    return;
  }
  Json ex = Export();
  if (a.flags.count("json")) {
    std::cout << host::JsonPretty(ex) << "\n";
    return;
  }
  const Json& p = ex["profile"];
  std::cout << "What tacit knows about you. All of it stays on this device, encrypted.\n\n";
  std::cout << "  events stored     " << uint64_t(p["events_stored"].as_number())
            << (p["paused"].as_bool() ? "   (personalisation paused)" : "") << "\n";
  std::cout << "\n  You said you like\n";
  if (ex["declared_interests"].size() == 0) std::cout << "    -\n";
  for (const Json& i : ex["declared_interests"].arr)
    std::cout << "    " << Pad(i["label"].as_string(i["topic"].as_string()), 24) << "weight "
              << Fixed(i["weight"].as_number(), 2) << "   since " << FormatTime(int64_t(i["declared_at"].as_number()))
              << "\n";
  const Json& inferred = ex["inferred_interests"];
  std::cout << "\n  tacit inferred from what you did"
            << (inferred.size() && !inferred.at(0)["used_in_ranking"].as_bool(true)
                    ? " (not used in ranking: no personalisation consent)"
                    : "")
            << "\n";
  if (inferred.size() == 0) std::cout << "    -\n";
  for (const Json& i : inferred.arr)
    std::cout << "    " << Pad(i["label"].as_string(i["topic"].as_string()), 24) << "affinity "
              << Fixed(i["affinity"].as_number(), 2) << "   " << i["evidence"].as_string() << "\n";
  const Json& nt = ex["not_interested_topics"];
  const Json& ni = ex["not_interested_items"];
  const Json& fi = ex["forgotten_inferred_topics"];
  if (nt.size() + ni.size() + fi.size()) {
    std::cout << "\n  You told us no\n";
    for (const Json& f : nt.arr) std::cout << "    topic  " << Pad(f["id"].as_string(), 40) << FormatTime(int64_t(f["at"].as_number())) << "\n";
    for (const Json& f : ni.arr) std::cout << "    item   " << Pad(f["id"].as_string(), 40) << FormatTime(int64_t(f["at"].as_number())) << "\n";
    for (const Json& f : fi.arr) std::cout << "    forgot " << Pad(f["id"].as_string(), 40) << FormatTime(int64_t(f["at"].as_number())) << "\n";
  }
  std::cout << "\n  Consents\n";
  for (const Json& c : ex["consents"].arr) {
    std::cout << "    " << Pad(c["purpose"].as_string(), 19);
    if (c["state"].as_string() != "unknown")
      std::cout << Pad(c["state"].as_string(), 9) << "policy " << c["policy_version"].as_string() << ", "
                << FormatTime(int64_t(c["at"].as_number()));
    else
      std::cout << "not asked yet (counts as no)";
    std::cout << "\n";
  }
  const Json& b = ex["privacy_budget"];
  std::cout << "\n  Sent to the brand  " << Plural(ex["sent_log"].size(), "report", "reports") << " (waiting: "
            << ex["outbox"].size() << ")\n";
  const Json& day = b["last_24h"];
  const Json& year = b["last_365_days"];
  if (year["epsilon_bound"].as_number() > 0) {
    std::cout << "  Privacy budget     ε " << Fixed(day["epsilon_spent"].as_number(), 2) << " of "
              << Fixed(day["epsilon_bound"].as_number(), 2) << " in the last 24 h, "
              << Fixed(year["epsilon_spent"].as_number(), 2) << " of " << Fixed(year["epsilon_bound"].as_number(), 2)
              << " in the last 365 days\n";
    std::cout << "  " << b["meaning"].as_string() << "\n";
  }
  if (ex["measurement_plan"]["sha256"].as_string().size())
    std::cout << "  Measurement plan   sha256 " << ex["measurement_plan"]["sha256"].as_string()
              << " (the same on every phone with this app)\n";
  std::cout << "\n  (the full record: export --json, or export --out FILE)\n";
}

void Host::Forget(const Args& a) {
  NeedPositionals(a, 2, 2, "forget inferred TOPIC | forget behaviour TOPIC");
  if (a.pos[0] == "inferred") {
    Check(tacit_forget_inferred(Open(), a.pos[1].c_str()));
    std::cout << "forgot what tacit inferred about " << a.pos[1] << "; past behaviour no longer counts for it\n";
  } else if (a.pos[0] == "behaviour" || a.pos[0] == "behavior") {
    Check(tacit_forget_topic_behaviour(Open(), a.pos[1].c_str()));
    std::cout << "deleted every stored event about " << a.pos[1] << "\n";
  } else {
    Usage("usage: forget inferred TOPIC | forget behaviour TOPIC");
  }
}

void Host::Pause(bool paused) {
  Check(tacit_set_paused(Open(), paused ? 1 : 0));
  std::cout << (paused ? "personalisation paused: nothing you do is recorded; the feed uses what you said and "
                         "what is popular\n"
                       : "personalisation resumed\n");
}

void Host::Erase() {
  Check(tacit_erase_all(Open()));
  tacit_close(t_);
  t_ = nullptr;
  // Crypto-shredding: the key goes too (a real app deletes it from the keystore). Overwrite, then unlink.
  std::string key_note = "no key file";
  if (Exists(g_.key_file)) {
    uint8_t zero[TACIT_KEY_BYTES] = {0};
    WriteFile(g_.key_file, zero, sizeof zero, 0600, false);
    if (::unlink(g_.key_file.c_str()) != 0)
      throw Error{TACIT_ERR_IO, "erased the profile but cannot delete " + g_.key_file + ": " + std::strerror(errno)};
    key_note = "key file deleted";
  }
  ::rmdir(g_.profile.c_str());  // only if tacit left it empty
  std::cout << "erased: the profile database, its journal and key metadata; " << key_note << ".\n"
            << (Exists(g_.profile) ? "note: " + g_.profile + " still holds files that are not tacit's\n"
                                   : "nothing is left at " + g_.profile + "\n");
}

void Host::Clock(const Args& a) {
  NeedPositionals(a, 0, 1, "clock [MS | +Nd | +Nh | system]");
  if (!a.pos.empty()) {
    const std::string& v = a.pos[0];
    if (v == "system") {
      g_fixed_now = 0;
    } else if (v[0] == '+' && v.size() > 2 && (v.back() == 'd' || v.back() == 'h')) {
      int64_t n = ParseInt("clock", v.substr(1, v.size() - 2));
      g_fixed_now = NowMs() + n * (v.back() == 'd' ? 86400000 : 3600000);
    } else {
      g_fixed_now = ParseInt("clock", v);
    }
  }
  std::cout << "now " << FormatTime(NowMs()) << (g_fixed_now ? " (fixed)" : " (system clock)") << "\n";
}

// The web app: beside an installed tacit-host (PREFIX/share/tacit/privacy-centre), else the source tree's.
std::string DefaultStaticDir() {
#ifdef TACIT_HOST_SERVE
  char exe[4096];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    std::string dir(exe);
    dir = dir.substr(0, dir.rfind('/')) + "/../share/tacit/privacy-centre";
    if (Exists(dir + "/index.html")) return dir;
  }
  return TACIT_PRIVACY_CENTRE_DIR;
#else
  return "";
#endif
}

void Host::Serve(const Args& a) {
  NeedPositionals(a, 0, 0, "serve [--port N] [--static DIR] [--catalog FILE] [--policy VERSION] [--locale L] [--url-file FILE]");
#ifdef TACIT_HOST_SERVE
  host::ServeOptions o;
  o.static_dir = a.get("static", DefaultStaticDir());
  o.port = int(a.has("port") ? ParseInt("--port", a.get("port")) : 0);
  if (o.port < 0 || o.port > 65535) Usage("--port must be 0..65535 (0: any free port)");
  o.catalog_path = a.get("catalog");
  o.policy_version = a.get("policy", "2026-05");
  o.locale = a.get("locale", "en");
  o.url_file = a.get("url-file");
  o.outbox_dir = a.get("outbox");
  // The server's calls into the host translate the host's errors into the server's.
  auto guard = [](auto f) {
    try {
      return f();
    } catch (const Error& e) {
      throw host::ServeError{e.status, e.message};
    }
  };
  host::ServeHost h;
  h.exists = [this] { return Exists(g_.key_file); };
  h.open = [this, guard] { return guard([this] { return Open(); }); };
  h.create = [this, guard] {
    return guard([this] {
      EnsureKey();
      return Open();
    });
  };
  h.erase = [this, guard] {
    guard([this] {
      std::streambuf* old = std::cout.rdbuf(nullptr);  // Erase() reports on stdout; the page reports instead
      try {
        Erase();
      } catch (...) {
        std::cout.rdbuf(old);
        throw;
      }
      std::cout.rdbuf(old);
      return 0;
    });
  };
  h.now = [] { return NowMs(); };
  try {
    if (host::Serve(o, h) != 0) throw Error{TACIT_ERR_IO, "the server stopped with an error"};
  } catch (const host::ServeError& e) {
    throw Error{e.status, e.message};
  }
#else
  Usage("this tacit-host was built without the web server (cpp-httplib not found)");
#endif
}

// Splits a shell line into words; double quotes group words.
std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (any) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur.push_back(c);
      any = true;
    }
  }
  if (any) out.push_back(cur);
  return out;
}

void PrintError(const Error& e) {
  if (e.status == kUsage)
    std::cerr << "tacit-host: " << e.message << "\n";
  else
    std::cerr << "tacit-host: " << tacit_status_name(e.status) << ": " << e.message << "\n";
}

int Host::Shell() {
  in_shell_ = true;
  const bool tty = ::isatty(0);
  if (tty)
    std::cout << "tacit-host shell on " << g_.profile << " (tacit " << tacit_version()
              << "). 'help' lists the commands; 'quit' leaves.\n";
  int failures = 0;
  std::string line;
  for (;;) {
    if (tty) std::cout << (voice_ ? "tacit (voice)> " : "tacit> ") << std::flush;
    if (!std::getline(std::cin, line)) break;
    std::vector<std::string> words = Words(line);
    if (words.empty() || words[0][0] == '#') continue;
    if (words[0] == "quit" || words[0] == "exit") break;
    if (words[0] == "help") {
      std::cout << kHelp
                << "\nshell only:\n"
                   "  voice on|off                          print the spoken forms (as a speaker would say them)\n"
                   "  clock [MS | +Nd | +Nh | system]       show or move the shell's clock\n"
                   "  quit\n";
      continue;
    }
    try {
      Run(words);
    } catch (const Error& e) {
      PrintError(e);
      ++failures;
    }
  }
  if (tty) std::cout << "\n";
  return failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Globals g;
  std::vector<std::string> command;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) Usage(a + " needs a value");
        return argv[++i];
      };
      if (a == "--profile") g.profile = value();
      else if (a == "--key-file") g.key_file = value();
      else if (a == "--brand-key") g.brand_keys.push_back(value());
      else if (a == "--brand-id") g.brand_id = value();
      else if (a == "--plan") g.plan = value();
      else if (a == "--now") {
        g_fixed_now = ParseInt("--now", value());
        if (g_fixed_now <= 0) Usage("--now must be a positive Unix time in ms");
      } else command.push_back(a);
    }
    if (!command.empty() && command[0] == "--version") {
      std::cout << "tacit-host " << tacit_version() << "\n";
      return 0;
    }
    if (command.empty() || command[0] == "help" || command[0] == "--help" || command[0] == "-h") {
      std::cout << kHelp;
      return command.empty() ? 2 : 0;
    }
    Host host(g);
    if (command[0] == "shell") {
      if (command.size() != 1) Usage("usage: shell");
      return host.Shell();
    }
    host.Run(command);
  } catch (const Error& e) {
    PrintError(e);
    return e.status == kUsage ? 2 : 1;
  }
  return 0;
}

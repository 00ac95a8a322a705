// tacit-host: a sample content app (a phone app or a smart speaker) built on tacit's public C API only.
// Every command opens the profile, does one thing and closes it, so scripts can drive it; `shell` keeps
// one profile open for an interactive session. See docs/host-app.md.
//
//   tacit-host [--profile DIR] [--key-file FILE] [--brand-key FILE]... [--brand-id ID] [--plan FILE] [--now TIME]
//              COMMAND ...      (tacit-host --help, tacit-host COMMAND --help)
//
// The key file stands in for the platform keystore (Android Keystore, iOS Keychain): 32 random bytes
// that unlock the encrypted profile. A real app never writes its key next to the data.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "dap_command.h"
#ifdef TACIT_HOST_SERVE
#include "serve.h"
#endif
#include "common/time_text.h"
#include "tacit/tacit.h"

namespace {

// Objects keep their members in document order, as tacit wrote them.
using Json = nlohmann::ordered_json;

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

// ------------------------------------------------------------------------------------------------
// Clock: the system clock, or a fixed time (--now, or `clock` in the shell). Times are shown and read as
// ISO 8601 in UTC (2026-06-01T09:00:00Z); Unix ms are read too.

int64_t g_fixed_now = 0;  // 0 = the system clock

int64_t SystemNowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
int64_t NowMs() { return g_fixed_now ? g_fixed_now : SystemNowMs(); }
int64_t HostClock(void*) { return NowMs(); }

// Times for people: ISO 8601 in UTC, to the second (common/time_text.h, shared with the brand tools).
std::string FormatTime(int64_t ms, bool with_time = true) {
  if (ms <= 0) return "-";
  return with_time ? tacit::tools::Iso8601(ms - ms % 1000) : tacit::tools::IsoDate(ms);
}

// Unix ms or ISO 8601 (tacit::tools::ParseTime).
bool ParseTime(const std::string& v, int64_t* ms) {
  std::string why;
  return tacit::tools::ParseTime(v, ms, &why);
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
// Reading tacit's JSON (tacit_export_json, tacit_reports_preview_json): a missing member or one of another
// type reads as the fallback, so a summary never fails on a field it does not know.

Json ParseTacitJson(const std::string& text, const char* what) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) throw Error{TACIT_ERR_INTERNAL, std::string(what) + " is not valid JSON"};
  return j;
}

const Json& Member(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

// The member as an array; an empty one when it is missing or not an array.
const Json& List(const Json& j, const char* key) {
  static const Json kEmpty = Json::array();
  const Json& v = Member(j, key);
  return v.is_array() ? v : kEmpty;
}

std::string Text(const Json& v, const std::string& fallback = "") {
  return v.is_string() ? v.get<std::string>() : fallback;
}
std::string Str(const Json& j, const char* key, const std::string& fallback = "") {
  return Text(Member(j, key), fallback);
}
double Num(const Json& j, const char* key, double fallback = 0) {
  const Json& v = Member(j, key);
  return v.is_number() ? v.get<double>() : fallback;
}
bool Bool(const Json& j, const char* key, bool fallback = false) {
  const Json& v = Member(j, key);
  return v.is_boolean() ? v.get<bool>() : fallback;
}

// Two-space indented; text that is not UTF-8 is replaced, never thrown on.
std::string Pretty(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); }

// ------------------------------------------------------------------------------------------------
// What one command line asks for, as the command line parser (CLI11, below) fills it.

struct Cmd {
  std::string file;                  // load-catalog FILE
  std::string topic;                 // declare, undeclare, forget ... TOPIC
  double weight = 1.0;               // declare TOPIC [WEIGHT]
  std::string type, item;            // record TYPE ITEM; why ITEM; not-interested item|topic ID
  std::string topics, at;            // record --topics a,b --at TIME
  double value = 1.0;                // record --value V
  bool has_value = false;
  size_t k = 10;                     // rank
  uint64_t seed = 0;
  double explore = 0;
  bool has_seed = false, has_explore = false, json = false, voice = false;
  std::string purpose, policy, tcf;  // consent give|revoke PURPOSE --policy V; consent tcf STRING --vendor ID
  int vendor = 0;
  std::string out;                   // report flush --out DIR; export --out FILE
  std::string when;                  // shell: clock [WHEN]
  std::string on_off;                // shell: voice on|off
  host::DapArgs dap;
  int port = 0;                      // serve
  std::string static_dir, catalog, serve_policy = "2026-05", locale = "en", url_file, outbox;
};

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

  int Shell();

  // The commands, as the command line names them.
  void Init();
  void Info();
  void LoadCatalog(const Cmd& c);
  void Declare(const Cmd& c);
  void Undeclare(const Cmd& c);
  void Record(const Cmd& c);
  void Rank(const Cmd& c);
  void Why(const Cmd& c);
  void NotInterested(bool topic, const Cmd& c);
  void ConsentSet(bool give, const Cmd& c);
  void ConsentShow();
  void ConsentTcf(const Cmd& c);
  void ReportPreview(const Cmd& c);
  void ReportFlush(const Cmd& c);
  void Dap(const Cmd& c);
  void ExportCmd(const Cmd& c);
  void Forget(bool behaviour, const Cmd& c);
  void Pause(bool paused);
  void Erase();
  void Serve(const Cmd& c);
  void Voice(const Cmd& c);  // shell only
  void Clock(const Cmd& c);  // shell only

 private:
  tacit_t* Open();
  std::vector<uint8_t> ReadKey();
  Json Export();
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
  return ParseTacitJson(out.str(), "the export");
}

void Host::Dap(const Cmd& c) {
  host::DapOutcome r = host::RunDapCommand(c.dap, [this] { return Open(); }, NowMs(), g_.profile, std::cout);
  if (r.status == kUsage) Usage(r.message);
  if (r.status != TACIT_OK) throw Error{r.status, r.message};
}

void Host::Voice(const Cmd& c) {
  voice_ = c.on_off == "on";
  std::cout << (voice_ ? "voice on: reasons are spoken as a speaker would say them\n" : "voice off\n");
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
  const Json& p = Member(ex, "profile");
  std::cout << "profile        " << g_.profile << "\n";
  if (cs == TACIT_OK)
    std::cout << "catalog        v" << info.version << ": " << info.item_count << " items, " << info.topic_count
              << " topics, " << info.metric_count << " metrics; valid " << FormatTime(info.issued_at_ms, false)
              << " .. " << FormatTime(info.expires_at_ms, false)
              << (NowMs() >= info.expires_at_ms ? " (expired: still serving until a newer one loads)" : "") << "\n";
  else
    std::cout << "catalog        none" << (g_.brand_keys.empty() ? " (no --brand-key given)" : "") << "\n";
  std::cout << "events         " << uint64_t(Num(p, "events_stored")) << " stored\n";
  std::string interests;
  for (const Json& i : List(ex, "declared_interests")) interests += (interests.empty() ? "" : ", ") + Str(i, "topic");
  std::cout << "you said       " << (interests.empty() ? "-" : interests) << "\n";
  std::string consents;
  for (const Json& c : List(ex, "consents"))
    consents += (consents.empty() ? "" : ", ") + Str(c, "purpose") + " " + Str(c, "state");
  std::cout << "consent        " << consents << "\n";
  std::cout << "personalising  " << (Bool(p, "paused") ? "paused" : "on") << "\n";
  size_t outbox = 0;
  Check(tacit_outbox_size(t_, &outbox));
  std::cout << "outbox         " << Plural(outbox, "report", "reports") << " waiting; "
            << Plural(List(ex, "sent_log").size(), "report", "reports") << " sent so far\n";
}

void Host::LoadCatalog(const Cmd& c) {
  std::vector<uint8_t> bytes;
  if (!ReadFile(c.file, &bytes)) throw Error{TACIT_ERR_IO, "cannot read " + c.file + ": " + std::strerror(errno)};
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

void Host::Declare(const Cmd& c) {
  Check(tacit_declare_interest(Open(), c.topic.c_str(), c.weight));
  std::cout << "noted: you like " << c.topic << (c.weight < 1.0 ? " (weight " + Fixed(c.weight, 2) + ")" : "") << "\n";
}

void Host::Undeclare(const Cmd& c) {
  Check(tacit_undeclare_interest(Open(), c.topic.c_str()));
  std::cout << "removed: " << c.topic << " is no longer a declared interest\n";
}

void Host::Record(const Cmd& c) {
  std::vector<std::string> topics = Split(c.topics, ',');
  std::vector<const char*> ptrs;
  for (const auto& t : topics) ptrs.push_back(t.c_str());
  tacit_event_t e;
  tacit_event_init(&e);
  e.type = EventType(c.type);
  e.item_id = c.item.c_str();
  e.topic_ids = ptrs.empty() ? nullptr : ptrs.data();
  e.topic_count = ptrs.size();
  e.timestamp_ms = NowMs();
  if (!c.at.empty() && !ParseTime(c.at, &e.timestamp_ms)) Usage("--at needs Unix ms or an ISO 8601 time");
  e.value = c.value;
  Check(tacit_record_event(Open(), &e));
  std::cout << "recorded " << c.type << " of " << c.item;
  if (c.has_value) std::cout << " (value " << c.value << ")";
  std::cout << " at " << FormatTime(e.timestamp_ms) << "\n";
}

void Host::Rank(const Cmd& c) {
  const bool voice = voice_ || c.voice;
  tacit_rank_request_t req;
  tacit_rank_request_init(&req);
  req.k = c.k;
  if (c.has_seed) req.seed = c.seed;
  if (c.has_explore) req.exploration = c.explore;
  if (voice) req.surface = TACIT_SURFACE_VOICE;
  tacit_ranking_t* r = nullptr;
  tacit_status s = tacit_rank(Open(), &req, &r);
  if (s == TACIT_ERR_NO_CATALOG && g_.brand_keys.empty())
    throw Error{s, std::string(tacit_last_error()) + " (no --brand-key given: a stored catalog cannot be verified)"};
  Check(s);
  const size_t n = tacit_ranking_size(r);
  if (c.json) {
    Json items = Json::array();
    for (size_t i = 0; i < n; ++i) {
      const tacit_ranked_item_t* it = tacit_ranking_get(r, i);
      Json reasons = Json::array();
      for (size_t k = 0; k < it->reason_count; ++k) {
        const tacit_reason_t& re = *tacit_ranking_reason(r, i, k);
        reasons.push_back({{"kind", re.kind},
                           {"ref_id", re.ref_id},
                           {"ref_is_item", re.ref_is_item != 0},
                           {"contribution", re.contribution},
                           {"text", re.text},
                           {"spoken", re.spoken}});
      }
      items.push_back({{"rank", i + 1},
                       {"item_id", it->item_id},
                       {"title", it->title},
                       {"score", it->score},
                       {"reasons", std::move(reasons)}});
    }
    std::cout << Pretty(items) << "\n";
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

void Host::Why(const Cmd& c) {
  tacit_ranking_t* r = nullptr;
  tacit_status s = tacit_explain(Open(), c.item.c_str(), &r);
  if (s == TACIT_ERR_NOT_FOUND) {
    // Hidden or unknown: the message says which and why. Not a failure of the command.
    std::cout << c.item << " would not be shown: " << tacit_last_error() << "\n";
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

void Host::NotInterested(bool topic, const Cmd& c) {
  if (!topic) {
    Check(tacit_not_interested_item(Open(), c.item.c_str()));
    std::cout << "got it: you will not see " << c.item << " again\n";
  } else {
    Check(tacit_not_interested_topic(Open(), c.topic.c_str()));
    std::cout << "got it: nothing about " << c.topic << " (or its subtopics) from now on\n";
  }
}

void Host::ConsentSet(bool give, const Cmd& c) {
  int32_t purpose = Purpose(c.purpose);
  int32_t state = give ? TACIT_CONSENT_GIVEN : TACIT_CONSENT_REVOKED;
  Check(tacit_consent_set(Open(), purpose, state, c.policy.c_str()));
  std::cout << c.purpose << ": " << StateName(state) << " (policy " << c.policy << ")";
  if (state == TACIT_CONSENT_REVOKED && purpose == TACIT_PURPOSE_MEASUREMENT)
    std::cout << "; reports waiting to be sent were deleted";
  std::cout << "\n";
}

void Host::ConsentTcf(const Cmd& c) {
  Check(tacit_consent_set_tcf(Open(), c.tcf.c_str(), uint16_t(c.vendor)));
  std::cout << "applied the TC string for vendor " << c.vendor << ":\n";
  ConsentShow();
}

void Host::ConsentShow() {
  Json ex = Export();
  for (const Json& c : List(ex, "consents")) {
    std::string state = Str(c, "state");
    std::cout << "  " << Pad(Str(c, "purpose"), 17) << Pad(state, 9);
    if (state == "unknown")
      std::cout << "(not asked yet: counts as no)";
    else
      std::cout << "policy " << Pad(Str(c, "policy_version"), 10) << " " << FormatTime(int64_t(Num(c, "at")))
                << "  via " << Str(c, "source");
    std::cout << "\n";
  }
  std::cout << "  " << Plural(List(ex, "consent_history").size(), "change", "changes") << " in the history\n";
}

// One queued or sent report, as a table row.
void PrintReportRow(const Json& r) {
  const Json& c = Member(r, "content");
  std::string says;
  if (!Member(c, "randomised_bits").is_null()) {
    says = "bits " + Str(c, "randomised_bits");
  } else if (!Member(c, "hash_seed").is_null()) {
    says = "hashed value " + std::to_string(uint64_t(Num(c, "randomised_value")));
  } else {
    says = "value " + std::to_string(uint64_t(Num(c, "randomised_value"))) + " of " +
           std::to_string(uint64_t(Num(c, "domain")));
  }
  std::cout << "  " << Pad(Str(r, "metric"), 22) << Pad(std::to_string(uint64_t(Num(r, "period"))), 8)
            << Pad(Str(c, "mechanism"), 11) << Pad(Fixed(Num(r, "epsilon_spent"), 2), 7)
            << Pad(std::to_string(uint64_t(Num(r, "sealed_bytes"))) + " B", 8) << says << "\n";
}

void PrintReportHeader() {
  std::cout << "  " << Pad("metric", 22) << Pad("period", 8) << Pad("mechanism", 11) << Pad("ε", 7)
            << Pad("sealed", 8) << "randomised answer\n";
}

void Host::ReportPreview(const Cmd& c) {
  TacitString out;
  Check(tacit_reports_preview_json(Open(), &out.p, &out.n));
  const Json j = ParseTacitJson(out.str(), "the preview");
  if (c.json) {
    std::cout << Pretty(j) << "\n";
    return;
  }
  const Json& reports = List(j, "reports");
  if (reports.size() == 0) {
    std::cout << "nothing would be sent.\n";
  } else {
    std::cout << Plural(reports.size(), "report", "reports")
              << " would be sent, each sealed to the brand's key (nothing else leaves this device):\n";
    PrintReportHeader();
    for (const Json& r : reports) PrintReportRow(r);
    std::cout << "  each holds " << Str(Member(reports.front(), "content"), "contains", "a randomised answer only")
              << "\n";
  }
  for (const Json& b : List(j, "blocked")) std::cout << "  not reporting: " << Text(b) << "\n";
}

void Host::ReportFlush(const Cmd& c) {
  const std::string& dir = c.out;
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

void Host::ExportCmd(const Cmd& c) {
  if (!c.out.empty()) {
    TacitString out;
    Check(tacit_export_json(Open(), &out.p, &out.n));
    int e = WriteFile(c.out, reinterpret_cast<const uint8_t*>(out.p), out.n, 0600, false);
    if (e) throw Error{TACIT_ERR_IO, "cannot write " + c.out + ": " + std::strerror(e)};
    std::cout << "wrote everything tacit holds about you to " << c.out << " (" << out.n << " bytes of JSON)\n";
    return;
  }
  Json ex = Export();
  if (c.json) {
    std::cout << Pretty(ex) << "\n";
    return;
  }
  const Json& p = Member(ex, "profile");
  std::cout << "What tacit knows about you. All of it stays on this device, encrypted.\n\n";
  std::cout << "  events stored     " << uint64_t(Num(p, "events_stored"))
            << (Bool(p, "paused") ? "   (personalisation paused)" : "") << "\n";
  std::cout << "\n  You said you like\n";
  const Json& declared = List(ex, "declared_interests");
  if (declared.empty()) std::cout << "    -\n";
  for (const Json& i : declared)
    std::cout << "    " << Pad(Str(i, "label", Str(i, "topic")), 24) << "weight " << Fixed(Num(i, "weight"), 2)
              << "   since " << FormatTime(int64_t(Num(i, "declared_at"))) << "\n";
  const Json& inferred = List(ex, "inferred_interests");
  std::cout << "\n  tacit inferred from what you did"
            << (!inferred.empty() && !Bool(inferred.front(), "used_in_ranking", true)
                    ? " (not used in ranking: no personalisation consent)"
                    : "")
            << "\n";
  if (inferred.empty()) std::cout << "    -\n";
  for (const Json& i : inferred)
    std::cout << "    " << Pad(Str(i, "label", Str(i, "topic")), 24) << "affinity " << Fixed(Num(i, "affinity"), 2)
              << "   " << Str(i, "evidence") << "\n";
  const Json& nt = List(ex, "not_interested_topics");
  const Json& ni = List(ex, "not_interested_items");
  const Json& fi = List(ex, "forgotten_inferred_topics");
  if (nt.size() + ni.size() + fi.size()) {
    std::cout << "\n  You told us no\n";
    for (const Json& f : nt) std::cout << "    topic  " << Pad(Str(f, "id"), 40) << FormatTime(int64_t(Num(f, "at"))) << "\n";
    for (const Json& f : ni) std::cout << "    item   " << Pad(Str(f, "id"), 40) << FormatTime(int64_t(Num(f, "at"))) << "\n";
    for (const Json& f : fi) std::cout << "    forgot " << Pad(Str(f, "id"), 40) << FormatTime(int64_t(Num(f, "at"))) << "\n";
  }
  std::cout << "\n  Consents\n";
  for (const Json& k : List(ex, "consents")) {
    std::cout << "    " << Pad(Str(k, "purpose"), 19);
    if (Str(k, "state") != "unknown")
      std::cout << Pad(Str(k, "state"), 9) << "policy " << Str(k, "policy_version") << ", "
                << FormatTime(int64_t(Num(k, "at")));
    else
      std::cout << "not asked yet (counts as no)";
    std::cout << "\n";
  }
  const Json& b = Member(ex, "privacy_budget");
  std::cout << "\n  Sent to the brand  " << Plural(List(ex, "sent_log").size(), "report", "reports") << " (waiting: "
            << List(ex, "outbox").size() << ")\n";
  const Json& day = Member(b, "last_24h");
  const Json& year = Member(b, "last_365_days");
  if (Num(year, "epsilon_bound") > 0) {
    std::cout << "  Privacy budget     ε " << Fixed(Num(day, "epsilon_spent"), 2) << " of "
              << Fixed(Num(day, "epsilon_bound"), 2) << " in the last 24 h, " << Fixed(Num(year, "epsilon_spent"), 2)
              << " of " << Fixed(Num(year, "epsilon_bound"), 2) << " in the last 365 days\n";
    std::cout << "  " << Str(b, "meaning") << "\n";
  }
  const std::string plan_sha = Str(Member(ex, "measurement_plan"), "sha256");
  if (!plan_sha.empty())
    std::cout << "  Measurement plan   sha256 " << plan_sha << " (the same on every phone with this app)\n";
  std::cout << "\n  (the full record: export --json, or export --out FILE)\n";
}

void Host::Forget(bool behaviour, const Cmd& c) {
  if (!behaviour) {
    Check(tacit_forget_inferred(Open(), c.topic.c_str()));
    std::cout << "forgot what tacit inferred about " << c.topic << "; past behaviour no longer counts for it\n";
  } else {
    Check(tacit_forget_topic_behaviour(Open(), c.topic.c_str()));
    std::cout << "deleted every stored event about " << c.topic << "\n";
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

void Host::Clock(const Cmd& c) {
  const std::string& v = c.when;
  if (v == "system") {
    g_fixed_now = 0;
  } else if (v.size() > 2 && v[0] == '+' && (v.back() == 'd' || v.back() == 'h')) {
    int64_t n = ParseInt("clock", v.substr(1, v.size() - 2));
    g_fixed_now = NowMs() + n * (v.back() == 'd' ? 86400000 : 3600000);
  } else if (!v.empty() && !ParseTime(v, &g_fixed_now)) {
    Usage("usage: clock [MS | ISO 8601 time | +Nd | +Nh | system]");
  }
  std::cout << "now " << FormatTime(NowMs()) << (g_fixed_now ? " (fixed)" : " (system clock)") << "\n";
}

#ifdef TACIT_HOST_SERVE
// The web app: beside an installed tacit-host (PREFIX/share/tacit/privacy-centre), else the source tree's.
std::string DefaultStaticDir() {
  char exe[4096];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    std::string dir(exe);
    dir = dir.substr(0, dir.rfind('/')) + "/../share/tacit/privacy-centre";
    if (Exists(dir + "/index.html")) return dir;
  }
  return TACIT_PRIVACY_CENTRE_DIR;
}
#endif

void Host::Serve(const Cmd& c) {
#ifdef TACIT_HOST_SERVE
  host::ServeOptions o;
  o.static_dir = c.static_dir.empty() ? DefaultStaticDir() : c.static_dir;
  o.port = c.port;
  o.catalog_path = c.catalog;
  o.policy_version = c.serve_policy;
  o.locale = c.locale;
  o.url_file = c.url_file;
  o.outbox_dir = c.outbox;
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
  (void)c;
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

// ------------------------------------------------------------------------------------------------
// The command line (CLI11). The program and each shell line get a fresh parser and Cmd; the command given
// sets the action, which runs once the whole line has parsed.

using Action = std::function<void(Host&)>;

// Unix ms or ISO 8601 (ParseTime); `positive`: after 1970.
CLI::Validator TimeValidator(bool positive) {
  return CLI::Validator(
      [positive](std::string& v) {
        int64_t ms = 0;
        if (!ParseTime(v, &ms)) return "'" + v + "' is neither Unix ms nor an ISO 8601 time (2026-06-01T09:00:00Z)";
        if (positive && ms <= 0) return std::string("the time must be after 1970-01-01T00:00:00Z");
        return std::string();
      },
      "");
}

// Adds the commands to `app`. `shell`: a shell line (voice, clock and quit; no shell).
void AddCommands(CLI::App* app, Cmd& c, Action& action, int& status, bool shell) {
  // The command sets the action when it is the one given.
  auto on = [&action](CLI::App* sub, Action f) {
    sub->callback([&action, f] { action = f; });
    return sub;
  };
  // A command of sub-commands (consent give, report flush ...): one of them is needed.
  auto group = [](CLI::App* parent, const char* name, const char* what) {
    CLI::App* sub = parent->add_subcommand(name, what);
    sub->require_subcommand(1);
    return sub;
  };
  auto add = [app](const char* name, const char* what) { return app->add_subcommand(name, what); };
  app->group("Commands");  // inherited by the commands: their heading in the help
  app->get_formatter()->label("SUBCOMMAND", "COMMAND");

  on(add("init", "create the key file (mode 0600) and the profile if missing"), [](Host& h) { h.Init(); });
  on(add("info", "what is in the profile, in one screen"), [](Host& h) { h.Info(); });
  on(add("load-catalog", "verify and activate a signed catalog"), [&c](Host& h) { h.LoadCatalog(c); })
      ->add_option("FILE", c.file, "the signed catalog")
      ->required();

  CLI::App* declare = on(add("declare", "say you like a topic"), [&c](Host& h) { h.Declare(c); });
  declare->add_option("TOPIC", c.topic, "a topic id")->required();
  declare->add_option("WEIGHT", c.weight, "in (0, 1]")->capture_default_str();
  on(add("undeclare", "take a declared interest back"), [&c](Host& h) { h.Undeclare(c); })
      ->add_option("TOPIC", c.topic, "a declared topic id")
      ->required();

  CLI::App* record = add("record", "record one interaction with an item");
  record->add_option("TYPE", c.type, "the interaction")
      ->required()
      ->check(CLI::IsMember({"view", "open", "complete", "like", "share", "dismiss", "conversion", "skip"}));
  record->add_option("ITEM", c.item, "the item id")->required();
  record->add_option("--topics", c.topics, "the item's topic ids, comma-separated")->type_name("a,b");
  record->add_option("--at", c.at, "when it happened: Unix ms or ISO 8601 (default now)")
      ->type_name("TIME")
      ->check(TimeValidator(false));
  CLI::Option* value =
      record->add_option("--value", c.value, "the interaction's value (a conversion's amount)")->type_name("V");
  on(record, [&c, value](Host& h) {
    c.has_value = value->count() > 0;
    h.Record(c);
  });

  CLI::App* rank = add("rank", "the feed, each item with why it is there")->alias("feed");
  rank->add_option("--k", c.k, "how many items")->type_name("N")->capture_default_str();
  CLI::Option* seed = rank->add_option("--seed", c.seed, "fixes exploration")->type_name("S");
  CLI::Option* explore = rank->add_option("--explore", c.explore, "the share of exploration")->type_name("X");
  rank->add_flag("--json", c.json, "every field, as JSON");
  rank->add_flag("--voice", c.voice, "rank for the voice surface and print the spoken forms");
  on(rank, [&c, seed, explore](Host& h) {
    c.has_seed = seed->count() > 0;
    c.has_explore = explore->count() > 0;
    h.Rank(c);
  });
  on(add("why", "why one item would be shown (or why it is hidden)"), [&c](Host& h) { h.Why(c); })
      ->add_option("ITEM", c.item, "the item id")
      ->required();

  CLI::App* not_interested = group(app, "not-interested", "never show an item, or a topic, again");
  on(not_interested->add_subcommand("item", "never show this item"), [&c](Host& h) { h.NotInterested(false, c); })
      ->add_option("ID", c.item, "the item id")
      ->required();
  on(not_interested->add_subcommand("topic", "nothing about this topic or its subtopics"),
     [&c](Host& h) { h.NotInterested(true, c); })
      ->add_option("ID", c.topic, "the topic id")
      ->required();

  CLI::App* consent = group(app, "consent", "consent per purpose: give, revoke, show, or apply a TC string");
  for (bool give : {true, false}) {
    CLI::App* sub = on(consent->add_subcommand(give ? "give" : "revoke", give ? "give consent" : "revoke consent"),
                       [&c, give](Host& h) { h.ConsentSet(give, c); });
    sub->add_option("PURPOSE", c.purpose, "personalization (or personalisation) or measurement")
        ->required()
        ->check(CLI::IsMember({"personalization", "personalisation", "measurement"}));
    sub->add_option("--policy", c.policy, "the version of the consent text the user saw")
        ->type_name("VERSION")
        ->required();
  }
  on(consent->add_subcommand("show", "each purpose's state, policy version and date"),
     [](Host& h) { h.ConsentShow(); });
  CLI::App* tcf = on(consent->add_subcommand("tcf", "apply an IAB TCF v2.2 TC string"),
                     [&c](Host& h) { h.ConsentTcf(c); });
  tcf->add_option("STRING", c.tcf, "the TC string")->required();
  tcf->add_option("--vendor", c.vendor, "the brand's GVL vendor id")
      ->type_name("ID")
      ->required()
      ->check(CLI::Range(1, 65535));

  CLI::App* report = group(app, "report", "the brand's reports: see them, or send them");
  on(report->add_subcommand("preview", "exactly what would be sent, before anything is"),
     [&c](Host& h) { h.ReportPreview(c); })
      ->add_flag("--json", c.json, "the preview as JSON");
  on(report->add_subcommand("flush", "make due reports, write each as DIR/<report id>.bin, acknowledge it"),
     [&c](Host& h) { h.ReportFlush(c); })
      ->add_option("--out", c.out, "the directory (the stand-in for the network)")
      ->type_name("DIR")
      ->required();

  CLI::App* dap = group(app, "dap", "DAP: the aggregators' HPKE configs, and sending reports (docs/dap.md)");
  host::AddDapCommands(dap, &c.dap);
  on(dap, [&c](Host& h) { h.Dap(c); });

  CLI::App* exp = on(add("export", "everything tacit holds about you (a summary, JSON, or a file)"),
                     [&c](Host& h) { h.ExportCmd(c); });
  exp->add_flag("--json", c.json, "all of it, as JSON");
  exp->add_option("--out", c.out, "write the JSON to FILE (mode 0600)")->type_name("FILE");

  CLI::App* forget = group(app, "forget", "forget what was inferred about a topic, or its events");
  on(forget->add_subcommand("inferred", "what was inferred about a topic no longer counts"),
     [&c](Host& h) { h.Forget(false, c); })
      ->add_option("TOPIC", c.topic, "the topic id")
      ->required();
  on(forget->add_subcommand("behaviour", "delete every stored event about a topic")->alias("behavior"),
     [&c](Host& h) { h.Forget(true, c); })
      ->add_option("TOPIC", c.topic, "the topic id")
      ->required();
  on(add("pause", "stop personalisation from behaviour"), [](Host& h) { h.Pause(true); });
  on(add("resume", "restart personalisation from behaviour"), [](Host& h) { h.Pause(false); });
  on(add("erase", "delete the profile and the key file"), [](Host& h) { h.Erase(); });

  CLI::App* serve = on(add("serve", "the privacy centre in a browser, on 127.0.0.1 only"),
                       [&c](Host& h) { h.Serve(c); });
  serve->add_option("--port", c.port, "0: any free port")->type_name("N")->check(CLI::Range(0, 65535));
  serve->add_option("--static", c.static_dir, "the web app's files (default: the installed ones, else the source's)")
      ->type_name("DIR");
  serve->add_option("--catalog", c.catalog, "a signed catalog loaded into a new profile")->type_name("FILE");
  serve->add_option("--policy", c.serve_policy, "the consent text version the page shows")
      ->type_name("VERSION")
      ->capture_default_str();
  serve->add_option("--locale", c.locale, "the reasons' default language")->type_name("L")->capture_default_str();
  serve->add_option("--url-file", c.url_file, "once listening, write the URL (token included) here, mode 0600")
      ->type_name("FILE");
  serve->add_option("--outbox", c.outbox, "where \"Send now\" writes reports (none: no sending)")->type_name("DIR");

  if (shell) {
    on(add("voice", "print the spoken forms, as a speaker would say them"), [&c](Host& h) { h.Voice(c); })
        ->add_option("STATE", c.on_off, "on or off")
        ->required()
        ->check(CLI::IsMember({"on", "off"}));
    on(add("clock", "show or move the shell's clock"), [&c](Host& h) { h.Clock(c); })
        ->add_option("WHEN", c.when, "Unix ms, an ISO 8601 time (2026-06-01T09:00:00Z), +Nd, +Nh or system");
    add("quit", "leave the shell (also: exit, or the end of the input)");
    on(add("shell", "")->group(""), [](Host&) { Usage("already in the shell"); });
  } else {
    on(add("shell", "interactive: the commands, one a line, plus voice on|off, clock and quit"),
       [&status](Host& h) { status = h.Shell(); });
  }
  on(add("help", "this help"), [app](Host&) {
    std::cout << app->get_formatter()->make_help(app, app->get_name(), CLI::AppFormatMode::Normal);
  });
}

// The commands a parse got into, as " consent give".
std::string CommandPath(const CLI::App& app) {
  std::string path;
  for (const CLI::App* a = &app; !a->get_subcommands().empty();) {
    a = a->get_subcommands().front();
    path += " " + a->get_name();
  }
  return path;
}

// Runs `parse`: true when the line holds something to do. --help and --version print on stdout and give
// false; a usage error throws Error{kUsage} with one line that names the command and its help.
bool ParseLine(CLI::App& app, const std::function<void()>& parse) {
  try {
    parse();
    return true;
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
  } catch (const CLI::CallForVersion& e) {
    std::cout << e.what() << "\n";
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    std::replace(what.begin(), what.end(), '\n', ' ');
    const std::string path = CommandPath(app);
    std::string help = app.get_name() + path;
    help = help.empty() ? "help" : (help[0] == ' ' ? help.substr(1) : help) + " --help";
    Usage((path.empty() ? "" : path.substr(1) + ": ") + what + " (see '" + help + "')");
  }
  return false;
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
    try {
      CLI::App app{"The tacit-host shell: one command a line ('COMMAND --help' for its arguments)."};
      app.require_subcommand(0, 1);
      app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
      Cmd c;
      Action action;
      int unused = 0;
      AddCommands(&app, c, action, unused, true);
      std::reverse(words.begin(), words.end());  // CLI11 takes the words last first
      if (!ParseLine(app, [&] { app.parse(words); })) continue;
      if (!action) Usage("no command (see 'help')");
      action(*this);
    } catch (const Error& e) {
      PrintError(e);
      ++failures;
    } catch (const std::exception& e) {
      std::cerr << "tacit-host: " << e.what() << "\n";
      ++failures;
    }
  }
  if (tty) std::cout << "\n";
  return failures ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Globals g;
  Cmd c;
  Action action;
  int status = 0;
  std::string now;
  try {
    CLI::App app{"tacit-host: a sample content app on tacit's public C API (docs/host-app.md).", "tacit-host"};
    app.set_version_flag("--version", std::string("tacit-host ") + tacit_version(), "print the version and exit");
    app.fallthrough();  // the global options may also follow the command
    app.require_subcommand(0, 1);
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // an option again: the last wins
    app.add_option("--profile", g.profile, "the encrypted profile directory (default ./tacit-profile)")
        ->type_name("DIR");
    app.add_option("--key-file", g.key_file, "32 raw key bytes, the stand-in for the platform keystore (default DIR.key)")
        ->type_name("FILE");
    app.add_option("--brand-key", g.brand_keys,
                   "a brand Ed25519 public key (32 bytes) that may sign catalogs and plans; repeatable")
        ->type_name("FILE")
        ->expected(1)
        ->allow_extra_args(false)  // one FILE each time, so a command's arguments may follow
        ->take_all();
    app.add_option("--plan", g.plan, "the brand's signed measurement plan, as bundled with the app (none: no reports)")
        ->type_name("FILE");
    app.add_option("--brand-id", g.brand_id, "the brand id catalogs must carry")->type_name("ID");
    app.add_option("--now", now, "a fixed clock, for reproducible demos: Unix ms or ISO 8601 (2026-06-01T09:00:00Z)")
        ->type_name("TIME")
        ->check(TimeValidator(true));
    app.footer("The global options (--profile, --now ...): tacit-host --help.");  // inherited by the commands
    AddCommands(&app, c, action, status, false);
    app.footer(
        "'tacit-host COMMAND --help' shows a command's arguments. Exit status: 0 success, 1 a failed call\n"
        "(tacit-host: STATUS_NAME: message on stderr), 2 a usage error.");
    if (!ParseLine(app, [&] { app.parse(argc, argv); })) return 0;
    if (!now.empty()) ParseTime(now, &g_fixed_now);  // checked by the parser
    if (!action) Usage("no command (see 'tacit-host --help')");
    Host host(g);
    action(host);
  } catch (const Error& e) {
    PrintError(e);
    return e.status == kUsage ? 2 : 1;
  } catch (const std::exception& e) {
    std::cerr << "tacit-host: " << e.what() << "\n";
    return 1;
  }
  return status;
}

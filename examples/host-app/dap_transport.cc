#include "dap_transport.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

namespace host {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

size_t OnBody(char* p, size_t size, size_t n, void* ctx) {
  auto* r = static_cast<HttpResult*>(ctx);
  r->body.insert(r->body.end(), p, p + size * n);
  return size * n;
}

size_t OnHeader(char* p, size_t size, size_t n, void* ctx) {
  auto* r = static_cast<HttpResult*>(ctx);
  std::string line(p, size * n);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = Lower(Trim(line.substr(0, colon))), value = Trim(line.substr(colon + 1));
    if (name == "content-type") r->content_type = value;
    else if (name == "cache-control") r->cache_control = value;
    else if (name == "retry-after") r->retry_after = value;
  }
  return size * n;
}

struct ReadState {
  const std::vector<uint8_t>* body;
  size_t off = 0;
};

size_t OnRead(char* p, size_t size, size_t n, void* ctx) {
  auto* s = static_cast<ReadState*>(ctx);
  size_t k = std::min(size * n, s->body->size() - s->off);
  if (k) std::memcpy(p, s->body->data() + s->off, k);
  s->off += k;
  return k;
}

bool ReadAll(const std::string& path, std::string* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return !f.bad();
}

// Writes `data` to path via a temporary file and rename, so a crash leaves the old or the new file.
bool WriteAtomically(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t off = 0;
  while (off < data.size()) {
    ssize_t w = ::write(fd, data.data() + off, data.size() - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      ::close(fd);
      return false;
    }
    off += size_t(w);
  }
  bool ok = ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  return ok && std::rename(tmp.c_str(), path.c_str()) == 0;
}

// Cache file names: the aggregator URL and task id, made file-name safe.
std::string CacheName(const std::string& aggregator, const std::string& task_id) {
  std::string s = "hpke-" + aggregator + "-" + task_id;
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  return s;
}

}  // namespace

std::string HttpResult::problem_type() const {
  if (content_type.rfind("application/problem+json", 0) != 0) return "";
  const nlohmann::json j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (!j.is_object()) return "";  // also when not JSON at all (discarded)
  auto it = j.find("type");
  if (it == j.end() || !it->is_string()) return "";
  const std::string type = it->get<std::string>();
  const std::string urn = "urn:ietf:params:ppm:dap:error:";
  return type.rfind(urn, 0) == 0 ? type.substr(urn.size()) : type;
}

Http::Http() : curl_(nullptr) {
  static const bool inited = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (inited) curl_ = curl_easy_init();
}

Http::~Http() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResult Http::Perform(const std::string& url, const char* method, const std::string& header,
                         const std::vector<uint8_t>* body) {
  HttpResult r;
  CURL* c = static_cast<CURL*>(curl_);
  if (!c) {
    r.transport_error = "libcurl could not be initialised";
    return r;
  }
  curl_easy_reset(c);
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = curl_slist_append(nullptr, header.c_str());
  if (body) headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  ReadState rs{body};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  if (body) {
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);  // PUT
    curl_easy_setopt(c, CURLOPT_READFUNCTION, OnRead);
    curl_easy_setopt(c, CURLOPT_READDATA, &rs);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(body->size()));
  }
  (void)method;
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    r.status = 0;
    r.transport_error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    r.body.clear();
    return r;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  return r;
}

HttpResult Http::Get(const std::string& url, const std::string& accept) {
  return Perform(url, "GET", "Accept: " + accept, nullptr);
}

HttpResult Http::Put(const std::string& url, const std::string& content_type, const std::vector<uint8_t>& body) {
  return Perform(url, "PUT", "Content-Type: " + content_type, &body);
}

int64_t MaxAgeSeconds(const std::string& cache_control) {
  std::string cc = Lower(cache_control);
  if (cc.find("no-store") != std::string::npos || cc.find("no-cache") != std::string::npos) return 0;
  size_t start = 0;
  while (start <= cc.size()) {
    size_t end = cc.find(',', start);
    if (end == std::string::npos) end = cc.size();
    std::string d = Trim(cc.substr(start, end - start));
    if (d.rfind("max-age=", 0) == 0) {
      std::string v = d.substr(8);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      if (v.empty() || v.size() > 12 || !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        return 0;
      return std::strtoll(v.c_str(), nullptr, 10);
    }
    start = end + 1;
  }
  return 0;
}

std::string JoinUrl(const std::string& base, const std::string& path) {
  std::string b = base;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return path.empty() || path[0] == '/' ? b + path : b + "/" + path;
}

ConfigFetch FetchHpkeConfigList(Http& http, const std::string& aggregator, const std::string& task_id,
                                const std::string& cache_dir, int64_t now_ms, bool force) {
  ConfigFetch out;
  const std::string base = cache_dir + "/" + CacheName(aggregator, task_id);
  std::string cached, meta;
  int64_t cached_expiry = 0;
  if (ReadAll(base + ".bin", &cached) && ReadAll(base + ".expires", &meta)) cached_expiry = std::atoll(meta.c_str());
  const bool fresh = !cached.empty() && now_ms < cached_expiry;
  if (fresh && !force) {
    out.list.assign(cached.begin(), cached.end());
    out.from_cache = true;
    out.expires_at_ms = cached_expiry;
    return out;
  }
  const std::string url = JoinUrl(aggregator, "/hpke_config?task_id=" + task_id);
  HttpResult r = http.Get(url, "application/dap-hpke-config-list");
  std::string why;
  if (r.status == 0)
    why = r.transport_error;
  else if (r.status != 200)
    why = "HTTP " + std::to_string(r.status) + (r.problem_type().empty() ? "" : " " + r.problem_type());
  else if (r.content_type.rfind("application/dap-hpke-config-list", 0) != 0)
    why = "answered with Content-Type '" + r.content_type + "', not application/dap-hpke-config-list";
  else if (r.body.empty())
    why = "answered with an empty body";
  if (!why.empty()) {
    if (fresh) {
      out.list.assign(cached.begin(), cached.end());
      out.from_cache = true;
      out.expires_at_ms = cached_expiry;
      return out;
    }
    out.error = "GET " + url + ": " + why;
    return out;
  }
  out.list = std::move(r.body);
  out.expires_at_ms = now_ms + MaxAgeSeconds(r.cache_control) * 1000;
  ::mkdir(cache_dir.c_str(), 0755);
  // A failure to cache is not a failure to fetch: the next call fetches again.
  if (WriteAtomically(base + ".bin", std::string(out.list.begin(), out.list.end())))
    WriteAtomically(base + ".expires", std::to_string(out.expires_at_ms));
  return out;
}

UploadResult UploadReport(Http& http, const std::string& url, const std::string& media_type,
                          const std::vector<uint8_t>& body, const RetryPolicy& policy,
                          const std::function<void(int64_t)>& sleep_ms) {
  UploadResult out;
  int64_t delay = policy.first_delay_ms;
  for (out.attempts = 1;; ++out.attempts) {
    HttpResult r = http.Put(url, media_type, body);
    out.status = r.status;
    if (r.status >= 200 && r.status < 300) {
      out.ok = true;
      out.problem.clear();
      return out;
    }
    out.problem = r.status == 0 ? r.transport_error : r.problem_type();
    if (out.problem.empty()) out.problem = "HTTP " + std::to_string(r.status);
    const bool retryable = r.status == 0 || r.status == 408 || r.status == 429 || r.status >= 500;
    if (!retryable) {
      out.permanent = true;
      return out;
    }
    if (out.attempts >= policy.max_attempts) return out;
    int64_t wait = delay;
    if (!r.retry_after.empty() && std::all_of(r.retry_after.begin(), r.retry_after.end(), ::isdigit) &&
        r.retry_after.size() < 7)
      wait = std::max(wait, int64_t(std::atoll(r.retry_after.c_str())) * 1000);
    sleep_ms(std::min(wait, std::max(policy.max_delay_ms, delay)));
    delay = std::min(delay * 2, policy.max_delay_ms);
  }
}

}  // namespace host

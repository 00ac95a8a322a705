// The sample host's DAP transport over libcurl: fetch each aggregator's HpkeConfigList (cached on disk for its
// Cache-Control max-age; a newer list replaces the older, so a rotated config id takes over), and upload
// reports with PUT {leader}/tasks/{task-id}/reports, retrying with exponential backoff. Only the host talks
// to the network; tacit builds the bytes and says where they go (docs/dap.md).
#ifndef TACIT_HOST_DAP_TRANSPORT_H_
#define TACIT_HOST_DAP_TRANSPORT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace host {

struct HttpResult {
  long status = 0;              // 0 when no HTTP answer arrived
  std::string transport_error;  // why not, when status == 0
  std::string content_type;
  std::string cache_control;
  std::string retry_after;
  std::vector<uint8_t> body;
  std::string problem_type() const;  // the RFC 9457 "type" of an application/problem+json answer, else ""
};

// One libcurl easy handle, reused across requests (keeps the connection). Timeouts: 10 s to connect, 30 s total.
class Http {
 public:
  Http();
  ~Http();
  Http(const Http&) = delete;
  Http& operator=(const Http&) = delete;
  HttpResult Get(const std::string& url, const std::string& accept);
  HttpResult Put(const std::string& url, const std::string& content_type, const std::vector<uint8_t>& body);

 private:
  HttpResult Perform(const std::string& url, const char* method, const std::string& header,
                     const std::vector<uint8_t>* body);
  void* curl_;
};

// The max-age of a Cache-Control value in seconds; 0 for no-cache, no-store, a missing or malformed max-age.
int64_t MaxAgeSeconds(const std::string& cache_control);

// "{base}" + path with exactly one "/" between them.
std::string JoinUrl(const std::string& base, const std::string& path);

struct ConfigFetch {
  std::vector<uint8_t> list;  // the HpkeConfigList bytes
  bool from_cache = false;
  int64_t expires_at_ms = 0;
  std::string error;          // non-empty: nothing usable (no cached list either)
};

// The aggregator's HpkeConfigList for a task: the cached copy in `cache_dir` while it is fresh (unless
// `force`), else GET {aggregator}/hpke_config?task_id=..., which must answer 200 with
// application/dap-hpke-config-list; the answer replaces the cached copy (written atomically) with its
// max-age. A failed fetch falls back to a cached copy only while that copy is fresh.
ConfigFetch FetchHpkeConfigList(Http& http, const std::string& aggregator, const std::string& task_id,
                                const std::string& cache_dir, int64_t now_ms, bool force);

struct RetryPolicy {
  int max_attempts = 5;
  int64_t first_delay_ms = 200;  // doubled after each failure, up to max_delay_ms (Retry-After wins if longer)
  int64_t max_delay_ms = 5000;
};

struct UploadResult {
  bool ok = false;     // a 2xx answer: the Leader has the report; the host may now acknowledge it
  int attempts = 0;
  long status = 0;
  std::string problem; // the DAP error type ("outdatedConfig", "reportRejected"...) or the transport error
  bool permanent = false;  // a 4xx other than 408/429: retrying the same bytes will not help
};

// PUT the report; retries network errors, 408, 429 and 5xx with backoff. `sleep_ms` is injectable for tests.
UploadResult UploadReport(Http& http, const std::string& url, const std::string& media_type,
                          const std::vector<uint8_t>& body, const RetryPolicy& policy,
                          const std::function<void(int64_t)>& sleep_ms);

}  // namespace host

#endif  // TACIT_HOST_DAP_TRANSPORT_H_

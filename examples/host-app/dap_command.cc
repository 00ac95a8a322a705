#include "dap_command.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include <CLI/CLI.hpp>

#include "dap_transport.h"

namespace host {

namespace {

std::string HexId(const uint8_t* p, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s.push_back(kDigits[p[i] >> 4]);
    s.push_back(kDigits[p[i] & 15]);
  }
  return s;
}

// Prepares what is due, then sends the outbox oldest first and acknowledges each report only after it was
// delivered: a DAP report by a 2xx from the Leader, a local-DP report by writing it into `ldp_dir`. Stops at
// the first report it cannot deliver (it stays queued, and so does everything after it).
DapOutcome SendOutbox(tacit_t* t, Http& http, const std::string& ldp_dir, std::ostream& out) {
  size_t made = 0;
  tacit_status s = tacit_reports_prepare(t, &made);
  if (s != TACIT_OK) return {s, tacit_last_error()};
  out << "prepared " << made << (made == 1 ? " report\n" : " reports\n");
  RetryPolicy policy;
  size_t dap = 0, ldp = 0;
  for (;;) {
    tacit_outgoing_report_t* r = nullptr;
    s = tacit_outbox_next(t, &r);
    if (s == TACIT_ERR_NOT_FOUND) break;
    if (s != TACIT_OK) return {s, tacit_last_error()};
    const bool is_dap = TACIT_HAS_FIELD(r, tacit_outgoing_report_t, media_type) && r->transport == TACIT_TRANSPORT_DAP;
    const std::string id = HexId(r->report_id, sizeof r->report_id);
    std::string problem;
    if (is_dap) {
      const std::vector<uint8_t> body(r->bytes, r->bytes + r->len);
      UploadResult u = UploadReport(http, r->upload_url, r->media_type, body, policy,
                                    [](int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); });
      if (!u.ok) problem = u.problem;
    } else if (ldp_dir.empty()) {
      problem = "a local-DP report is next: pass --out DIR for it";
    } else {
      std::ofstream f(ldp_dir + "/" + id + ".bin", std::ios::binary | std::ios::trunc);
      f.write(reinterpret_cast<const char*>(r->bytes), std::streamsize(r->len));
      f.close();
      if (!f) problem = "cannot write into " + ldp_dir;
    }
    if (problem.empty()) {
      out << "  sent " << id.substr(0, 12) << "  " << r->metric_id << "  " << r->len << " bytes "
          << (is_dap ? "to " + std::string(r->upload_url) : "into " + ldp_dir) << "\n";
      s = tacit_outbox_ack(t, r->report_id, sizeof r->report_id);
      (is_dap ? dap : ldp)++;
    }
    tacit_outgoing_report_free(r);
    if (!problem.empty()) return {TACIT_ERR_IO, "report " + id.substr(0, 12) + " kept in the outbox: " + problem};
    if (s != TACIT_OK) return {s, tacit_last_error()};
  }
  out << "sent " << dap << " DAP and " << ldp << " local-DP reports\n";
  return {};
}

const char* AeadName(uint16_t id) {
  return id == 1 ? "AES-128-GCM" : id == 3 ? "ChaCha20Poly1305" : "?";
}

}  // namespace

void AddDapCommands(CLI::App* dap, DapArgs* a) {
  CLI::App* configs = dap->add_subcommand(
      "configs", "fetch both aggregators' HPKE configs (cached for their Cache-Control max-age) and check them "
                 "with tacit");
  CLI::App* send = dap->add_subcommand(
      "send", "hand tacit both HPKE configs, prepare the reports due and send the outbox: DAP reports PUT to the "
              "Leader, local-DP ones written to --out; each acknowledged after success");
  CLI::App* upload = dap->add_subcommand(
      "upload", "PUT each report file in the spool to the Leader (retries with backoff); a file is removed only "
                "after a 2xx answer");
  for (CLI::App* c : {configs, send, upload}) {
    c->add_option("--task", a->task, "the DAP task id")->type_name("ID")->required();
    c->add_option("--leader", a->leader, "the Leader's URL")->type_name("URL")->required();
    c->callback([a, c] { a->command = c->get_name(); });
  }
  for (CLI::App* c : {configs, send}) {
    c->add_option("--helper", a->helper, "the Helper's URL")->type_name("URL")->required();
    c->add_option("--cache", a->cache, "where the HPKE configs are cached (default PROFILE.dap-cache)")
        ->type_name("DIR");
    c->add_flag("--refresh", a->refresh, "fetch the configs even while the cached ones are fresh");
  }
  send->add_option("--out", a->out, "where local-DP reports are written, as <report id>.bin")->type_name("DIR");
  upload->add_option("--spool", a->spool, "the directory of report files (*.bin)")->type_name("DIR")->required();
}

DapOutcome RunDapCommand(const DapArgs& a, const std::function<tacit_t*()>& open,
                         int64_t now_ms, const std::string& profile_dir, std::ostream& out) {
  const std::string cache = a.cache.empty() ? profile_dir + ".dap-cache" : a.cache;
  if (a.command == "configs" || a.command == "send") {
    Http http;
    tacit_t* t = open();
    for (int32_t role : {TACIT_DAP_ROLE_LEADER, TACIT_DAP_ROLE_HELPER}) {
      const std::string& url = role == TACIT_DAP_ROLE_LEADER ? a.leader : a.helper;
      const char* who = role == TACIT_DAP_ROLE_LEADER ? "Leader" : "Helper";
      ConfigFetch f = FetchHpkeConfigList(http, url, a.task, cache, now_ms, a.refresh);
      if (!f.error.empty()) return {TACIT_ERR_IO, std::string(who) + ": " + f.error};
      tacit_status s = tacit_dap_set_hpke_configs(t, a.task.c_str(), role, f.list.data(), f.list.size(),
                                                  f.expires_at_ms);
      if (s != TACIT_OK) return {s, std::string(who) + ": " + tacit_last_error()};
      tacit_dap_config_info_t info{};
      tacit_dap_config_info_init(&info);
      s = tacit_dap_config_info(t, a.task.c_str(), role, &info);
      if (s != TACIT_OK) return {s, tacit_last_error()};
      out << "  " << who << " " << url << ": HPKE config " << int(info.config_id) << ", X25519/HKDF-SHA256/"
          << AeadName(info.aead_id) << (f.from_cache ? " (cached" : " (fetched") << ", fresh for "
          << (f.expires_at_ms > now_ms ? (f.expires_at_ms - now_ms) / 1000 : 0) << " s)\n";
    }
    if (a.command == "configs") return {};
    return SendOutbox(t, http, a.out, out);
  }
  if (a.command == "upload") {
    const std::string& dir = a.spool;
    std::vector<std::string> files;
    if (DIR* d = ::opendir(dir.c_str())) {
      while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".bin") == 0) files.push_back(name);
      }
      ::closedir(d);
    } else {
      return {TACIT_ERR_IO, "cannot read " + dir};
    }
    std::sort(files.begin(), files.end());
    // PUT {leader}/tasks/{task-id}/reports, application/dap-report (draft-ietf-ppm-dap-09 section 4.4.2).
    const std::string url = JoinUrl(a.leader, "/tasks/" + a.task + "/reports");
    Http http;
    RetryPolicy policy;
    size_t sent = 0, failed = 0;
    std::string last_problem;
    for (const std::string& name : files) {
      const std::string path = dir + "/" + name;
      std::ifstream f(path, std::ios::binary);
      std::vector<uint8_t> body((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      if (!f.good() && !f.eof()) return {TACIT_ERR_IO, "cannot read " + path};
      UploadResult r = UploadReport(http, url, "application/dap-report", body, policy,
                                    [](int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); });
      if (r.ok) {
        // Acknowledged only now: the Leader answered 2xx. A crash before this line re-sends the report, and
        // the Leader drops the replayed id (at-least-once).
        if (::unlink(path.c_str()) != 0) return {TACIT_ERR_IO, "uploaded but cannot remove " + path};
        ++sent;
      } else {
        ++failed;
        last_problem = r.problem;
        out << "  not sent " << name << ": " << r.problem << " after " << r.attempts
            << (r.attempts == 1 ? " attempt" : " attempts") << (r.permanent ? " (kept; not retried)" : " (kept)")
            << "\n";
      }
    }
    out << "uploaded " << sent << " of " << files.size() << " reports to " << url << "\n";
    if (failed) return {TACIT_ERR_IO, std::to_string(failed) + " uploads failed; the last: " + last_problem};
    return {};
  }
  return {-1, "usage: dap configs|send|upload (see 'tacit-host dap --help')"};
}

}  // namespace host

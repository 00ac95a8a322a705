// `tacit-host serve`: the privacy centre's web app over a loopback HTTP server (cpp-httplib).
//
// Security model: the server binds 127.0.0.1 only. Static files (the app itself, no data) are public; every
// /api/ request needs the run's token, 32 random bytes generated at start, in the X-Tacit-Token header. The
// token reaches the page in the URL's fragment, which browsers never send to a server nor in a Referer.
// Another local page cannot read the token, and a cross-origin request with a custom header needs a CORS
// preflight this server never grants. The Host header must name the loopback address and port, which
// stops DNS-rebinding pages. Requests are handled one at a time on one thread.
#include "serve.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace host {
namespace {

using nlohmann::json;

constexpr const char* kTokenHeader = "X-Tacit-Token";

httplib::Server* g_server = nullptr;

void OnSignal(int) {
  if (g_server) g_server->stop();
}

std::string RandomToken() {
  unsigned char b[32];
  size_t got = 0;
  while (got < sizeof b) {
    ssize_t n = ::getrandom(b + got, sizeof b - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw ServeError{TACIT_ERR_IO, "getrandom failed"};
    got += size_t(n);
  }
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : b) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char d = 0;
  for (size_t i = 0; i < a.size(); ++i) d |= static_cast<unsigned char>(a[i] ^ b[i]);
  return d == 0;
}

std::string Iso8601(int64_t ms) {
  if (ms <= 0) return "";
  std::time_t t = std::time_t(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void Check(tacit_status s) {
  if (s != TACIT_OK) throw ServeError{s, tacit_last_error()};
}

// A string owned by tacit.
struct Owned {
  char* p = nullptr;
  size_t n = 0;
  ~Owned() { tacit_free(p); }
};

const char* ReasonKindName(int32_t k) {
  switch (k) {
    case TACIT_REASON_DECLARED: return "declared";
    case TACIT_REASON_INFERRED: return "inferred";
    case TACIT_REASON_POPULAR: return "popular";
    case TACIT_REASON_EXPLORING: return "exploring";
    case TACIT_REASON_FRESH: return "fresh";
    case TACIT_REASON_SIMILAR: return "similar";
    default: return "other";
  }
}

// The catalog as the page needs it: topic labels and item titles and topics, by id.
struct CatalogView {
  struct Topic {
    std::string label, parent;
    int32_t sensitivity = 0;
  };
  struct Item {
    std::string title;
    std::vector<std::string> topics;
  };
  std::vector<std::string> topic_order;
  std::map<std::string, Topic> topics;
  std::map<std::string, Item> items;
  uint64_t version = 0;

  std::string Label(const std::string& topic) const {
    auto it = topics.find(topic);
    return it == topics.end() ? topic : it->second.label;
  }
};

class App {
 public:
  App(const ServeOptions& o, ServeHost& h) : o_(o), h_(h) {}

  void Register(httplib::Server& s);

 private:
  tacit_t* Handle();       // the open profile; throws NOT_FOUND once deleted
  tacit_t* HandleOrNull();
  void EnsureCatalog(tacit_t* t);
  const CatalogView& Catalog(tacit_t* t);
  json Export(tacit_t* t);

  json State();
  json Topics();
  json Feed(const httplib::Request& req);
  json Explain(const std::string& item);
  json Act(const json& body);
  json Consent(const json& body);
  json Preview();
  json Delete();
  json Start();
  json Send();
  json ItemJson(const tacit_ranking_t* ranking, size_t i);

  const ServeOptions& o_;
  ServeHost& h_;
  tacit_t* t_ = nullptr;
  CatalogView catalog_;
  bool catalog_loaded_ = false;
  bool deleted_ = false;  // deleted through this server: no new profile until /api/start
};

// A first run creates the profile, as an app does on first launch; after "delete everything" only an
// explicit start does.
tacit_t* App::HandleOrNull() {
  if (!t_ && (h_.exists() || !deleted_)) {
    t_ = h_.exists() ? h_.open() : h_.create();
    EnsureCatalog(t_);
  }
  return t_;
}

tacit_t* App::Handle() {
  tacit_t* t = HandleOrNull();
  if (!t) throw ServeError{TACIT_ERR_NOT_FOUND, "there is no profile: everything was deleted (start again to make a new one)"};
  return t;
}

void App::EnsureCatalog(tacit_t* t) {
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  if (tacit_catalog_info(t, &info) == TACIT_OK || o_.catalog_path.empty()) return;
  FILE* f = std::fopen(o_.catalog_path.c_str(), "rb");
  if (!f) throw ServeError{TACIT_ERR_IO, "cannot read " + o_.catalog_path + ": " + std::strerror(errno)};
  std::vector<uint8_t> bytes;
  unsigned char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.insert(bytes.end(), buf, buf + n);
  std::fclose(f);
  Check(tacit_load_catalog(t, bytes.data(), bytes.size()));
  catalog_loaded_ = false;
}

const CatalogView& App::Catalog(tacit_t* t) {
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  tacit_status s = tacit_catalog_info(t, &info);
  if (s == TACIT_ERR_NO_CATALOG) {
    catalog_ = CatalogView();
    catalog_loaded_ = false;
    return catalog_;
  }
  Check(s);
  if (catalog_loaded_ && catalog_.version == info.version) return catalog_;
  CatalogView v;
  v.version = info.version;
  tacit_topic_list_t* topics = nullptr;
  Check(tacit_catalog_topics(t, &topics));
  for (size_t i = 0; i < tacit_topic_list_size(topics); ++i) {
    const tacit_topic_t* x = tacit_topic_list_get(topics, i);
    v.topic_order.push_back(x->id);
    v.topics[x->id] = {x->label, x->parent_id, x->sensitivity};
  }
  tacit_topic_list_free(topics);
  tacit_catalog_item_list_t* items = nullptr;
  Check(tacit_catalog_items(t, 0, 0, &items));
  for (size_t i = 0; i < tacit_catalog_item_list_size(items); ++i) {
    const tacit_catalog_item_t* x = tacit_catalog_item_list_get(items, i);
    CatalogView::Item& item = v.items[x->id];
    item.title = x->title;
    for (size_t k = 0; k < x->topic_count; ++k) item.topics.push_back(x->topic_ids[k]);
  }
  tacit_catalog_item_list_free(items);
  catalog_ = std::move(v);
  catalog_loaded_ = true;
  return catalog_;
}

json App::Export(tacit_t* t) {
  Owned out;
  Check(tacit_export_json(t, &out.p, &out.n));
  return json::parse(std::string(out.p, out.n));
}

json App::State() {
  tacit_t* t = HandleOrNull();
  json j = {{"tacit_version", tacit_version()}, {"policy_version", o_.policy_version}, {"locale", o_.locale},
            {"profile", t != nullptr}, {"can_send", !o_.outbox_dir.empty()}};
  if (!t) return j;
  tacit_catalog_info_t info;
  tacit_catalog_info_init(&info);
  if (tacit_catalog_info(t, &info) == TACIT_OK)
    j["catalog"] = {{"version", info.version}, {"items", info.item_count}, {"topics", info.topic_count},
                    {"issued_at", Iso8601(info.issued_at_ms)}, {"expires_at", Iso8601(info.expires_at_ms)}};
  else
    j["catalog"] = nullptr;
  json ex = Export(t);
  j["paused"] = ex["profile"]["paused"];
  j["consents"] = json::array();
  for (const json& c : ex["consents"])
    j["consents"].push_back({{"purpose", c["purpose"]}, {"state", c["state"]}, {"policy_version", c["policy_version"]},
                             {"at", Iso8601(c["at"].get<int64_t>())}});
  j["declared"] = json::array();
  for (const json& d : ex["declared_interests"]) j["declared"].push_back(d["topic"]);
  return j;
}

json App::Topics() {
  const CatalogView& c = Catalog(Handle());
  json out = json::array();
  for (const std::string& id : c.topic_order) {
    const CatalogView::Topic& t = c.topics.at(id);
    out.push_back({{"id", id}, {"label", t.label}, {"parent", t.parent}, {"sensitive", t.sensitivity != 0}});
  }
  return out;
}

json App::ItemJson(const tacit_ranking_t* ranking, size_t i) {
  const tacit_ranked_item_t& it = *tacit_ranking_get(ranking, i);
  const CatalogView& c = catalog_;
  json item = {{"id", it.item_id}, {"title", it.title}, {"score", it.score}, {"reasons", json::array()},
               {"topics", json::array()}};
  auto ci = c.items.find(it.item_id);
  if (ci != c.items.end())
    for (const std::string& t : ci->second.topics) item["topics"].push_back({{"id", t}, {"label", c.Label(t)}});
  std::set<std::string> blockable;
  for (size_t k = 0; k < it.reason_count; ++k) {
    const tacit_reason_t& r = *tacit_ranking_reason(ranking, i, k);
    const std::string ref = r.ref_id ? r.ref_id : "";
    json reason = {{"kind", ReasonKindName(r.kind)}, {"text", r.text}, {"spoken", r.spoken},
                   {"contribution", r.contribution}, {"ref_id", ref}, {"ref_is_item", r.ref_is_item != 0},
                   {"controls", json::array()}};
    json& controls = reason["controls"];
    if (!ref.empty() && !r.ref_is_item) {
      const std::string label = c.Label(ref);
      reason["ref_label"] = label;
      if (r.kind == TACIT_REASON_DECLARED)
        controls.push_back({{"action", "undeclare"}, {"topic", ref}, {"label", "I no longer like " + label}});
      if (r.kind == TACIT_REASON_INFERRED)
        controls.push_back({{"action", "forget-inferred"}, {"topic", ref},
                            {"label", "Stop using this signal (what I did about " + label + ")"}});
      if (blockable.insert(ref).second)  // once per topic and item
        controls.push_back(
            {{"action", "not-interested-topic"}, {"topic", ref}, {"label", "Not interested in " + label}});
    } else if (!ref.empty() && r.ref_is_item) {
      auto ri = c.items.find(ref);
      reason["ref_label"] = ri == c.items.end() ? std::string("an item you enjoyed") : ri->second.title;
      if (r.kind == TACIT_REASON_SIMILAR && ri != c.items.end())
        for (const std::string& t : ri->second.topics)
          controls.push_back({{"action", "forget-behaviour"}, {"topic", t},
                              {"label", "Stop using this signal (forget what I did about " + c.Label(t) + ")"}});
    }
    item["reasons"].push_back(reason);
  }
  return item;
}

json App::Feed(const httplib::Request& req) {
  tacit_t* t = Handle();
  Catalog(t);
  tacit_rank_request_t r;
  tacit_rank_request_init(&r);
  r.k = 10;
  if (req.has_param("k")) r.k = size_t(std::strtoul(req.get_param_value("k").c_str(), nullptr, 10));
  if (req.has_param("seed")) r.seed = std::strtoull(req.get_param_value("seed").c_str(), nullptr, 10);
  std::string locale = req.has_param("locale") ? req.get_param_value("locale") : o_.locale;
  r.locale = locale.empty() ? nullptr : locale.c_str();
  r.frequency_cap = 0;  // the page re-ranks on every change; views are not recorded by listing
  tacit_ranking_t* ranking = nullptr;
  Check(tacit_rank(t, &r, &ranking));
  json items = json::array();
  for (size_t i = 0; i < tacit_ranking_size(ranking); ++i) items.push_back(ItemJson(ranking, i));
  tacit_ranking_free(ranking);
  return {{"items", items}};
}

json App::Explain(const std::string& item) {
  tacit_t* t = Handle();
  Catalog(t);
  tacit_ranking_t* ranking = nullptr;
  tacit_status s = tacit_explain(t, item.c_str(), &ranking);
  if (s == TACIT_ERR_NOT_FOUND) return {{"shown", false}, {"why_not", tacit_last_error()}};
  Check(s);
  json out = {{"shown", true}, {"item", ItemJson(ranking, 0)}};
  tacit_ranking_free(ranking);
  return out;
}

std::string Field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) throw ServeError{TACIT_ERR_INVALID_ARGUMENT, std::string("'") + name + "' is missing"};
  return it->get<std::string>();
}

json App::Act(const json& body) {
  tacit_t* t = Handle();
  const std::string action = Field(body, "action");
  if (action == "not-interested-item") {
    Check(tacit_not_interested_item(t, Field(body, "item").c_str()));
  } else if (action == "not-interested-topic") {
    Check(tacit_not_interested_topic(t, Field(body, "topic").c_str()));
  } else if (action == "undeclare") {
    Check(tacit_undeclare_interest(t, Field(body, "topic").c_str()));
  } else if (action == "forget-inferred") {
    Check(tacit_forget_inferred(t, Field(body, "topic").c_str()));
  } else if (action == "forget-behaviour") {
    Check(tacit_forget_topic_behaviour(t, Field(body, "topic").c_str()));
  } else if (action == "declare") {
    // The onboarding answer: exactly these topics are declared.
    auto topics = body.find("topics");
    if (topics == body.end() || !topics->is_array()) throw ServeError{TACIT_ERR_INVALID_ARGUMENT, "'topics' is missing"};
    std::set<std::string> want;
    for (const json& x : *topics) {
      if (!x.is_string()) throw ServeError{TACIT_ERR_INVALID_ARGUMENT, "topics are strings"};
      want.insert(x.get<std::string>());
    }
    tacit_interest_list_t* have = nullptr;
    Check(tacit_interests_read(t, &have));
    std::vector<std::string> drop;
    for (size_t i = 0; i < tacit_interest_list_size(have); ++i) {
      std::string id = tacit_interest_list_get(have, i)->topic_id;
      if (!want.count(id)) drop.push_back(id);
    }
    tacit_interest_list_free(have);
    for (const std::string& id : want) Check(tacit_declare_interest(t, id.c_str(), 1.0));
    for (const std::string& id : drop) Check(tacit_undeclare_interest(t, id.c_str()));
  } else if (action == "open") {
    // The user opened and finished an item: behaviour, stored only with consent and when not paused.
    const std::string item = Field(body, "item");
    const CatalogView& c = Catalog(t);
    std::vector<const char*> topics;
    auto ci = c.items.find(item);
    if (ci != c.items.end())
      for (const std::string& x : ci->second.topics) topics.push_back(x.c_str());
    tacit_event_t e[2];
    for (int i = 0; i < 2; ++i) {
      tacit_event_init(&e[i]);
      e[i].type = i == 0 ? TACIT_EVENT_OPEN : TACIT_EVENT_COMPLETE;
      e[i].item_id = item.c_str();
      e[i].topic_ids = topics.empty() ? nullptr : topics.data();
      e[i].topic_count = topics.size();
      e[i].timestamp_ms = 0;
      e[i].value = 1.0;
    }
    e[0].timestamp_ms = e[1].timestamp_ms = h_.now();
    Check(tacit_record_events(t, e, 2));
  } else if (action == "pause" || action == "resume") {
    Check(tacit_set_paused(t, action == "pause" ? 1 : 0));
  } else {
    throw ServeError{TACIT_ERR_INVALID_ARGUMENT, "unknown action '" + action + "'"};
  }
  return {{"ok", true}};
}

json App::Consent(const json& body) {
  tacit_t* t = Handle();
  const std::string purpose = Field(body, "purpose");
  const std::string state = Field(body, "state");
  int32_t p = purpose == "personalization" ? TACIT_PURPOSE_PERSONALIZATION
              : purpose == "measurement"   ? TACIT_PURPOSE_MEASUREMENT
                                           : 0;
  int32_t s = state == "given" ? TACIT_CONSENT_GIVEN : state == "revoked" ? TACIT_CONSENT_REVOKED : 0;
  if (!p || !s) throw ServeError{TACIT_ERR_INVALID_ARGUMENT, "purpose is personalization|measurement, state given|revoked"};
  Check(tacit_consent_set(t, p, s, o_.policy_version.c_str()));
  return {{"ok", true}};
}

json App::Preview() {
  Owned out;
  Check(tacit_reports_preview_json(Handle(), &out.p, &out.n));
  return json::parse(std::string(out.p, out.n));
}

// The host's transport, as `tacit-host report flush` does it: write each queued report, then acknowledge it.
json App::Send() {
  tacit_t* t = Handle();
  if (o_.outbox_dir.empty()) throw ServeError{TACIT_ERR_INVALID_ARGUMENT, "this server has no transport (--outbox DIR)"};
  ::mkdir(o_.outbox_dir.c_str(), 0755);
  Check(tacit_reports_prepare(t, nullptr));
  size_t sent = 0;
  for (;;) {
    tacit_outgoing_report_t* r = nullptr;
    tacit_status s = tacit_outbox_next(t, &r);
    if (s == TACIT_ERR_NOT_FOUND) break;
    Check(s);
    static const char kDigits[] = "0123456789abcdef";
    std::string id;
    for (uint8_t b : r->report_id) {
      id.push_back(kDigits[b >> 4]);
      id.push_back(kDigits[b & 15]);
    }
    const std::string path = o_.outbox_dir + "/" + id + ".bin";
    FILE* f = std::fopen(path.c_str(), "wb");
    bool ok = f && std::fwrite(r->bytes, 1, r->len, f) == r->len;
    if (f) ok = std::fclose(f) == 0 && ok;
    if (!ok) {
      tacit_outgoing_report_free(r);
      throw ServeError{TACIT_ERR_IO, "cannot write " + path};
    }
    s = tacit_outbox_ack(t, r->report_id, sizeof r->report_id);
    tacit_outgoing_report_free(r);
    Check(s);
    ++sent;
  }
  return {{"sent", sent}};
}

json App::Delete() {
  Handle();
  h_.erase();
  t_ = nullptr;
  deleted_ = true;
  catalog_loaded_ = false;
  return {{"deleted", true}, {"profile", h_.exists()}};
}

json App::Start() {
  deleted_ = false;
  HandleOrNull();
  return State();
}

void Reply(httplib::Response& res, const json& j, int status = 200) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(j.dump(), "application/json; charset=utf-8");
}

void App::Register(httplib::Server& s) {
  // Every handler turns a failure into a JSON error with tacit's status name and message.
  auto wrap = [](std::function<json(const httplib::Request&)> f) {
    return [f](const httplib::Request& req, httplib::Response& res) {
      try {
        Reply(res, f(req));
      } catch (const ServeError& e) {
        int http = e.status == TACIT_ERR_NOT_FOUND || e.status == TACIT_ERR_UNKNOWN_ID ? 404 : e.status == TACIT_ERR_INVALID_ARGUMENT ? 400 : 409;
        Reply(res, {{"error", e.status > 0 ? tacit_status_name(e.status) : "USAGE"}, {"message", e.message}}, http);
      } catch (const json::exception& e) {
        Reply(res, {{"error", "BAD_JSON"}, {"message", e.what()}}, 400);
      }
    };
  };
  auto body = [](const httplib::Request& req) {
    return req.body.empty() ? json::object() : json::parse(req.body);
  };
  s.Get("/api/state", wrap([this](const httplib::Request&) { return State(); }));
  s.Get("/api/topics", wrap([this](const httplib::Request&) { return Topics(); }));
  s.Get("/api/feed", wrap([this](const httplib::Request& r) { return Feed(r); }));
  s.Get("/api/explain", wrap([this](const httplib::Request& r) { return Explain(r.get_param_value("item")); }));
  s.Get("/api/titles", wrap([this](const httplib::Request& r) {
    const CatalogView& c = Catalog(Handle());
    json out = json::object();
    std::string ids = r.get_param_value("ids"), id;
    for (size_t i = 0; i <= ids.size(); ++i) {
      if (i < ids.size() && ids[i] != ',') {
        id.push_back(ids[i]);
        continue;
      }
      auto it = c.items.find(id);
      if (!id.empty()) out[id] = it == c.items.end() || it->second.title.empty() ? id : it->second.title;
      id.clear();
    }
    return out;
  }));
  s.Get("/api/export", wrap([this](const httplib::Request&) { return Export(Handle()); }));
  s.Get("/api/preview", wrap([this](const httplib::Request&) { return Preview(); }));
  s.Post("/api/act", wrap([this, body](const httplib::Request& r) { return Act(body(r)); }));
  s.Post("/api/consent", wrap([this, body](const httplib::Request& r) { return Consent(body(r)); }));
  s.Post("/api/delete", wrap([this](const httplib::Request&) { return Delete(); }));
  s.Post("/api/start", wrap([this](const httplib::Request&) { return Start(); }));
  s.Post("/api/send", wrap([this](const httplib::Request&) { return Send(); }));
}

}  // namespace

int Serve(const ServeOptions& o, ServeHost& h) {
  struct stat st;
  if (::stat((o.static_dir + "/index.html").c_str(), &st) != 0)
    throw ServeError{TACIT_ERR_NOT_FOUND, "no web app at " + o.static_dir + " (use --static DIR)"};
  const std::string token = RandomToken();
  App app(o, h);
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(1); };  // one request at a time
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"},
                              {"Content-Security-Policy",
                               "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
                               "form-action 'none'"}});
  int port = 0;
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    const std::string host = req.get_header_value("Host");
    const std::string p = std::to_string(port);
    if (host != "127.0.0.1:" + p && host != "localhost:" + p) {
      Reply(res, {{"error", "FORBIDDEN"}, {"message", "only loopback clients of this port are served"}}, 403);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path.compare(0, 5, "/api/") == 0 && !ConstantTimeEquals(req.get_header_value(kTokenHeader), token)) {
      Reply(res, {{"error", "FORBIDDEN"}, {"message", "missing or wrong token"}}, 403);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  app.Register(server);
  if (!server.set_mount_point("/", o.static_dir))
    throw ServeError{TACIT_ERR_NOT_FOUND, "cannot serve " + o.static_dir};
  server.set_file_extension_and_mimetype_mapping("js", "text/javascript; charset=utf-8");
  server.set_file_extension_and_mimetype_mapping("html", "text/html; charset=utf-8");
  server.set_file_extension_and_mimetype_mapping("css", "text/css; charset=utf-8");

  if (o.port == 0) {
    port = server.bind_to_any_port("127.0.0.1");
  } else {
    port = server.bind_to_port("127.0.0.1", o.port) ? o.port : -1;
  }
  if (port <= 0) throw ServeError{TACIT_ERR_IO, "cannot listen on 127.0.0.1:" + std::to_string(o.port)};
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/#token=" + token;
  if (!o.url_file.empty()) {
    const std::string tmp = o.url_file + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && ::write(fd, url.data(), url.size()) == ssize_t(url.size());
    if (fd >= 0) ::close(fd);
    if (!ok || ::rename(tmp.c_str(), o.url_file.c_str()) != 0)
      throw ServeError{TACIT_ERR_IO, "cannot write " + o.url_file + ": " + std::strerror(errno)};
  }
  std::cout << "privacy centre on " << url << "\n(loopback only; the token in the link is required; Ctrl-C stops)"
            << std::endl;
  g_server = &server;
  struct sigaction sa{};
  sa.sa_handler = OnSignal;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  bool ok = server.listen_after_bind();
  g_server = nullptr;
  return ok ? 0 : 1;
}

}  // namespace host

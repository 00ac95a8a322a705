// The evaluation protocol (docs/evaluation.md): leave-last-out by time, each user's history replayed into
// a real profile through the C API, full ranking, tacit beside baselines on the same candidates, bootstrap
// intervals over users.
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <random>
#include <sstream>
#include <thread>

#include "catalog/loader.h"
#include "catalog_build.h"
#include "rank/profile_model.h"
#include "rank/ranker.h"
#include "core/json.h"
#include "core/time.h"
#include "embed.h"
#include "eval.h"
#include "tacit/tacit.h"

namespace tacit_eval {
namespace {

using tacit::Status;
namespace fs = std::filesystem;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kEarliestMs = 978307200000LL;  // 2001-01-01T00:00:00Z: tacit accepts events from 2000 on

enum Ranker { kTacit = 0, kRandom, kPopularity, kItemKnn, kEmbedding, kRankers };
const char* const kRankerNames[kRankers] = {"tacit", "random", "popularity", "item-kNN", "embedding-only"};

struct UserCase {
  uint32_t user = 0;
  std::vector<uint32_t> train;  // indices into Dataset::interactions, in time order
  std::vector<uint32_t> device;  // the part of `train` a device keeps: inside the retention window at now_ms
  uint32_t target = 0;          // item index
  int64_t now_ms = 0;           // the target interaction's time: the profile's clock when ranking
};

// The catalog's ItemKind name for a kind in the items file ("" when unknown: left unspecified).
const char* KindName(const std::string& k) {
  if (k == "article" || k == "read" || k == "text") return "article";
  if (k == "video" || k == "watch" || k == "film" || k == "movie") return "video";
  if (k == "audio" || k == "listen" || k == "music" || k == "podcast") return "audio";
  if (k == "product" || k == "buy") return "product";
  return "";
}

// Catalog JSON from the items, the training popularity and the embeddings.
std::string CatalogJson(const Dataset& d, const std::vector<float>& popularity, const std::vector<float>& emb,
                        uint32_t dim, const std::vector<uint8_t>& has_emb, int64_t issued, int64_t expires,
                        int64_t shift) {
  std::vector<std::string> topics;
  std::unordered_map<std::string, size_t> seen;
  for (const auto& it : d.items)
    for (const auto& t : it.topics)
      if (seen.emplace(t.first, topics.size()).second) topics.push_back(t.first);
  bool untagged = false;
  for (const auto& it : d.items) untagged |= it.topics.empty();
  if (untagged) topics.push_back("untagged");

  std::string j;
  j.reserve(d.items.size() * (64 + 12 * dim));
  j += "{\"brand_id\":\"eval\",\"version\":1,\"issued_at_ms\":" + std::to_string(issued) +
       ",\"expires_at_ms\":" + std::to_string(expires) + ",\"embedding_dim\":" + std::to_string(dim) + ",\"topics\":[";
  for (size_t t = 0; t < topics.size(); ++t) {
    j += t ? ",{\"id\":" : "{\"id\":";
    tacit::AppendJsonString(&j, topics[t]);
    j += ",\"label\":";
    std::string label = topics[t];
    std::replace(label.begin(), label.end(), '_', ' ');
    tacit::AppendJsonString(&j, label);
    j += "}";
  }
  j += "],\"items\":[";
  char buf[32];
  for (size_t i = 0; i < d.items.size(); ++i) {
    const EvalItem& it = d.items[i];
    j += i ? ",{\"id\":" : "{\"id\":";
    tacit::AppendJsonString(&j, it.id);
    if (!it.title.empty()) {
      j += ",\"title\":";
      tacit::AppendJsonString(&j, it.title);
    }
    j += ",\"topics\":[";
    float wmax = 0;
    for (const auto& t : it.topics) wmax = std::max(wmax, t.second);
    const size_t nt = std::min<size_t>(it.topics.size(), 16);
    for (size_t t = 0; t < nt; ++t) {
      j += t ? ",{\"topic\":" : "{\"topic\":";
      tacit::AppendJsonString(&j, it.topics[t].first);
      std::snprintf(buf, sizeof buf, ",\"weight\":%.6g}", double(std::max(1e-3f, it.topics[t].second / wmax)));
      j += buf;
    }
    if (it.topics.empty()) j += "{\"topic\":\"untagged\",\"weight\":1}";
    j += "]";
    if (dim && has_emb[i]) {
      j += ",\"embedding_f32\":[";
      for (uint32_t e = 0; e < dim; ++e) {
        std::snprintf(buf, sizeof buf, e ? ",%.6g" : "%.6g", double(emb[i * dim + e]));
        j += buf;
      }
      j += "]";
    }
    if (it.date_ms > 0) j += ",\"published_at_ms\":" + std::to_string(it.date_ms + shift);
    std::snprintf(buf, sizeof buf, ",\"popularity\":%.6g", double(popularity[i]));
    j += buf;
    if (*KindName(it.kind)) j += std::string(",\"kind\":\"") + KindName(it.kind) + "\"";
    j += "}";
  }
  j += "]}";
  return j;
}

int64_t ClockOf(void* ctx) { return *static_cast<const int64_t*>(ctx); }

Status ApiStatus(const char* what, tacit_status s) {
  return Status(s, std::string(what) + ": " + tacit_status_name(s) + ": " + tacit_last_error());
}

// The top k of `scores` among `allowed` items (ties to the lower index).
void TopK(const std::vector<float>& scores, const std::vector<uint8_t>& excluded, size_t k, std::vector<uint32_t>* out,
          std::vector<std::pair<float, uint32_t>>* scratch) {
  scratch->clear();
  for (uint32_t i = 0; i < scores.size(); ++i)
    if (!excluded[i]) scratch->emplace_back(scores[i], i);
  const size_t kk = std::min(k, scratch->size());
  std::partial_sort(scratch->begin(), scratch->begin() + long(kk), scratch->end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  out->clear();
  for (size_t r = 0; r < kk; ++r) out->push_back((*scratch)[r].second);
}

Interval Percentile(std::vector<double> v, double mean) {
  Interval x;
  x.mean = mean;
  if (v.empty()) return x;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, size_t(std::floor(q * double(v.size()))))]; };
  x.lo = at(0.025);
  x.hi = at(0.975);
  return x;
}

std::string Fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3f", v);
  return b;
}
std::string FmtSigned(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%+.3f", v);
  return b;
}
std::string Fmt(const Interval& x) { return Fmt(x.mean) + " [" + Fmt(x.lo) + ", " + Fmt(x.hi) + "]"; }
std::string FmtDiff(const Interval& x) { return FmtSigned(x.mean) + " [" + FmtSigned(x.lo) + ", " + FmtSigned(x.hi) + "]"; }

}  // namespace

const RankerResult* EvalReport::Find(const std::string& name) const {
  for (const auto& r : rankers)
    if (r.name == name) return &r;
  return nullptr;
}

std::string EvalReport::Table() const {
  std::ostringstream o;
  o << users << " users, " << items << " items, " << train_interactions << " training interactions\n\n";
  o << "| ranker | HR@K | NDCG@K | coverage | consumed share | HR: tacit − ranker | NDCG: tacit − ranker |\n";
  o << "|---|---|---|---|---|---|---|\n";
  for (const auto& r : rankers) {
    o << "| " << r.name << " | " << Fmt(r.hr) << " | " << Fmt(r.ndcg) << " | " << Fmt(r.coverage) << " | "
      << Fmt(r.consumed) << " | " << (r.name == "tacit" ? "" : FmtDiff(r.hr_diff)) << " | "
      << (r.name == "tacit" ? "" : FmtDiff(r.ndcg_diff)) << " |\n";
  }
  return o.str();
}

std::string EvalReport::Json() const {
  std::string j = "{\"users\":" + std::to_string(users) + ",\"items\":" + std::to_string(items) +
                  ",\"train_interactions\":" + std::to_string(train_interactions) + ",\"rankers\":[";
  auto iv = [](const Interval& x) {
    char b[128];
    std::snprintf(b, sizeof b, "{\"mean\":%.6f,\"lo\":%.6f,\"hi\":%.6f}", x.mean, x.lo, x.hi);
    return std::string(b);
  };
  for (size_t i = 0; i < rankers.size(); ++i) {
    const auto& r = rankers[i];
    j += (i ? ",{\"name\":\"" : "{\"name\":\"") + r.name + "\",\"hr\":" + iv(r.hr) + ",\"ndcg\":" + iv(r.ndcg) +
         ",\"coverage\":" + iv(r.coverage) + ",\"consumed\":" + iv(r.consumed) + ",\"hr_diff\":" + iv(r.hr_diff) +
         ",\"ndcg_diff\":" + iv(r.ndcg_diff) + "}";
  }
  j += "],\"examples\":[";
  for (size_t e = 0; e < examples.size(); ++e) {
    j += e ? ",{\"user\":" : "{\"user\":";
    tacit::AppendJsonString(&j, examples[e].user);
    j += ",\"top\":[";
    for (size_t t = 0; t < examples[e].top.size(); ++t) {
      j += t ? ",{\"item\":" : "{\"item\":";
      tacit::AppendJsonString(&j, examples[e].top[t].item);
      j += ",\"title\":";
      tacit::AppendJsonString(&j, examples[e].top[t].title);
      j += ",\"reasons\":[";
      for (size_t q = 0; q < examples[e].top[t].reasons.size(); ++q) {
        if (q) j += ",";
        tacit::AppendJsonString(&j, examples[e].top[t].reasons[q]);
      }
      j += "]}";
    }
    j += "]}";
  }
  j += "]}";
  return j;
}

tacit::Result<EvalReport> RunEval(const Dataset& d, const EvalOptions& o) {
  const auto t_start = std::chrono::steady_clock::now();
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  if (o.k < 1 || o.k > 100) return Status::Invalid("k must be 1..100");
  const size_t n_items = d.items.size();

  // Times: shifted by a constant when the log starts before 2001 (tacit refuses events before 2000).
  int64_t t_min = INT64_MAX, t_max = INT64_MIN;
  for (const auto& x : d.interactions) t_min = std::min(t_min, x.ts_ms), t_max = std::max(t_max, x.ts_ms);
  const int64_t shift = t_min < kEarliestMs ? kEarliestMs - t_min : 0;

  // Each user's interactions in time order (ties keep the file's order).
  std::vector<std::vector<uint32_t>> by_user(d.users.size());
  for (uint32_t i = 0; i < d.interactions.size(); ++i) by_user[d.interactions[i].user].push_back(i);
  for (auto& v : by_user)
    std::stable_sort(v.begin(), v.end(), [&](uint32_t a, uint32_t b) { return d.interactions[a].ts_ms < d.interactions[b].ts_ms; });

  // Targets: the user's last positive interaction with an item they had not met before (test), or the one
  // before it (validation). Training: everything earlier.
  std::vector<UserCase> cases;
  std::vector<std::vector<uint32_t>> train_of(d.users.size());  // every user's training interactions
  for (uint32_t u = 0; u < d.users.size(); ++u) {
    const auto& evs = by_user[u];
    std::vector<uint8_t> met(n_items, 0);
    std::vector<size_t> fresh_pos;  // positions of positive first encounters
    for (size_t p = 0; p < evs.size(); ++p) {
      const Interaction& x = d.interactions[evs[p]];
      if (!met[x.item] && IsPositive(x)) fresh_pos.push_back(p);
      met[x.item] = 1;
    }
    const size_t back = o.split == Split::kTest ? 1 : 2;
    if (fresh_pos.size() < back) {
      train_of[u] = evs;
      continue;
    }
    const size_t cut = fresh_pos[fresh_pos.size() - back];
    train_of[u].assign(evs.begin(), evs.begin() + long(cut));
    size_t positives = 0;
    for (uint32_t i : train_of[u]) positives += IsPositive(d.interactions[i]);
    if (positives < o.min_train_positives) continue;
    UserCase c;
    c.user = u;
    c.train = train_of[u];
    c.target = d.interactions[evs[cut]].item;
    c.now_ms = d.interactions[evs[cut]].ts_ms + shift;
    const int64_t kept_from = tacit::SatSub(c.now_ms, tacit::SatMul(tacit::kRetentionHalfLives, o.half_life_ms));
    for (uint32_t i : c.train)
      if (d.interactions[i].ts_ms + shift >= kept_from) c.device.push_back(i);
    cases.push_back(std::move(c));
  }
  if (cases.empty()) return Status::Invalid("no user has enough history to evaluate");
  std::mt19937_64 sample_rng(o.seed * 0x9E3779B97F4A7C15ULL + 17);
  if (o.max_users && cases.size() > o.max_users) {
    std::shuffle(cases.begin(), cases.end(), sample_rng);
    cases.resize(o.max_users);
    std::sort(cases.begin(), cases.end(), [](const UserCase& a, const UserCase& b) { return a.user < b.user; });
  }

  // Training statistics: popularity, co-occurrence of positives, embeddings.
  size_t train_n = 0;
  std::vector<std::vector<uint32_t>> positives(d.users.size());
  std::vector<double> pop_count(n_items, 0);
  for (uint32_t u = 0; u < d.users.size(); ++u) {
    train_n += train_of[u].size();
    for (uint32_t i : train_of[u])
      if (IsPositive(d.interactions[i])) positives[u].push_back(d.interactions[i].item);
    std::sort(positives[u].begin(), positives[u].end());
    positives[u].erase(std::unique(positives[u].begin(), positives[u].end()), positives[u].end());
    for (uint32_t it : positives[u]) pop_count[it] += 1;
  }
  const double pop_max = *std::max_element(pop_count.begin(), pop_count.end());
  std::vector<float> popularity(n_items);
  for (size_t i = 0; i < n_items; ++i)
    popularity[i] = pop_max > 0 ? float(std::log1p(pop_count[i]) / std::log1p(pop_max)) : 0.0f;
  CooccurrenceModel co = BuildCooccurrence(positives, n_items);

  uint32_t dim = 0;
  std::vector<float> emb;
  std::vector<uint8_t> has_emb(n_items, 0);
  bool given = !d.items[0].embedding.empty();
  for (const auto& it : d.items) given &= it.embedding.size() == d.items[0].embedding.size();
  if (given) {
    dim = uint32_t(d.items[0].embedding.size());
    emb.reserve(n_items * dim);
    for (const auto& it : d.items) emb.insert(emb.end(), it.embedding.begin(), it.embedding.end());
  } else if (o.embedding_dim) {
    dim = o.embedding_dim;
    emb = SvdEmbeddings(co, dim, o.seed);
  }
  for (size_t i = 0; i < n_items && dim; ++i) {
    double norm = 0;
    for (uint32_t e = 0; e < dim; ++e) norm += double(emb[i * dim + e]) * emb[i * dim + e];
    has_emb[i] = norm > 1e-12;
  }
  // Unit rows for the embedding-only baseline (the loader normalises the catalog's copy the same way).
  std::vector<float> unit(emb.size(), 0.0f);
  for (size_t i = 0; i < n_items && dim; ++i) {
    if (!has_emb[i]) continue;
    double norm = 0;
    for (uint32_t e = 0; e < dim; ++e) norm += double(emb[i * dim + e]) * emb[i * dim + e];
    for (uint32_t e = 0; e < dim; ++e) unit[i * dim + e] = float(emb[i * dim + e] / std::sqrt(norm));
  }

  // The catalog, built and signed with the brand tool's code under a key derived from the seed.
  const int64_t issued = t_min + shift - kDayMs, expires = t_max + shift + 365 * kDayMs;
  const std::string json = CatalogJson(d, popularity, emb, dim, has_emb, issued, expires, shift);
  TACIT_ASSIGN_OR_RETURN(auto payload, tacit_brand::BuildCatalogPayload(json, "eval-catalog.json"));
  uint8_t key_seed[32], pk[32], sk[64];
  for (size_t b = 0; b < 32; ++b) key_seed[b] = uint8_t((o.seed >> (8 * (b % 8))) ^ (b * 37));
  crypto_sign_seed_keypair(pk, sk, key_seed);
  auto signed_catalog = tacit::SignCatalog(payload.data(), payload.size(), sk, sizeof sk);
  sodium_memzero(sk, sizeof sk);
  if (!signed_catalog.ok()) return signed_catalog.status();
  const std::vector<uint8_t>& catalog_bytes = signed_catalog.value();
  std::shared_ptr<const tacit::RankIndex> index;
  if (o.weights) {
    TACIT_ASSIGN_OR_RETURN(auto decoded, tacit::DecodeCatalogPayload(payload.data(), payload.size()));
    index = tacit::RankIndex::Build(decoded);
  }

  // Work directory for the profiles.
  fs::path work = o.work_dir.empty() ? fs::temp_directory_path() / ("tacit-eval-" + std::to_string(::getpid()))
                                     : fs::path(o.work_dir);
  std::error_code ec;
  fs::create_directories(work, ec);
  if (ec) return Status::IO("cannot create " + work.string() + ": " + ec.message());

  const size_t n_users = cases.size(), k = o.k;
  std::vector<uint32_t> lists(size_t(kRankers) * n_users * k, UINT32_MAX);
  std::vector<double> hit(size_t(kRankers) * n_users, 0), ndcg(hit.size(), 0), consumed(hit.size(), 0);
  std::vector<Example> examples(std::min(o.examples, n_users));
  std::atomic<size_t> next{0};
  std::mutex err_mu;
  Status first_error;

  auto worker = [&]() {
    std::vector<float> scores(n_items);
    std::vector<uint8_t> excluded(n_items);
    std::vector<uint32_t> top;
    std::vector<std::pair<float, uint32_t>> scratch;
    std::vector<float> taste(dim);
    std::vector<tacit_event_t> events;
    std::vector<const char*> candidate_ids;
    uint8_t key[32];
    for (size_t b = 0; b < 32; ++b) key[b] = uint8_t(b * 11 + 3);
    for (;;) {
      const size_t ci = next.fetch_add(1);
      if (ci >= n_users) break;
      {
        std::lock_guard<std::mutex> lock(err_mu);
        if (!first_error.ok()) break;
      }
      const UserCase& c = cases[ci];
      std::fill(excluded.begin(), excluded.end(), 0);
      for (uint32_t i : c.train) excluded[d.interactions[i].item] = 1;
      auto record = [&](size_t r, const std::vector<uint32_t>& list) {
        uint32_t* slot = &lists[(r * n_users + ci) * k];
        size_t consumed_n = 0;
        for (size_t p = 0; p < list.size() && p < k; ++p) {
          slot[p] = list[p];
          consumed_n += excluded[list[p]];
          if (list[p] == c.target) {
            hit[r * n_users + ci] = 1;
            ndcg[r * n_users + ci] = 1.0 / std::log2(double(p) + 2.0);
          }
        }
        consumed[r * n_users + ci] = double(consumed_n) / double(k);
      };

      // tacit: a real encrypted profile, the history replayed through the C API (or, for a weight search,
      // the same events applied to an in-memory profile model).
      auto in_process = [&]() -> Status {
        tacit::ProfileModel model(index, o.half_life_ms, c.now_ms);
        for (uint32_t i : c.device) {
          const Interaction& x = d.interactions[i];
          const std::string& id = d.items[x.item].id;
          const int64_t ts = x.ts_ms + shift;
          if (x.event) {
            model.Apply(x.event, id, {}, ts, 1.0);
          } else if (x.rating >= 4) {
            for (int32_t t : {TACIT_EVENT_OPEN, TACIT_EVENT_COMPLETE, TACIT_EVENT_LIKE}) model.Apply(t, id, {}, ts, 1.0);
          } else {
            model.Apply(x.rating >= 3 ? TACIT_EVENT_VIEW : TACIT_EVENT_DISMISS, id, {}, ts, 1.0);
          }
        }
        tacit::RankRequest req;
        req.k = k;
        req.now_ms = c.now_ms;
        req.seed = o.seed + ci;
        req.exploration = 0;
        req.frequency_cap = 0;
        req.locale = o.locale;
        req.weights = *o.weights;
        if (o.candidates == Candidates::kUnseen)
          for (uint32_t i = 0; i < n_items; ++i)
            if (!excluded[i]) req.candidates.push_back(i);
        tacit::RankScratch rs;
        TACIT_ASSIGN_OR_RETURN(auto ranked, tacit::Rank(model, req, &rs));
        top.clear();
        for (const auto& it : ranked) top.push_back(it.item);
        return Status::OK();
      };
      Status st = o.weights ? in_process() : [&]() -> Status {
        const fs::path dir = work / ("u" + std::to_string(ci));
        fs::remove_all(dir);
        int64_t now = c.now_ms;
        tacit_options_t* opt = tacit_options_new();
        if (!opt) return Status::Internal("out of memory");
        tacit_status s = tacit_options_set_path(opt, dir.c_str());
        if (!s) s = tacit_options_set_key(opt, key, sizeof key);
        if (!s) s = tacit_options_add_brand_key(opt, pk, sizeof pk);
        if (!s) s = tacit_options_set_brand_id(opt, "eval");
        if (!s) s = tacit_options_set_half_life(opt, o.half_life_ms);
        if (!s) s = tacit_options_set_clock(opt, ClockOf, &now);
        tacit_t* h = nullptr;
        if (!s) s = tacit_open(opt, &h);
        tacit_options_free(opt);
        if (s) return ApiStatus("open", s);
        struct Closer {
          tacit_t* h;
          fs::path dir;
          ~Closer() {
            tacit_close(h);
            std::error_code e;
            fs::remove_all(dir, e);
          }
        } closer{h, dir};
        // Consent counts from the moment it is given: give it before the first replayed interaction.
        int64_t first_ms = c.now_ms;
        for (uint32_t i : c.device) first_ms = std::min(first_ms, d.interactions[i].ts_ms + shift);
        now = first_ms - 1;
        s = tacit_consent_set(h, TACIT_PURPOSE_PERSONALIZATION, TACIT_CONSENT_GIVEN, "eval");
        now = c.now_ms;
        if (s) return ApiStatus("consent", s);
        s = tacit_load_catalog(h, catalog_bytes.data(), catalog_bytes.size());
        if (s) return ApiStatus("load catalog", s);
        events.clear();
        for (uint32_t i : c.device) {
          const Interaction& x = d.interactions[i];
          tacit_event_t e;
          tacit_event_init(&e);
          e.item_id = d.items[x.item].id.c_str();
          e.timestamp_ms = x.ts_ms + shift;
          e.value = 1.0;
          if (x.event) {
            e.type = x.event;
            events.push_back(e);
          } else if (x.rating >= 4) {
            for (int32_t t : {TACIT_EVENT_OPEN, TACIT_EVENT_COMPLETE, TACIT_EVENT_LIKE}) {
              e.type = t;
              events.push_back(e);
            }
          } else if (x.rating >= 3) {
            e.type = TACIT_EVENT_VIEW;
            events.push_back(e);
          } else {
            e.type = TACIT_EVENT_DISMISS;
            events.push_back(e);
          }
        }
        for (size_t off = 0; off < events.size(); off += TACIT_MAX_BATCH) {
          s = tacit_record_events(h, events.data() + off, std::min<size_t>(TACIT_MAX_BATCH, events.size() - off));
          if (s) return ApiStatus("record events", s);
        }
        tacit_rank_request_t req;
        tacit_rank_request_init(&req);
        req.k = k;
        req.seed = o.seed + ci;
        req.exploration = 0;
        req.frequency_cap = 0;
        req.locale = o.locale.c_str();
        candidate_ids.clear();
        if (o.candidates == Candidates::kUnseen) {
          for (uint32_t i = 0; i < n_items; ++i)
            if (!excluded[i]) candidate_ids.push_back(d.items[i].id.c_str());
          req.candidate_ids = candidate_ids.data();
          req.candidate_count = candidate_ids.size();
        }
        tacit_ranking_t* ranking = nullptr;
        s = tacit_rank(h, &req, &ranking);
        if (s) return ApiStatus("rank", s);
        top.clear();
        for (size_t r = 0; r < tacit_ranking_size(ranking); ++r) top.push_back(d.item_index.at(tacit_ranking_get(ranking, r)->item_id));
        if (ci < examples.size()) {
          Example& ex = examples[ci];
          ex.user = d.users[c.user];
          ex.target = d.items[c.target].id;
          for (size_t r = 0; r < tacit_ranking_size(ranking) && r < 3; ++r) {
            const tacit_ranked_item_t* it = tacit_ranking_get(ranking, r);
            Example::Entry en{it->item_id, it->title, {}};
            for (size_t q = 0; q < it->reason_count; ++q) en.reasons.push_back(tacit_ranking_reason(ranking, r, q)->text);
            ex.top.push_back(std::move(en));
          }
        }
        tacit_ranking_free(ranking);
        return Status::OK();
      }();
      if (!st.ok()) {
        std::lock_guard<std::mutex> lock(err_mu);
        if (first_error.ok()) first_error = st;
        break;
      }
      record(kTacit, top);

      // Random: a seeded permutation of the candidates.
      std::mt19937_64 rng(o.seed * 1000003ULL + c.user);
      std::uniform_real_distribution<float> unif(0, 1);
      for (auto& v : scores) v = unif(rng);
      TopK(scores, excluded, k, &top, &scratch);
      record(kRandom, top);
      for (size_t i = 0; i < n_items; ++i) scores[i] = float(pop_count[i]);
      TopK(scores, excluded, k, &top, &scratch);
      record(kPopularity, top);
      KnnScores(co, positives[c.user], &scores);
      TopK(scores, excluded, k, &top, &scratch);
      record(kItemKnn, top);
      std::fill(taste.begin(), taste.end(), 0.0f);
      for (uint32_t it : positives[c.user])
        for (uint32_t e = 0; e < dim; ++e) taste[e] += unit[size_t(it) * dim + e];
      for (size_t i = 0; i < n_items; ++i) {
        float acc = 0;
        for (uint32_t e = 0; e < dim; ++e) acc += unit[i * dim + e] * taste[e];
        scores[i] = has_emb[i] ? acc : -1e30f;
      }
      TopK(scores, excluded, k, &top, &scratch);
      record(kEmbedding, top);
    }
  };
  const unsigned n_threads = std::max(1u, std::min<unsigned>(o.threads, 16));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n_threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (o.work_dir.empty()) fs::remove_all(work, ec);
  if (!first_error.ok()) return first_error;

  // Bootstrap over users: means, coverage of the resampled users' lists, paired differences to tacit.
  EvalReport rep;
  rep.users = n_users;
  rep.items = n_items;
  rep.train_interactions = train_n;
  rep.examples = std::move(examples);
  std::mt19937_64 boot(o.seed ^ 0xB007B007ULL);
  std::vector<uint32_t> stamp(size_t(kRankers) * n_items, 0);
  std::vector<std::vector<double>> b_hr(kRankers), b_ndcg(kRankers), b_cov(kRankers), b_cons(kRankers), b_dhr(kRankers),
      b_dndcg(kRankers);
  std::vector<uint32_t> sample(n_users);
  auto coverage_of = [&](int r, const std::vector<uint32_t>& users, uint32_t mark) {
    size_t distinct = 0;
    for (uint32_t u : users)
      for (size_t p = 0; p < k; ++p) {
        const uint32_t it = lists[(size_t(r) * n_users + u) * k + p];
        if (it == UINT32_MAX) continue;
        uint32_t& s = stamp[size_t(r) * n_items + it];
        if (s != mark) s = mark, ++distinct;
      }
    return double(distinct) / double(n_items);
  };
  for (size_t b = 0; b < o.bootstrap; ++b) {
    for (auto& s : sample) s = uint32_t(boot() % n_users);
    for (int r = 0; r < kRankers; ++r) {
      double sh = 0, sn = 0, sc = 0, dh = 0, dn = 0;
      for (uint32_t u : sample) {
        const size_t at = size_t(r) * n_users + u;
        sh += hit[at], sn += ndcg[at], sc += consumed[at];
        dh += hit[u] - hit[at], dn += ndcg[u] - ndcg[at];
      }
      b_hr[r].push_back(sh / double(n_users));
      b_ndcg[r].push_back(sn / double(n_users));
      b_cons[r].push_back(sc / double(n_users));
      b_dhr[r].push_back(dh / double(n_users));
      b_dndcg[r].push_back(dn / double(n_users));
      b_cov[r].push_back(coverage_of(r, sample, uint32_t(b + 1)));
    }
  }
  std::vector<uint32_t> everyone(n_users);
  std::iota(everyone.begin(), everyone.end(), 0u);
  for (int r = 0; r < kRankers; ++r) {
    double sh = 0, sn = 0, sc = 0, dh = 0, dn = 0;
    for (size_t u = 0; u < n_users; ++u) {
      const size_t at = size_t(r) * n_users + u;
      sh += hit[at], sn += ndcg[at], sc += consumed[at];
      dh += hit[u] - hit[at], dn += ndcg[u] - ndcg[at];
    }
    RankerResult res;
    res.name = kRankerNames[r];
    const double nu = double(n_users);
    res.hr = Percentile(b_hr[r], sh / nu);
    res.ndcg = Percentile(b_ndcg[r], sn / nu);
    res.consumed = Percentile(b_cons[r], sc / nu);
    // Coverage is not a mean: a resample holds fewer distinct users, which biases it down. The interval is
    // the bootstrap percentiles shifted by that bias (estimate minus the resamples' mean).
    const double cov = coverage_of(r, everyone, uint32_t(o.bootstrap + 1));
    res.coverage = Percentile(b_cov[r], cov);
    if (!b_cov[r].empty()) {
      const double bias = cov - std::accumulate(b_cov[r].begin(), b_cov[r].end(), 0.0) / double(b_cov[r].size());
      res.coverage.lo = std::clamp(res.coverage.lo + bias, 0.0, 1.0);
      res.coverage.hi = std::clamp(res.coverage.hi + bias, 0.0, 1.0);
    }
    res.hr_diff = Percentile(b_dhr[r], dh / nu);
    res.ndcg_diff = Percentile(b_dndcg[r], dn / nu);
    rep.rankers.push_back(res);
  }
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  return rep;
}

}  // namespace tacit_eval

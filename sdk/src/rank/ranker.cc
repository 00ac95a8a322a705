#include "rank/ranker.h"

#include "rank/reasons.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace tacit {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// SplitMix64: small, seedable, and the same on every platform (ranking is deterministic for a seed).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return double(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double Normal() {  // Box-Muller
    double u = 1.0 - Uniform(), v = Uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  double Gamma(double a) {  // Marsaglia-Tsang, a >= 1
    const double d = a - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      double x = Normal(), v = 1.0 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      double u = 1.0 - Uniform();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
    }
  }
  double Beta(double a, double b) {
    double x = Gamma(a), y = Gamma(b);
    return x / (x + y);
  }

 private:
  uint64_t s_;
};

// Dot products in one fixed order of additions, so a profile and a request give the same scores on every
// platform and in every path (rank, explain, candidates): per 4-lane block one vector accumulator, then its
// lanes as (x0 + x2) + (x1 + x3), then the tail one by one. GCC and Clang vector extensions (SSE on x86, NEON
// on ARM). Dot4 computes four such products at once, its four chains independent, so it is bound by loads
// rather than by the latency of one chain; Dot is for single items.
typedef float Float4 __attribute__((vector_size(16)));
inline Float4 Load4(const float* p) {
  Float4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline float Dot(const float* a, const float* b, uint32_t n) {
  Float4 acc = {0, 0, 0, 0};
  uint32_t i = 0;
  for (; i + 4 <= n; i += 4) acc += Load4(a + i) * Load4(b + i);
  float sum = (acc[0] + acc[2]) + (acc[1] + acc[3]);
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

// Lanes of two vectors (0-3 from x, 4-7 from y), in GCC's and Clang's spellings.
#if defined(__clang__)
#define TACIT_SHUFFLE4(x, y, i, j, k, l) __builtin_shufflevector(x, y, i, j, k, l)
#else
typedef int Int4 __attribute__((vector_size(16)));
#define TACIT_SHUFFLE4(x, y, i, j, k, l) __builtin_shuffle(x, y, Int4{i, j, k, l})
#endif

// The dot products of rows a, b, c, d with q, in Dot's order for each; each block of q is loaded once.
inline Float4 Dot4(const float* a, const float* b, const float* c, const float* d, const float* q, uint32_t n) {
  Float4 sa = {0, 0, 0, 0}, sb = sa, sc = sa, sd = sa;
  uint32_t i = 0;
  for (; i + 8 <= n; i += 8) {  // two blocks per step: half the loop overhead, the same order of additions
    const Float4 q0 = Load4(q + i), q1 = Load4(q + i + 4);
    sa += Load4(a + i) * q0;
    sb += Load4(b + i) * q0;
    sc += Load4(c + i) * q0;
    sd += Load4(d + i) * q0;
    sa += Load4(a + i + 4) * q1;
    sb += Load4(b + i + 4) * q1;
    sc += Load4(c + i + 4) * q1;
    sd += Load4(d + i + 4) * q1;
  }
  for (; i + 4 <= n; i += 4) {
    const Float4 qv = Load4(q + i);
    sa += Load4(a + i) * qv;
    sb += Load4(b + i) * qv;
    sc += Load4(c + i) * qv;
    sd += Load4(d + i) * qv;
  }
  const Float4 ab = TACIT_SHUFFLE4(sa, sb, 0, 4, 1, 5) + TACIT_SHUFFLE4(sa, sb, 2, 6, 3, 7);  // a0+a2 b0+b2 a1+a3 b1+b3
  const Float4 cd = TACIT_SHUFFLE4(sc, sd, 0, 4, 1, 5) + TACIT_SHUFFLE4(sc, sd, 2, 6, 3, 7);
  Float4 sum = TACIT_SHUFFLE4(ab, cd, 0, 1, 4, 5) + TACIT_SHUFFLE4(ab, cd, 2, 3, 6, 7);
  for (; i < n; ++i) {
    const Float4 tail = {a[i] * q[i], b[i] * q[i], c[i] * q[i], d[i] * q[i]};
    sum += tail;
  }
  return sum;
}

// Replaces the top of a heap ordered by `better` (its top is the worst kept) and sifts the new entry down:
// one pass where pop_heap and push_heap take two.
template <typename T, typename Better>
void ReplaceTop(std::vector<T>* heap, const T& entry, Better better) {
  std::vector<T>& h = *heap;
  const size_t n = h.size();
  size_t at = 0;
  for (size_t child = 1; child < n; child = 2 * at + 1) {
    if (child + 1 < n && better(h[child], h[child + 1])) ++child;  // the worse of the two children
    if (!better(entry, h[child])) break;                            // entry is no better: it stays here
    h[at] = h[child];
    at = child;
  }
  h[at] = entry;
}

bool LocaleMatches(const std::string& item, const std::string& wanted) {
  if (wanted.empty() || item.empty()) return true;
  auto lang = [](const std::string& s) { return s.substr(0, s.find_first_of("-_")); };
  return item == wanted || lang(item) == lang(wanted);
}

const std::string& Label(const Catalog& c, uint32_t t) {
  return c.topics[t].label.empty() ? c.topics[t].id : c.topics[t].label;
}

// Everything a request derives from the profile once, before scoring items.
struct Prepared {
  double confidence = 0;
  float pop_w = 0, fresh_w = 0, sim_w = 0;
  bool any_locale = true;
  ReasonLanguage lang = ReasonLanguage::kEnglish;
};

Prepared Prepare(const ProfileModel& m, const RankRequest& r, RankScratch* s) {
  const RankIndex& idx = m.index();
  const size_t topics = idx.catalog->topics.size();
  Prepared p;
  const ScoreWeights& w = r.weights;
  p.confidence = r.use_inferred ? double(m.engagements()) / (double(m.engagements()) + w.confidence_half) : 0.0;
  if (r.use_inferred) {
    m.InferredAt(r.now_ms, &s->inferred);
  } else {
    s->inferred.assign(topics, 0.0f);
  }
  s->topic_score.assign(topics + 1, 0.0f);  // the last slot scores "no topic"
  s->inferred_term.assign(topics, 0.0f);
  const auto& declared = m.declared();
  const auto& suppressed = m.suppressed();
  // Without a taste vector (no embeddings, or none engaged yet) topics carry the similarity's weight too.
  double taste_norm = 0;
  if (r.use_inferred && idx.dim)
    for (double v : m.taste_ref()) taste_norm += v * v;
  const float inf_w = float((w.inferred + (taste_norm > 0 ? 0.0 : w.similar)) * p.confidence);
  // Inferred affinity is read relative to the user's strongest topic: the user's own distribution, not an
  // absolute scale that saturates after a few events.
  float strongest = 0;
  for (size_t t = 0; t < topics; ++t) strongest = std::max(strongest, s->inferred[t]);
  const float inv_strongest = strongest > 0 ? 1.0f / strongest : 0.0f;
  // "Not interested" in a topic covers its descendants: one pass, parents before children.
  s->excluded.assign(topics, 0);
  for (uint32_t t : idx.topic_order) {
    const int32_t parent = idx.catalog->topics[t].parent;
    s->excluded[t] = suppressed[t] || (parent >= 0 && s->excluded[size_t(parent)]);
  }
  for (size_t t = 0; t < topics; ++t) {
    if (s->excluded[t] || (idx.topic_sensitive[t] && declared[t] <= 0)) {
      s->topic_score[t] = kNegInf;
    } else {
      s->inferred_term[t] = inf_w * std::clamp(s->inferred[t] * inv_strongest, -1.0f, 1.0f);
      s->topic_score[t] = w.declared * declared[t] + s->inferred_term[t];
    }
  }
  // Personal evidence takes over from the popularity prior as it accumulates, down to a floor.
  p.pop_w = float(w.popular * std::max(double(w.popular_floor), 1.0 - p.confidence));
  p.fresh_w = float(w.fresh *
                    std::exp2(std::clamp(-(double(r.now_ms) - double(idx.fresh_t0_ms)) / RankIndex::kFreshHalfLifeMs, -100.0, 100.0)));
  s->taste.assign(idx.dim, 0.0f);
  if (r.use_inferred && idx.dim) {
    if (taste_norm > 0) {
      // Decay scales the taste vector uniformly, so its direction is that of taste_ref.
      const double inv = 1.0 / std::sqrt(taste_norm);
      for (uint32_t d = 0; d < idx.dim; ++d) s->taste[d] = float(m.taste_ref()[d] * inv);
      p.sim_w = float(w.similar * p.confidence);
    }
  }
  // The items "similar to" reasons can name (Explainers), gathered once per request.
  s->recent_rows.clear();
  s->recent_acts.clear();
  if (p.sim_w != 0)
    for (const RecentEngagement& re : m.recent())
      if (idx.catalog->items[re.item].has_embedding) s->recent_rows.push_back(re.item), s->recent_acts.push_back(re.type);
  p.lang = LanguageOf(r.locale);
  p.any_locale = r.locale.empty();
  if (!p.any_locale) {
    s->locale_ok.resize(idx.locales.size());
    for (size_t l = 0; l < idx.locales.size(); ++l) s->locale_ok[l] = LocaleMatches(idx.locales[l], r.locale);
  }
  return p;
}

// Everything but similarity; `sim` is the item's dot product with the taste vector (0 when unused).
inline float ScoreItem(const RankIndex& idx, const ProfileModel& m, const Prepared& p, const RankScratch& s,
                       uint32_t i, float sim) {
  float topic = 0;
  for (uint32_t k = idx.topic_begin[i]; k < idx.topic_begin[i + 1]; ++k)
    topic += idx.item_weight[k] * s.topic_score[idx.item_topic[k]];
  float score = topic * idx.inv_weight_sum[i] + p.pop_w * idx.popularity[i] + p.fresh_w * idx.fresh_rel[i] + p.sim_w * sim;
  (void)m;
  if (!p.any_locale && !s.locale_ok[idx.locale_id[i]]) score = kNegInf;
  return score;
}

inline float SimilarityOf(const RankIndex& idx, const Prepared& p, const RankScratch& s, uint32_t i) {
  return p.sim_w != 0 ? Dot(idx.catalog->embeddings.data() + size_t(i) * idx.dim, s.taste.data(), idx.dim) : 0.0f;
}

// Blocked and consumed items, fatigue, dismissal penalties and frequency caps: sparse, after the dense pass.
// Without personalisation (use_inferred false) only the cap reads views; fatigue and penalties are behaviour.
void ApplyExposures(const ProfileModel& m, const RankRequest& r, std::vector<float>* scores) {
  for (uint32_t item : m.blocked_items()) (*scores)[item] = kNegInf;
  for (uint32_t item : m.index().sensitive_by_memory) (*scores)[item] = kNegInf;
  if (!r.include_consumed)
    for (uint32_t item : m.consumed_items()) (*scores)[item] = kNegInf;
  const double decay = m.Decay(r.now_ms);
  for (const auto& [item, exposure] : m.exposures()) {
    float& s = (*scores)[item];
    if (s == kNegInf) continue;
    const uint32_t views = ProfileModel::ViewsInWindow(exposure, r.now_ms);
    if (r.frequency_cap && views >= r.frequency_cap) {
      s = kNegInf;
      continue;
    }
    if (r.use_inferred)
      s -= r.weights.fatigue_per_view * float(views) + r.weights.penalty * float(exposure.penalty_ref * decay) +
           r.weights.seen * float(exposure.views_ref * decay) +
           (exposure.views_total || exposure.dismissals_total ? r.weights.passed_over : 0.0f);
  }
}

// Distinct items of `topic` the user engaged with this week: finished ones (complete, conversion) if any,
// else all; and their common kind (unspecified when they differ or are unknown).
struct WeekCount {
  uint32_t n = 0;
  bool finished = false;
  ItemKind kind = ItemKind::kUnspecified;
};
WeekCount CountThisWeek(const ProfileModel& m, uint32_t topic, int64_t now) {
  WeekCount w;
  w.n = m.ItemsThisWeek(topic, now, true);
  w.finished = w.n > 0;
  if (!w.finished) w.n = m.ItemsThisWeek(topic, now, false);
  if (!w.n) return w;
  const Catalog& c = *m.index().catalog;
  bool first = true, same = true;
  for (const ProfileModel::Engagement& e : m.Engagements(topic)) {
    if (e.ts <= now - ProfileModel::kWeekMs || e.ts > now) continue;
    if (w.finished && e.type != TACIT_EVENT_COMPLETE && e.type != TACIT_EVENT_CONVERSION) continue;
    const ItemKind k = e.item == ProfileModel::kUnknownItem ? ItemKind::kUnspecified : c.items[e.item].kind;
    if (first) w.kind = k, first = false;
    same &= k == w.kind;
  }
  if (!same) w.kind = ItemKind::kUnspecified;
  return w;
}

Reason Make(ReasonKind kind, std::string ref, bool ref_is_item, double contribution, ReasonText t) {
  return Reason{kind, std::move(ref), ref_is_item, contribution, std::move(t.text), std::move(t.spoken)};
}

// The reasons for one scored item, strongest first; never empty.
std::vector<Reason> Explainers(const ProfileModel& m, const Prepared& p, const RankScratch& s, const RankRequest& r,
                               uint32_t i, bool exploring) {
  const RankIndex& idx = m.index();
  const Catalog& c = *idx.catalog;
  const ReasonLanguage lang = p.lang;
  std::vector<Reason> out;
  out.reserve(5);
  if (exploring) out.push_back(Make(ReasonKind::kExploring, c.topics[idx.primary_topic[i]].id, false, 0.0, ExploringReason(lang)));
  // Declared and inferred: the topic that contributes most of each kind.
  int best_decl = -1, best_inf = -1;
  double decl = 0, inf = 0;
  for (uint32_t k = idx.topic_begin[i]; k < idx.topic_begin[i + 1]; ++k) {
    const uint32_t t = idx.item_topic[k];
    const double share = idx.item_weight[k] * idx.inv_weight_sum[i];
    const double d = r.weights.declared * m.declared()[t] * share;
    const double f = s.inferred_term[t] * share;
    if (d > decl) decl = d, best_decl = int(t);
    if (f > inf) inf = f, best_inf = int(t);
  }
  if (best_decl >= 0)
    out.push_back(Make(ReasonKind::kDeclared, c.topics[best_decl].id, false, decl,
                       DeclaredReason(lang, TopicLabel(c, uint32_t(best_decl), lang))));
  if (best_inf >= 0 && inf > 0.005) {
    const std::string label = TopicLabel(c, uint32_t(best_inf), lang);
    const WeekCount w = CountThisWeek(m, uint32_t(best_inf), r.now_ms);
    out.push_back(Make(ReasonKind::kInferred, c.topics[best_inf].id, false, inf,
                       w.n ? InferredCountReason(lang, label, w.n, w.kind, w.finished) : InferredLatelyReason(lang, label)));
  }
  if (p.sim_w != 0) {
    const float* e = c.embeddings.data() + size_t(i) * idx.dim;
    const double sim = p.sim_w * Dot(e, s.taste.data(), idx.dim);
    if (sim > 0.005) {
      // The item the user engaged with that is nearest to this one, among all recent distinct items.
      // Four at a time (Dot4); the first of equal products wins, as one by one.
      const uint32_t* near = s.recent_rows.data();
      const size_t count = s.recent_rows.size();
      size_t best = count;
      float best_dot = -2;
      for (size_t j = 0; j < count; j += 4) {
        const float* row[4];
        for (size_t q = 0; q < 4; ++q) row[q] = c.embedding(near[std::min(j + q, count - 1)]);
        float d[4];
        const Float4 dots = Dot4(row[0], row[1], row[2], row[3], e, idx.dim);
        std::memcpy(d, &dots, sizeof d);
        for (size_t q = 0; q < 4 && j + q < count; ++q)
          if (near[j + q] != i && d[q] > best_dot) best_dot = d[q], best = j + q;
      }
      if (best < count) {
        const int32_t act = s.recent_acts[best];
        const Item& near_item = c.items[near[best]];
        out.push_back(Make(ReasonKind::kSimilar, near_item.id, true, sim,
                           SimilarReason(lang, near_item.title, TopicLabel(c, idx.primary_topic[near[best]], lang),
                                         near_item.kind, act)));
      }
    }
  }
  const double fresh = p.fresh_w * idx.fresh_rel[i];
  if (fresh > 0.05) out.push_back(Make(ReasonKind::kFresh, "", false, fresh, FreshReason(lang)));
  const double pop = p.pop_w * idx.popularity[i];
  const bool know_little = p.confidence < 0.3 && best_decl < 0;
  if (pop > 0 && (know_little || pop >= std::max(decl, inf) || out.empty()))
    out.push_back(Make(ReasonKind::kPopular, "", false, pop, PopularReason(lang, know_little)));
  if (out.empty()) out.push_back(Make(ReasonKind::kPopular, "", false, 0.0, BrandOrderReason(lang)));
  // Strongest first (a stable insertion sort: at most five entries, no allocation). Exploring stays first.
  for (size_t a = exploring ? 2 : 1; a < out.size(); ++a)
    for (size_t b = a; b > (exploring ? 1u : 0u) && out[b].contribution > out[b - 1].contribution; --b)
      std::swap(out[b], out[b - 1]);
  return out;
}

}  // namespace

Result<std::vector<RankedItem>> Rank(const ProfileModel& m, const RankRequest& r, RankScratch* s) {
  const RankIndex& idx = m.index();
  const size_t n = idx.items();
  const Prepared p = Prepare(m, r, s);

  // Dense passes: similarity first (a plain vectorised scan), then the other contributions and filters.
  // Non-candidates stay at -inf.
  if (r.candidates.empty()) {
    s->scores.resize(n);
    // One flat loop: similarity, priors and the first two topics (gathers from the small topic table).
    float* sc = s->scores.data();
    const float* pop = idx.popularity.data();
    const float* fresh = idx.fresh_rel.data();
    const uint32_t* t0 = idx.t0.data();
    const uint32_t* t1 = idx.t1.data();
    const float* w0 = idx.w0.data();
    const float* w1 = idx.w1.data();
    const float* ts = s->topic_score.data();  // topics + 1 entries; the last is 0
    const float sim_w = p.sim_w, pop_w = p.pop_w, fresh_w = p.fresh_w;
    if (sim_w != 0) {
      const float* emb = idx.catalog->embeddings.data();
      const float* taste = s->taste.data();
      const uint32_t dim = idx.dim;
      // Four items per step (Dot4), the rest one by one, in the same order of additions per item.
      const Float4 sim_w4 = {sim_w, sim_w, sim_w, sim_w}, pop_w4 = {pop_w, pop_w, pop_w, pop_w},
                   fresh_w4 = {fresh_w, fresh_w, fresh_w, fresh_w};
      uint32_t i = 0;
      for (; i + 4 <= n; i += 4) {
        const float* e = emb + size_t(i) * dim;
        const Float4 dots = Dot4(e, e + dim, e + 2 * dim, e + 3 * dim, taste, dim);
        const Float4 topic0 = {ts[t0[i]], ts[t0[i + 1]], ts[t0[i + 2]], ts[t0[i + 3]]};
        const Float4 topic1 = {ts[t1[i]], ts[t1[i + 1]], ts[t1[i + 2]], ts[t1[i + 3]]};
        const Float4 v = sim_w4 * dots + pop_w4 * Load4(pop + i) + fresh_w4 * Load4(fresh + i) +
                         Load4(w0 + i) * topic0 + Load4(w1 + i) * topic1;
        std::memcpy(sc + i, &v, sizeof v);
      }
      for (; i < n; ++i)
        sc[i] = sim_w * Dot(emb + size_t(i) * dim, taste, dim) + pop_w * pop[i] + fresh_w * fresh[i] +
                w0[i] * ts[t0[i]] + w1[i] * ts[t1[i]];
    } else {
      for (uint32_t i = 0; i < n; ++i)
        sc[i] = pop_w * pop[i] + fresh_w * fresh[i] + w0[i] * ts[t0[i]] + w1[i] * ts[t1[i]];
    }
    for (size_t j = 0; j < idx.extra_items.size(); ++j)
      for (uint32_t k = idx.extra_begin[j]; k < idx.extra_begin[j + 1]; ++k)
        sc[idx.extra_items[j]] += idx.extra_weight[k] * ts[idx.extra_topic[k]];
    if (!p.any_locale)
      for (uint32_t i = 0; i < n; ++i)
        if (!s->locale_ok[idx.locale_id[i]]) sc[i] = kNegInf;
  } else {
    s->scores.assign(n, kNegInf);
    for (uint32_t i : r.candidates) s->scores[i] = ScoreItem(idx, m, p, *s, i, SimilarityOf(idx, p, *s, i));
  }
  ApplyExposures(m, r, &s->scores);

  // The best `pool` items by score (ties to the lower index, so the result is deterministic), kept in a
  // small heap whose top is the worst kept: one compare per item.
  auto better = [](const std::pair<float, uint32_t>& a, const std::pair<float, uint32_t>& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  const size_t want_pool = 4 * r.k + 16;
  s->top.clear();
  const float* sc = s->scores.data();
  uint32_t i = 0;
  for (; i < n && s->top.size() < want_pool; ++i) {
    if (sc[i] == kNegInf) continue;
    s->top.emplace_back(sc[i], i);
    std::push_heap(s->top.begin(), s->top.end(), better);
  }
  // The heap is full: only a score above the worst kept enters (-inf never does; equal scores keep the
  // lower index already held).
  for (float worst = s->top.empty() ? 0.0f : s->top.front().first; i < n; ++i) {
    if (sc[i] > worst) {
      ReplaceTop(&s->top, {sc[i], i}, better);
      worst = s->top.front().first;
    }
  }
  std::sort(s->top.begin(), s->top.end(), better);
  const size_t pool = s->top.size();
  const size_t k = std::min(r.k, pool);

  // Exploration slots: a bounded share of k.
  const double share = std::clamp(r.exploration, 0.0, 0.5);
  size_t n_explore = pool > k ? size_t(std::floor(double(k) * share)) : 0;
  const size_t exploit_k = k - n_explore;

  // Diversity: at most max(2, ceil(topic_share k)) items per primary topic, relaxed only if the pool runs short.
  const size_t cap = std::max<size_t>(2, size_t(std::ceil(std::clamp(r.weights.topic_share, 0.0, 1.0) * double(k))));
  std::vector<uint32_t>& per_topic = s->per_topic;
  per_topic.assign(idx.catalog->topics.size(), 0);
  std::vector<uint8_t>& taken = s->taken;
  taken.assign(n, 0);
  std::vector<uint32_t> exploit;
  for (int pass = 0; pass < 2 && exploit.size() < exploit_k; ++pass) {
    for (size_t j = 0; j < pool && exploit.size() < exploit_k; ++j) {
      const uint32_t i = s->top[j].second;
      if (taken[i] || (pass == 0 && per_topic[idx.primary_topic[i]] >= cap)) continue;
      taken[i] = 1;
      per_topic[idx.primary_topic[i]]++;
      exploit.push_back(i);
    }
  }


  // Thompson sampling over topics the user has not shown or declared interest in: Beta(1 + engagements,
  // 1 + dismissals + 1). Only topics whose score is finite qualify, so blocked, suppressed and undeclared
  // sensitive topics are never explored; the chosen item must itself have a finite score.
  std::vector<uint32_t> explore;
  if (n_explore) {
    Rng rng(r.seed ? r.seed : (uint64_t(randombytes_random()) << 32 | randombytes_random()));
    std::vector<std::pair<double, uint32_t>> draws;
    const size_t topics = idx.catalog->topics.size();
    for (uint32_t t = 0; t < topics; ++t) {
      if (s->topic_score[t] == kNegInf || m.declared()[t] > 0 || s->inferred[t] > 0.5f) continue;
      if (idx.by_topic_begin[t] == idx.by_topic_begin[t + 1]) continue;
      const double a = 1.0 + (r.use_inferred ? m.topic_positive()[t] : 0);
      const double b = 2.0 + (r.use_inferred ? m.topic_negative()[t] : 0);
      // Topics absent from the list come first (draw + 1), then the rest.
      draws.emplace_back(rng.Beta(a, b) + (per_topic[t] == 0 ? 1.0 : 0.0), t);
    }
    std::sort(draws.begin(), draws.end(), [](auto& x, auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
    for (const auto& d : draws) {
      if (explore.size() == n_explore) break;
      for (uint32_t j = idx.by_topic_begin[d.second]; j < idx.by_topic_begin[d.second + 1]; ++j) {
        const uint32_t i = idx.by_topic_items[j];
        if (s->scores[i] != kNegInf && !taken[i]) {
          taken[i] = 1;
          explore.push_back(i);
          break;
        }
      }
    }
  }
  // Fill any exploration slot left empty with the next exploit items.
  for (size_t j = 0; j < pool && exploit.size() + explore.size() < k; ++j) {
    const uint32_t i = s->top[j].second;
    if (!taken[i]) taken[i] = 1, exploit.push_back(i);
  }
  // Items admitted when the cap relaxed (or to fill exploration slots) take their place by score.
  std::stable_sort(exploit.begin(), exploit.end(), [&](uint32_t a, uint32_t b) { return s->scores[a] > s->scores[b]; });

  // Interleave: exploration items at evenly spaced positions.
  std::vector<std::pair<uint32_t, bool>> order;
  size_t e = 0, x = 0;
  const size_t total = exploit.size() + explore.size();
  for (size_t pos = 0; pos < total; ++pos) {
    const bool slot = e < explore.size() && (pos + 1) * (explore.size() + 1) >= (e + 1) * (total + 1);
    if (slot || x >= exploit.size()) {
      order.emplace_back(explore[e++], true);
    } else {
      order.emplace_back(exploit[x++], false);
    }
  }
  std::vector<RankedItem> out;
  out.reserve(order.size());
  for (const auto& [i, exploring] : order)
    out.push_back(RankedItem{i, double(s->scores[i]), Explainers(m, p, *s, r, i, exploring)});
  return out;
}

Result<RankedItem> Explain(const ProfileModel& m, uint32_t item, const RankRequest& r) {
  const RankIndex& idx = m.index();
  const Catalog& c = *idx.catalog;
  if (m.blocked()[item]) return Status::NotFound("hidden: you said you're not interested in this item");
  if (idx.item_sensitive[item] && std::find(idx.sensitive_by_memory.begin(), idx.sensitive_by_memory.end(), item) !=
                                      idx.sensitive_by_memory.end())
    return Status::NotFound("hidden: it concerns a sensitive topic you have not chosen");
  RankScratch s;
  RankRequest one = r;
  one.locale.clear();
  one.include_consumed = true;  // explaining an item the user already met is still a fair question
  const Prepared p = Prepare(m, one, &s);
  for (uint32_t k = idx.topic_begin[item]; k < idx.topic_begin[item + 1]; ++k) {
    const uint32_t t = idx.item_topic[k];
    if (s.excluded[t]) return Status::NotFound("hidden: you said you're not interested in " + Label(c, t));
    if (idx.topic_sensitive[t] && m.declared()[t] <= 0)
      return Status::NotFound("hidden: it concerns a sensitive topic you have not chosen");
  }
  std::vector<float> scores(idx.items(), kNegInf);
  scores[item] = ScoreItem(idx, m, p, s, item, SimilarityOf(idx, p, s, item));
  ApplyExposures(m, one, &scores);
  if (scores[item] == -std::numeric_limits<float>::infinity())
    return Status::NotFound("not shown right now: it reached its frequency cap for today");
  RankedItem out{item, double(scores[item]), Explainers(m, p, s, one, item, false)};
  return out;
}

}  // namespace tacit

// The generative model is documented in docs/evaluation.md ("Synthetic data"); keep the two in step.
#include "synth.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace tacit_eval {
namespace {

struct TopicDef {
  const char* id;
  const char* kind;
};
const TopicDef kTopics[] = {
    {"running", "article"},       {"cycling", "article"},     {"hiking", "article"},    {"cooking", "article"},
    {"gardening", "article"},     {"travel", "article"},      {"science", "article"},   {"technology", "article"},
    {"personal_finance", "article"}, {"history", "article"},  {"documentaries", "video"}, {"comedy", "video"},
    {"drama", "video"},           {"thrillers", "video"},     {"animation", "video"},   {"nature_films", "video"},
    {"science_fiction", "video"}, {"jazz", "audio"},          {"classical", "audio"},   {"hip_hop", "audio"},
    {"folk", "audio"},            {"electronic", "audio"},    {"ambient", "audio"},     {"podcasts", "audio"},
};
constexpr size_t kTopicCount = sizeof kTopics / sizeof kTopics[0];
const char* const kAdjectives[] = {"Quiet", "Bright", "Northern", "Late", "Golden", "Hidden", "Long", "Small",
                                   "Wild", "Blue", "Open", "First", "Slow", "Second", "Winter", "Summer"};
const char* const kNouns[] = {"Harbour", "Road", "Morning", "Season", "Valley", "Light", "Journey", "Garden",
                              "River", "Notes", "Hours", "Story", "Signal", "Field", "Tide", "Window"};

std::vector<double> Normalised(std::vector<double> v) {
  double n = 0;
  for (double x : v) n += x * x;
  n = std::sqrt(n);
  if (n > 0)
    for (double& x : v) x /= n;
  return v;
}

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

Dataset Generate(const SynthOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unif(0, 1);
  const uint32_t f = std::max<uint32_t>(2, o.factors);
  auto gauss = [&](double scale) {
    std::vector<double> v(f);
    for (double& x : v) x = normal(rng) * scale;
    return v;
  };
  auto mix = [&](const std::vector<double>& a, double wa, const std::vector<double>& b, double wb) {
    std::vector<double> v(f);
    for (uint32_t i = 0; i < f; ++i) v[i] = wa * a[i] + wb * b[i];
    return v;
  };

  // Topics: a latent centroid each; sizes follow a Zipf-like law.
  std::vector<std::vector<double>> centroid(kTopicCount);
  std::vector<double> topic_size(kTopicCount);
  for (size_t t = 0; t < kTopicCount; ++t) {
    centroid[t] = Normalised(gauss(1.0));
    topic_size[t] = 1.0 / std::pow(double(t % 8) + 1.0, 0.6);
  }
  std::discrete_distribution<size_t> pick_topic(topic_size.begin(), topic_size.end());

  const int64_t start = 1767225600000LL;  // 2026-01-01T00:00:00Z
  const int64_t span = int64_t(o.days * 86400000.0);
  Dataset d;
  std::vector<std::vector<double>> factor(o.items);
  std::vector<double> appeal(o.items);
  for (size_t i = 0; i < o.items; ++i) {
    EvalItem it;
    it.id = "i" + std::to_string(i + 1);
    const size_t p = pick_topic(rng);
    size_t s = p;
    it.topics.emplace_back(kTopics[p].id, 1.0f);
    std::vector<double> v = centroid[p];
    if (unif(rng) < 0.6) {
      // A second topic, more often of the same kind.
      do s = unif(rng) < 0.7 ? (p / 8) * 8 + size_t(rng() % 8) : pick_topic(rng); while (s == p || s >= kTopicCount);
      const double w = 0.3 + 0.4 * unif(rng);
      it.topics.emplace_back(kTopics[s].id, float(w));
      v = mix(v, 1.0, centroid[s], 0.5 * w);
    }
    factor[i] = Normalised(mix(v, 1.0, Normalised(gauss(1.0)), 0.7));  // the item's own character beyond its topics
    appeal[i] = normal(rng);                                             // log-normal popularity skew
    it.kind = kTopics[p].kind;
    // Most items exist when the log starts; the rest appear during it.
    it.date_ms = unif(rng) < 0.75 ? start - int64_t(unif(rng) * 90 * 86400000.0) : start + int64_t(unif(rng) * double(span));
    if (rng() % 50 != 0) {  // 2% have no title
      std::string label = kTopics[p].id;
      std::replace(label.begin(), label.end(), '_', ' ');
      label[0] = char(std::toupper(static_cast<unsigned char>(label[0])));
      it.title = std::string(kAdjectives[rng() % 16]) + " " + kNouns[rng() % 16] + " (" + label + ")";
    }
    d.item_index[it.id] = uint32_t(i);
    d.items.push_back(std::move(it));
  }

  std::vector<double> s0(o.items), s1(o.items), w(o.items);
  std::vector<uint8_t> seen(o.items);
  std::geometric_distribution<int> extra(1.0 / std::max(1.0, o.mean_events - 7.0));
  for (size_t u = 0; u < o.users; ++u) {
    d.users.push_back("u" + std::to_string(u + 1));
    // Tastes: one to three favourite topics plus a personal direction; drift toward a new topic.
    std::vector<double> t0(f, 0.0);
    const int favs = 1 + int(rng() % 3);
    for (int k = 0; k < favs; ++k) t0 = mix(t0, 1.0, centroid[pick_topic(rng)], 1.0 / (k + 1));
    t0 = Normalised(mix(Normalised(t0), 1.0, Normalised(gauss(1.0)), 0.5));
    const std::vector<double> t1 = Normalised(mix(centroid[pick_topic(rng)], 1.0, Normalised(gauss(1.0)), 0.5));
    const double drift = o.drift * unif(rng);
    const double c01 = Dot(t0, t1);
    for (size_t i = 0; i < o.items; ++i) s0[i] = Dot(t0, factor[i]), s1[i] = Dot(t1, factor[i]);
    const int n = std::min(300, 8 + extra(rng));
    const double first = unif(rng) * 0.5, length = (0.3 + 0.7 * unif(rng)) * (1.0 - first);
    std::vector<int64_t> times(static_cast<size_t>(n));
    for (auto& t : times) t = start + int64_t((first + unif(rng) * length) * double(span));
    std::sort(times.begin(), times.end());
    std::fill(seen.begin(), seen.end(), 0);
    for (int e = 0; e < n; ++e) {
      const int64_t ts = times[size_t(e)];
      const double tau = n > 1 ? double(e) / double(n - 1) : 0.0;
      const double a = 1.0 - drift * tau, b = drift * tau;
      const double norm = std::sqrt(a * a + b * b + 2 * a * b * c01);
      // Gumbel-max choice among available, unseen items.
      size_t best = o.items;
      double best_v = -1e300;
      for (size_t i = 0; i < o.items; ++i) {
        if (seen[i] || d.items[i].date_ms > ts) continue;
        const double aff = (a * s0[i] + b * s1[i]) / norm;
        const double v = o.taste_sharpness * aff + o.popularity_pull * appeal[i] - std::log(-std::log(unif(rng) + 1e-300));
        if (v > best_v) best_v = v, best = i;
      }
      if (best == o.items) break;
      seen[best] = 1;
      const double aff = (a * s0[best] + b * s1[best]) / norm;
      Interaction x;
      x.user = uint32_t(u);
      x.item = uint32_t(best);
      x.rating = std::clamp(std::round(1.5 + 3.5 * aff + 0.8 * normal(rng)), 1.0, 5.0);
      x.ts_ms = ts;
      d.interactions.push_back(x);
    }
  }
  return d;
}

}  // namespace tacit_eval

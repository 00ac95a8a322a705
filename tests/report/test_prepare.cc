// Report preparation reads only what is due: which (metric, period) pairs are due, which events are read for
// them (only those inside their windows, none when nothing is due), page by page, and what happens when the
// profile changes between pages.
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "consent/consent.h"
#include "report/reporter.h"
#include "store/profile_store.h"
#include "store/report_store.h"
#include "support/profile.h"
#include "support/temp_dir.h"
#include "support/test_catalog.h"
#include "support/test_plan.h"

using namespace tacit_test;
using tacit::kMsPerDay;

namespace {

constexpr int64_t kWeek = 7 * kMsPerDay;
constexpr int64_t kHalfLife = 14 * kMsPerDay;

CatalogSpec HobbyCatalog() {
  CatalogSpec spec;
  spec.expires_at_ms = kTestNowMs + 365 * kMsPerDay;
  spec.AddTopic("hiking").AddTopic("running").AddTopic("cooking");
  for (const char* t : {"hiking", "running", "cooking"})
    for (int i = 0; i < 3; ++i) spec.AddItem(std::string(t) + "-" + std::to_string(i), {{t, 1.0f}});
  return spec;
}

// A daily engagement metric and a weekly yes/no conversion metric: their windows differ.
PlanSpec TwoPeriodPlan() {
  PlanSpec plan;
  plan.AddMetric("daily-topic", tacit::MetricKind::kTopicEngagement, {"hiking", "running", "cooking"}, 1.0, 1);
  plan.AddMetric("weekly-conversion", tacit::MetricKind::kAnyConversion, {}, 0.5, 7);
  return plan;
}

// A profile opened directly on the store, with measurement consent given at `consent_at`.
struct Profile {
  TempDir tmp;
  std::unique_ptr<tacit::ProfileStore> store;
  std::shared_ptr<const tacit::Plan> plan;
  std::shared_ptr<const tacit::RankIndex> index;
  tacit::dap::ConfigSet dap;

  explicit Profile(const PlanSpec& spec, int64_t consent_at) {
    tacit::StoreConfig cfg;
    cfg.dir = tmp.Join("p");
    cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
    auto opened = tacit::ProfileStore::Open(std::move(cfg));
    REQUIRE(opened.ok());
    store = std::move(opened).value();
    auto loaded = LoadTestPlan(spec);
    REQUIRE(loaded.ok());
    plan = loaded.value();
    auto catalog = LoadTestCatalog(HobbyCatalog());
    REQUIRE(catalog.ok());
    index = tacit::RankIndex::Build(catalog.value());
    REQUIRE(tacit::SetConsents(*store, {{TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN}}, "v1", consent_at, "api").ok());
  }
  void Event(int32_t type, const char* item, int64_t ts) {
    tacit_event_t e{sizeof(tacit_event_t), type, item, nullptr, 0, ts, 1.0};
    REQUIRE(store->RecordEvents(&e, 1).ok());
  }
  tacit::Evidence MeasurementEvidence() {
    auto history = tacit::ConsentHistory(*store);
    REQUIRE(history.ok());
    return tacit::Evidence(index, tacit::Evidence::Purpose::kMeasurement,
                           tacit::GivenWindows(history.value(), TACIT_PURPOSE_MEASUREMENT));
  }
  std::unique_ptr<tacit::ReportPreparation> Start(int64_t now) {
    auto p = tacit::ReportPreparation::Start(*store, *plan, tacit::EffectiveBounds(*plan, 0, 0), index, now, kHalfLife,
                                             MeasurementEvidence(), dap);
    REQUIRE(p.ok());
    return std::move(p).value();
  }
  // Steps 1 and 2 with pages of `page` events.
  std::unique_ptr<tacit::ReportPreparation> Compute(int64_t now, size_t page) {
    auto p = Start(now);
    for (int guard = 0; !p->values_done(); ++guard) {
      REQUIRE(guard < 1000000);
      REQUIRE(p->ReadPage(*store, page).ok());
    }
    return p;
  }
  bool Finish(tacit::ReportPreparation& p, bool recheck, size_t* made = nullptr) {
    tacit::ldp::SodiumRng rng;
    tacit::PrepareOutcome out;
    auto written = p.Finish(*store, rng, recheck, &out);
    REQUIRE(written.ok());
    if (made) *made = out.made;
    return written.value();
  }
  bool Decided(const std::string& metric, uint64_t period) {
    auto d = store->Reports().PeriodDecided(metric, period);
    REQUIRE(d.ok());
    return d.value();
  }
  uint64_t Outbox() { return store->Reports().OutboxSize().value(); }
  // What the values would be from every stored event, through the list form.
  std::vector<uint32_t> ValuesFromAllEvents(int64_t now) {
    auto events = store->ReadEvents(0, 0);
    REQUIRE(events.ok());
    const tacit::Evidence evidence = MeasurementEvidence();
    std::vector<uint32_t> out;
    for (const auto& m : plan->metrics) {
      const int64_t current = now / m.period_ms;
      out.push_back(tacit::ComputeMetricValue(*index, m, events.value(), (current - 1) * m.period_ms,
                                              current * m.period_ms, kHalfLife, evidence));
    }
    return out;
  }
};

uint32_t ValueOf(const tacit::ReportPreparation& p, const std::string& metric) {
  for (const auto& v : p.Values())
    if (v.metric_id == metric) return v.value;
  FAIL("no value for " << metric);
  return 0;
}

// The start of the first week after the test clock (the test plan is valid from a day before it).
int64_t NextWeek() { return (kTestNowMs / kWeek + 1) * kWeek; }
// A time 3 days and an hour into a week: the last completed day is the week's third, the last completed week
// the one before, and the two days between them belong to neither window.
int64_t MidWeek() { return NextWeek() + 3 * kMsPerDay + 3600 * 1000; }

}  // namespace

TEST_CASE("prepare: nothing due reads no event") {
  const int64_t now = MidWeek();
  Profile p(TwoPeriodPlan(), now - 1000);  // consent after both last periods ended
  for (int i = 0; i < 50; ++i) p.Event(TACIT_EVENT_LIKE, "hiking-1", now - 10 * kMsPerDay + i * 3600 * 1000);
  auto prep = p.Compute(now, 7);
  CHECK(prep->windows().empty());
  CHECK(prep->events_read() == 0);
  size_t made = 9;
  CHECK(p.Finish(*prep, true, &made));
  CHECK(made == 0);

  // Once decided, the same periods are not due again, and again nothing is read.
  Profile q(TwoPeriodPlan(), now - 30 * kMsPerDay);
  for (int i = 0; i < 50; ++i) q.Event(TACIT_EVENT_LIKE, "hiking-1", now - 10 * kMsPerDay + i * 3600 * 1000);
  auto first = q.Compute(now, 7);
  CHECK(first->events_read() > 0);
  REQUIRE(q.Finish(*first, false, &made));
  CHECK(made == 2);
  auto again = q.Compute(now + 3600 * 1000, 7);
  CHECK(again->windows().empty());
  CHECK(again->events_read() == 0);
  CHECK(q.Finish(*again, false, &made));
  CHECK(made == 0);
}

TEST_CASE("prepare: only the events inside the due windows are read; a window holds its first ms, not its end") {
  const int64_t now = MidWeek();
  const int64_t week_end = (now / kWeek) * kWeek, week_start = week_end - kWeek;
  const int64_t day_end = (now / kMsPerDay) * kMsPerDay, day_start = day_end - kMsPerDay;
  REQUIRE(day_start - week_end == 2 * kMsPerDay);
  Profile p(TwoPeriodPlan(), week_start - kWeek);
  size_t inside = 0;
  auto at = [&](int32_t type, const char* item, int64_t ts, bool in_window) {
    p.Event(type, item, ts);
    inside += in_window;
  };
  // Around the weekly window: a conversion on each side of it, one at its first ms.
  at(TACIT_EVENT_CONVERSION, "running-0", week_start - 1, false);
  at(TACIT_EVENT_CONVERSION, "running-0", week_start, true);
  at(TACIT_EVENT_LIKE, "cooking-0", week_end - 1, true);
  at(TACIT_EVENT_CONVERSION, "running-0", week_end, false);  // between the windows
  // Around the daily window: cooking just outside on both sides outweighs hiking inside.
  for (int i = 0; i < 3; ++i) at(TACIT_EVENT_LIKE, "cooking-1", day_start - 1, false);
  at(TACIT_EVENT_LIKE, "hiking-1", day_start, true);
  at(TACIT_EVENT_LIKE, "hiking-2", day_end - 1, true);
  for (int i = 0; i < 3; ++i) at(TACIT_EVENT_LIKE, "cooking-2", day_end, false);
  at(TACIT_EVENT_LIKE, "cooking-2", now - 1, false);

  for (size_t page : {size_t(1), size_t(2), size_t(3), tacit::ReportPreparation::kPageEvents}) {
    INFO("page " << page);
    auto prep = p.Compute(now, page);
    REQUIRE(prep->windows().size() == 2);
    CHECK(prep->windows()[0].from_ms == week_start);
    CHECK(prep->windows()[0].to_ms == week_end);
    CHECK(prep->windows()[1].from_ms == day_start);
    CHECK(prep->windows()[1].to_ms == day_end);
    CHECK(prep->events_read() == inside);
    CHECK(ValueOf(*prep, "daily-topic") == 0);        // hiking
    CHECK(ValueOf(*prep, "weekly-conversion") == 1);  // the conversion at the window's first ms
    CHECK(p.ValuesFromAllEvents(now) == std::vector<uint32_t>{0, 1});
  }

  // Only the conversions outside the weekly window: the answer is no.
  Profile q(TwoPeriodPlan(), week_start - kWeek);
  q.Event(TACIT_EVENT_CONVERSION, "running-0", week_start - 1);
  q.Event(TACIT_EVENT_CONVERSION, "running-0", week_end);
  auto prep = q.Compute(now, 1);
  CHECK(prep->events_read() == 0);
  CHECK(ValueOf(*prep, "weekly-conversion") == 0);
  CHECK(ValueOf(*prep, "daily-topic") == 3);  // none
}

TEST_CASE("prepare: two metrics with different periods are each due once per period, none missed") {
  const int64_t first = NextWeek() + 3600 * 1000;  // an hour into a week
  Profile p(TwoPeriodPlan(), first - 2 * kWeek);
  std::vector<uint64_t> weeks;
  size_t reports = 0;
  for (int64_t now = first; now < first + 3 * kWeek; now += kMsPerDay / 3) {  // three calls a day
    p.Event(TACIT_EVENT_LIKE, "running-1", now - 1000);
    auto prep = p.Compute(now, 2);
    size_t made = 0;
    REQUIRE(p.Finish(*prep, false, &made));
    reports += made;
    for (const auto& v : prep->Values())
      if (v.metric_id == "weekly-conversion") weeks.push_back(v.period);
    // Every completed period up to now is decided, whichever call it fell to.
    CHECK(p.Decided("daily-topic", uint64_t(now / kMsPerDay - 1)));
    CHECK(p.Decided("weekly-conversion", uint64_t(now / kWeek - 1)));
  }
  const uint64_t w0 = uint64_t(first / kWeek) - 1;
  CHECK(weeks == std::vector<uint64_t>{w0, w0 + 1, w0 + 2});
  CHECK(reports == 21 + 3);
  CHECK(p.Outbox() == reports);
}

TEST_CASE("prepare: after a clock jump the last completed period is due and only its window is read") {
  const int64_t now = MidWeek();
  Profile p(TwoPeriodPlan(), now - 1000);
  // Nothing is due yet: consent was given after the last periods ended.
  auto none = p.Compute(now, 4);
  CHECK(none->windows().empty());
  REQUIRE(p.Finish(*none, false));
  // Ten days of hiking, then a last day of running.
  const int64_t later = now + 12 * kMsPerDay;
  const int64_t day_end = (later / kMsPerDay) * kMsPerDay, day_start = day_end - kMsPerDay;
  for (int64_t t = now; t < day_start; t += 6 * 3600 * 1000) p.Event(TACIT_EVENT_LIKE, "hiking-0", t);
  p.Event(TACIT_EVENT_LIKE, "running-2", day_start + 1);
  p.Event(TACIT_EVENT_LIKE, "running-2", day_end - 2);
  // The clock jumps: the day before the jump's day is due (the skipped days are not: docs/reporting.md).
  auto prep = p.Compute(later, 4);
  size_t made = 0;
  REQUIRE(prep->Values().size() == 2);
  CHECK(ValueOf(*prep, "daily-topic") == 1);  // running
  const int64_t week_end = (later / kWeek) * kWeek;
  // The weekly window [week_end - 7 d, week_end) holds some of the hiking; the daily one only its two events.
  size_t in_week = 0;
  for (int64_t t = now; t < day_start; t += 6 * 3600 * 1000) in_week += t >= week_end - kWeek && t < week_end;
  REQUIRE(week_end <= day_start);
  CHECK(prep->events_read() == in_week + 2);
  REQUIRE(p.Finish(*prep, true, &made));
  CHECK(made == 2);
  CHECK(p.Decided("daily-topic", uint64_t(later / kMsPerDay - 1)));
  CHECK_FALSE(p.Decided("daily-topic", uint64_t(later / kMsPerDay - 2)));
}

TEST_CASE("prepare: a strongest segment reads the 12 half-lives before its period's end, page by page alike") {
  PlanSpec plan;
  plan.AddMetric("segment", tacit::MetricKind::kStrongestSegment, {"hiking", "running", "cooking"});
  const int64_t now = MidWeek();
  const int64_t end = (now / kMsPerDay) * kMsPerDay;
  Profile p(plan, now - 200 * kMsPerDay);
  size_t inside = 0;
  // Many events in one millisecond (a page boundary falls inside them), and older ones decayed.
  for (int i = 0; i < 9; ++i) p.Event(TACIT_EVENT_LIKE, "cooking-1", end - 20 * kMsPerDay);
  inside += 9;
  for (int i = 0; i < 5; ++i) p.Event(TACIT_EVENT_COMPLETE, "hiking-1", end - 2 * kMsPerDay + i);
  inside += 5;
  p.Event(TACIT_EVENT_LIKE, "running-1", end - 12 * kHalfLife);  // the window's first ms
  inside += 1;
  p.Event(TACIT_EVENT_LIKE, "running-1", end - 12 * kHalfLife - 1);
  p.Event(TACIT_EVENT_LIKE, "running-1", end);
  std::vector<uint32_t> values;
  for (size_t page : {size_t(1), size_t(4), size_t(0)}) {
    INFO("page " << page);
    auto prep = p.Compute(now, page);
    REQUIRE(prep->windows().size() == 1);
    CHECK(prep->windows()[0].from_ms == end - 12 * kHalfLife);
    CHECK(prep->events_read() == inside);
    values.push_back(ValueOf(*prep, "segment"));
  }
  CHECK(values == std::vector<uint32_t>(3, p.ValuesFromAllEvents(now)[0]));
}

TEST_CASE("prepare: a change between pages that the decisions or values depend on writes nothing") {
  const int64_t now = MidWeek();
  const int64_t week_end = (now / kWeek) * kWeek;
  auto profile = [&] {
    auto p = std::make_unique<Profile>(TwoPeriodPlan(), week_end - 2 * kWeek);
    for (int i = 0; i < 6; ++i) p->Event(TACIT_EVENT_LIKE, "hiking-1", week_end - kMsPerDay + i);
    return p;
  };
  auto half_read = [&](Profile& p) {
    auto prep = p.Start(now);
    REQUIRE(prep->ReadPage(*p.store, 2).ok());
    REQUIRE_FALSE(prep->values_done());
    return prep;
  };
  auto finish_rest = [&](Profile& p, tacit::ReportPreparation& prep, bool recheck) {
    while (!prep.values_done()) REQUIRE(prep.ReadPage(*p.store, 2).ok());
    return p.Finish(prep, recheck);
  };
  auto nothing_written = [&](Profile& p) {
    CHECK_FALSE(p.Decided("daily-topic", uint64_t(now / kMsPerDay - 1)));
    CHECK_FALSE(p.Decided("weekly-conversion", uint64_t(now / kWeek - 1)));
    CHECK(p.Outbox() == 0);
  };

  SECTION("nothing changed: written") {
    auto p = profile();
    auto prep = half_read(*p);
    p->Event(TACIT_EVENT_CONVERSION, "running-0", week_end - 10);  // recorded meanwhile: applies next time
    CHECK(finish_rest(*p, *prep, true));
    CHECK(ValueOf(*prep, "weekly-conversion") == 0);
    CHECK(prep->events_read() == 6);
    CHECK(p->Outbox() == 2);
  }
  SECTION("consent revoked") {
    auto p = profile();
    auto prep = half_read(*p);
    REQUIRE(tacit::SetConsents(*p->store, {{TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_REVOKED}}, "v1", now, "api").ok());
    CHECK_FALSE(finish_rest(*p, *prep, true));
    nothing_written(*p);
  }
  SECTION("consent revoked and given again: the same record as before, a longer history") {
    auto p = profile();
    auto prep = half_read(*p);
    const int64_t given_at = week_end - 2 * kWeek;
    REQUIRE(tacit::SetConsents(*p->store, {{TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_REVOKED}}, "v1", given_at, "api").ok());
    REQUIRE(tacit::SetConsents(*p->store, {{TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN}}, "v1", given_at, "api").ok());
    CHECK_FALSE(finish_rest(*p, *prep, true));
    nothing_written(*p);
  }
  SECTION("another preparation decided the same periods") {
    auto p = profile();
    auto prep = half_read(*p);
    auto other = p->Compute(now, 0);
    REQUIRE(p->Finish(*other, false));
    CHECK_FALSE(finish_rest(*p, *prep, true));
    CHECK(p->Outbox() == 2);  // the other's reports, not twice as many
  }
  SECTION("events forgotten") {
    auto p = profile();
    auto prep = half_read(*p);
    REQUIRE(p->store->DeleteTopicEvents("hiking", {"hiking-1"}).ok());
    CHECK_FALSE(finish_rest(*p, *prep, true));
    nothing_written(*p);
  }
  SECTION("without the recheck (the caller held the profile throughout) it writes") {
    auto p = profile();
    auto prep = half_read(*p);
    CHECK(finish_rest(*p, *prep, false));
    CHECK(p->Outbox() == 2);
  }
}

TEST_CASE("store: a page of events in a time range, in (ts, id) order, bounded to the ids of its start") {
  TempDir tmp;
  tacit::StoreConfig cfg;
  cfg.dir = tmp.Join("p");
  cfg.key = tacit::SecretBytes::Copy(TestKey(1).data(), 32).value();
  auto opened = tacit::ProfileStore::Open(std::move(cfg));
  REQUIRE(opened.ok());
  tacit::ProfileStore& store = *opened.value();
  // ts 100 x4, 200, 300 x3, 400; recorded out of time order.
  for (int64_t ts : {300, 100, 100, 400, 200, 100, 300, 100, 300}) {
    tacit_event_t e{sizeof(tacit_event_t), TACIT_EVENT_OPEN, "item", nullptr, 0, kTestNowMs - 100000 + ts, 1.0};
    REQUIRE(store.RecordEvents(&e, 1).ok());
  }
  const int64_t base = kTestNowMs - 100000;
  auto newest = store.NewestEventId();
  REQUIRE(newest.ok());
  auto read_all = [&](tacit::EventRange r, size_t page) {
    std::vector<std::pair<int64_t, int64_t>> out;
    std::optional<tacit::EventPosition> pos;
    for (;;) {
      auto got = store.ReadEventPage(r, pos ? &*pos : nullptr, page);
      REQUIRE(got.ok());
      for (const auto& e : got.value()) out.emplace_back(e.ts - base, e.id);
      if (page == 0 || got.value().size() < page) return out;
      pos = tacit::EventPosition{got.value().back().ts, got.value().back().id};
    }
  };
  const tacit::EventRange range{base + 100, base + 400, newest.value()};
  const auto whole = read_all(range, 0);
  REQUIRE(whole.size() == 8);  // 400 is the range's end: out
  for (size_t i = 1; i < whole.size(); ++i) CHECK(whole[i - 1] < whole[i]);
  CHECK(whole.front().first == 100);
  CHECK(whole.back().first == 300);
  for (size_t page : {1, 2, 3, 5}) CHECK(read_all(range, page) == whole);
  CHECK(read_all({base + 101, base + 300, newest.value()}, 2).size() == 1);  // 200 only
  // Events recorded after the read began are left out.
  tacit_event_t late{sizeof(tacit_event_t), TACIT_EVENT_OPEN, "item", nullptr, 0, base + 100, 1.0};
  REQUIRE(store.RecordEvents(&late, 1).ok());
  CHECK(read_all(range, 3) == whole);
  CHECK(read_all({range.from_ms, range.to_ms, INT64_MAX}, 3).size() == 9);
  // Deletions are counted.
  const uint64_t deleted = store.events_deleted();
  REQUIRE(store.DeleteTopicEvents("none", {"item"}).ok());
  CHECK(store.events_deleted() == deleted + 10);
}

TEST_CASE("prepare through the handle: correct under calls that run between its pages") {
  static std::atomic<int64_t> now{0};
  now = MidWeek();
  TempDir tmp;
  PlanSpec spec;
  spec.AddMetric("segment", tacit::MetricKind::kStrongestSegment, {"hiking", "running", "cooking"});
  spec.AddMetric("daily-topic", tacit::MetricKind::kTopicEngagement, {"hiking", "running", "cooking"});
  const auto plan = BuildSignedPlan(spec);
  tacit_options_t* o = tacit_options_new();
  auto key = TestKey(1);
  REQUIRE(tacit_options_set_path(o, tmp.Join("p").c_str()) == TACIT_OK);
  REQUIRE(tacit_options_set_key(o, key.data(), key.size()) == TACIT_OK);
  REQUIRE(tacit_options_add_brand_key(o, TestSigner::FromSeed(1).public_key.data(), 32) == TACIT_OK);
  REQUIRE(tacit_options_set_clock(o, [](void*) { return now.load(); }, nullptr) == TACIT_OK);
  REQUIRE(tacit_options_set_measurement_plan(o, plan.data(), plan.size()) == TACIT_OK);
  tacit_t* h = nullptr;
  REQUIRE(tacit_open(o, &h) == TACIT_OK);
  tacit_options_free(o);
  auto catalog = BuildSignedCatalog(HobbyCatalog());
  REQUIRE(tacit_load_catalog(h, catalog.data(), catalog.size()) == TACIT_OK);
  REQUIRE(tacit_consent_set(h, TACIT_PURPOSE_MEASUREMENT, TACIT_CONSENT_GIVEN, "v1") == TACIT_OK);
  // Enough events for several pages in the segment's window.
  std::vector<tacit_event_t> batch(1000);
  for (int b = 0; b < 8; ++b) {
    for (size_t i = 0; i < batch.size(); ++i) {
      tacit_event_init(&batch[i]);
      batch[i].type = TACIT_EVENT_OPEN;
      batch[i].item_id = i % 2 ? "hiking-1" : "cooking-2";
      batch[i].timestamp_ms = now - 20 * kMsPerDay + int64_t(b * 1000 + i) * 60000;
    }
    REQUIRE(tacit_record_events(h, batch.data(), batch.size()) == TACIT_OK);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread busy([&] {
    for (int round = 0; !stop; ++round) {
      uint64_t n = 0;
      if (tacit_event_count(h, &n) != TACIT_OK) failures++;
      tacit_event_t e;
      tacit_event_init(&e);
      e.type = TACIT_EVENT_LIKE;
      e.item_id = "running-1";
      e.timestamp_ms = now - 1000;
      if (tacit_record_event(h, &e) != TACIT_OK) failures++;
      if (round % 4 == 3 && tacit_forget_topic_behaviour(h, "running") != TACIT_OK) failures++;
    }
  });
  size_t total = 0;
  for (int day = 0; day < 12; ++day) {
    now += kMsPerDay;
    size_t made = 0;
    REQUIRE(tacit_reports_prepare(h, &made) == TACIT_OK);
    CHECK(made == 2);  // every day, whatever ran between the pages
    total += made;
    REQUIRE(tacit_reports_prepare(h, &made) == TACIT_OK);
    CHECK(made == 0);  // never twice for a period
  }
  stop = true;
  busy.join();
  CHECK(failures == 0);
  size_t queued = 0;
  REQUIRE(tacit_outbox_size(h, &queued) == TACIT_OK);
  CHECK(queued == total);
  tacit_close(h);
}

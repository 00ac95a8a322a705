// The ranking-quality regression test: a small planted-structure population, each user's history replayed
// into a real encrypted profile through the C API, tacit against the baselines of the same run.
#include <catch2/catch.hpp>

#include "eval.h"
#include "support/temp_dir.h"
#include "synth.h"

using namespace tacit_eval;

namespace {

EvalReport Run(const Dataset& d, uint64_t seed, const std::string& work) {
  EvalOptions o;
  o.k = 10;
  o.seed = seed;
  o.bootstrap = 500;
  o.work_dir = work;
  o.examples = 5;
  auto rep = RunEval(d, o);
  REQUIRE(rep.ok());
  return rep.value();
}

}  // namespace

TEST_CASE("on planted structure tacit beats popularity and matches or beats item-kNN") {
  tacit_test::TempDir dir;
  SynthOptions so;
  so.users = 900;  // the catalog of the population the weights were chosen on, fewer users
  so.items = 1500;
  so.seed = 5;
  const Dataset d = Generate(so);
  const EvalReport rep = Run(d, 1, dir.path());
  INFO(rep.Table());
  REQUIRE(rep.users > 700);
  const RankerResult* tacit = rep.Find("tacit");
  const RankerResult* pop = rep.Find("popularity");
  const RankerResult* knn = rep.Find("item-kNN");
  REQUIRE((tacit && pop && knn));
  // Paired over users: tacit minus popularity is above zero with 95% confidence.
  CHECK(pop->hr_diff.lo > 0);
  // Item-kNN: not significantly worse, paired, on either metric.
  CHECK(knn->hr_diff.hi > 0);
  CHECK(knn->ndcg_diff.hi > 0);
  // Consumed items stay out of the list by default; what remains are items only viewed or dismissed long ago.
  CHECK(tacit->consumed.mean < 0.1);
  // Every reason names something: no raw item id where a title is missing.
  for (const auto& ex : rep.examples)
    for (const auto& e : ex.top)
      for (const auto& reason : e.reasons) {
        CHECK_FALSE(reason.empty());
        for (const auto& it : d.items)
          if (it.title.empty()) CHECK(reason.find("\"" + it.id + "\"") == std::string::npos);
      }
}

TEST_CASE("the harness is deterministic for a seed") {
  tacit_test::TempDir dir;
  SynthOptions so;
  so.users = 150;
  so.items = 200;
  so.seed = 9;
  const Dataset d = Generate(so);
  const EvalReport a = Run(d, 4, dir.path());
  const EvalReport b = Run(d, 4, dir.path());
  CHECK(a.Table() == b.Table());
}

TEST_CASE("the input files take Unix seconds, Unix ms and ISO 8601 times") {
  tacit_test::TempDir dir;
  const std::string items = dir.Join("items.tsv"), inter = dir.Join("interactions.tsv");
  auto write = [](const std::string& path, const std::string& text) {
    tacit_test::WriteFile(path, std::vector<uint8_t>(text.begin(), text.end()));
  };
  write(items, "id\ttitle\ttopics\tdate\n"
               "a\tA\tjazz\t2026-03-01\n"
               "b\tB\tjazz:1;rock:0.5\t2026-03-01T08:00:00Z\n"
               "c\tC\trock\t1772352000\n");
  write(inter, "user\titem\trating\ttimestamp\n"
               "u\ta\t5\t2026-03-02T10:00:00+01:00\n"
               "u\tb\t4\t2026-03-02 09:00:00\n"
               "u\tc\tlike\t1772445600000\n");
  auto d = ReadDataset(items, inter);
  REQUIRE(d.ok());
  const Dataset& ds = d.value();
  CHECK(ds.items[ds.item_index.at("a")].date_ms == 1772323200000LL);  // midnight UTC
  CHECK(ds.items[ds.item_index.at("b")].date_ms == 1772352000000LL);
  CHECK(ds.items[ds.item_index.at("c")].date_ms == 1772352000000LL);  // seconds
  REQUIRE(ds.interactions.size() == 3);
  CHECK(ds.interactions[0].ts_ms == 1772442000000LL);  // the offset applied
  CHECK(ds.interactions[1].ts_ms == 1772442000000LL);  // no zone: UTC
  CHECK(ds.interactions[2].ts_ms == 1772445600000LL);
  CHECK(ds.interactions[2].event == 4);

  write(inter, "user\titem\trating\ttimestamp\nu\ta\t5\t2026-02-30\n");
  CHECK_FALSE(ReadDataset(items, inter).ok());
}

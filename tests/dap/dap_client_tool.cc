// A test tool over tacit's DAP client code (sdk/src/dap/client_report.h): builds one DAP-09 report for a
// measurement, honest or with an input share altered before sealing (the aggregators' proof check must
// refuse it), and prints report sizes. For the end-to-end tests; not a product.
//
//   dap_client_tool report --task ID --vdaf SPEC --precision S --leader-config FILE --helper-config FILE
//                          --measurement V[,V...] [--time S] [--tamper leader|helper] --out FILE
//   dap_client_tool size --vdaf SPEC
// SPEC: count | sum:BITS | sumvec:LENGTH:BITS:CHUNK | histogram:LENGTH:CHUNK
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "dap/client_report.h"

using namespace tacit;
using namespace tacit::dap;

namespace {

[[noreturn]] void Die(const std::string& m) {
  std::fprintf(stderr, "dap_client_tool: %s\n", m.c_str());
  std::exit(1);
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) out.emplace_back();
    else out.back().push_back(c);
  }
  return out;
}

Prio3Params ParseVdaf(const std::string& spec) {
  std::vector<std::string> p = Split(spec, ':');
  auto num = [&](size_t i) { return i < p.size() ? uint32_t(std::strtoul(p[i].c_str(), nullptr, 10)) : 0u; };
  Prio3Params v;
  if (p[0] == "count") v.kind = VdafKind::kCount;
  else if (p[0] == "sum") v.kind = VdafKind::kSum, v.bits = num(1);
  else if (p[0] == "sumvec") v.kind = VdafKind::kSumVec, v.length = num(1), v.bits = num(2), v.chunk_length = num(3);
  else if (p[0] == "histogram") v.kind = VdafKind::kHistogram, v.length = num(1), v.chunk_length = num(2);
  else Die("unknown VDAF " + spec);
  return v;
}

std::vector<uint8_t> Read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) Die("cannot read " + path);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

HpkeConfig Config(const std::string& path) {
  std::vector<uint8_t> b = Read(path);
  auto list = ParseHpkeConfigList(b.data(), b.size());
  if (!list.ok()) Die(path + ": " + list.status().message());
  auto c = SelectHpkeConfig(list.value());
  if (!c.ok()) Die(path + ": " + c.status().message());
  return c.value();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) Die("usage: dap_client_tool report|size ...");
  std::map<std::string, std::string> o;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strncmp(argv[i], "--", 2) != 0) Die(std::string("unexpected ") + argv[i]);
    o[argv[i] + 2] = argv[i + 1];
  }
  if (sodium_init() < 0) Die("libsodium failed to initialise");
  const std::string cmd = argv[1];
  TaskSpec task;
  task.vdaf = ParseVdaf(o.count("vdaf") ? o["vdaf"] : "count");
  if (cmd == "size") {
    auto n = ReportSize(task);
    if (!n.ok()) Die(n.status().message());
    std::printf("%zu\n", n.value());
    return 0;
  }
  if (cmd != "report") Die("unknown command " + cmd);
  for (const char* k : {"task", "precision", "leader-config", "helper-config", "measurement", "out"})
    if (!o.count(k)) Die(std::string("report needs --") + k);
  auto id = ParseTaskId(o["task"]);
  if (!id.ok()) Die(id.status().message());
  task.task_id = id.value();
  task.time_precision_s = std::strtoull(o["precision"].c_str(), nullptr, 10);
  std::vector<uint64_t> m;
  for (const std::string& v : Split(o["measurement"], ',')) m.push_back(std::strtoull(v.c_str(), nullptr, 10));
  const uint64_t time = o.count("time") ? std::strtoull(o["time"].c_str(), nullptr, 10) : uint64_t(std::time(nullptr));
  const HpkeConfig leader = Config(o["leader-config"]), helper = Config(o["helper-config"]);

  Result<BuiltReport> built = Status::Internal("unset");
  if (!o.count("tamper")) {
    built = BuildReport(task, m, leader, helper, time);
  } else {
    ReportId rid{};
    randombytes_buf(rid.data(), rid.size());
    std::vector<uint8_t> rand(Prio3RandSize(task.vdaf_draft, task.vdaf));
    randombytes_buf(rand.data(), rand.size());
    auto shares = Prio3Shard(task.vdaf_draft, task.vdaf, m, rid.data(), rand.data(), rand.size());
    if (!shares.ok()) Die(shares.status().message());
    // One bit of the first field element (Leader) or of the measurement-share seed (Helper): the share still
    // decodes, the proof no longer holds.
    std::vector<uint8_t>& s = o["tamper"] == "helper" ? shares->helper_input_share : shares->leader_input_share;
    if (s.empty()) Die("empty share");
    s[0] ^= 0x01;
    built = SealShares(task, rid, time, shares.value(), leader, helper);
  }
  if (!built.ok()) Die(built.status().message());
  std::ofstream f(o["out"], std::ios::binary);
  f.write(reinterpret_cast<const char*>(built->bytes.data()), std::streamsize(built->bytes.size()));
  if (!f) Die("cannot write " + o["out"]);
  std::printf("%zu\n", built->bytes.size());
  return 0;
}

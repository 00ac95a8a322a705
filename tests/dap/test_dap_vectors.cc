// The DAP primitives against public test vectors: RFC 9861 (TurboSHAKE128), draft-irtf-cfrg-vdaf-08
// (XofTurboShake128, Prio3Count/Sum/SumVec/Histogram: shares, prep shares, prep messages, output shares) and
// RFC 9180 (HPKE base mode, every DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 suite). A missing vector file
// fails the test.
#include <catch2/catch.hpp>

#include <regex>

#include "dap/field.h"
#include "dap/hpke.h"
#include "dap/prio3.h"
#include "dap/turboshake.h"
#include "dap/xof.h"
#include "dap/vectors.h"

using namespace tacit::dap;
using tacit_test::Hex;
using tacit_test::Json;
using tacit_test::ReadVectorFile;
using tacit_test::ToHex;

namespace {

std::vector<uint8_t> Ptn(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i % 251);
  return v;
}

}  // namespace

TEST_CASE("TurboSHAKE128 matches every RFC 9861 vector") {
  std::string xml = ReadVectorFile("turboshake/rfc9861-sec-test-vectors-turboshake128.xml");
  std::regex re(R"(TurboSHAKE128\(M=([^,]+), D=`([0-9A-F]{2})`, (\d+)\)(, last (\d+) bytes)?:\s*`([0-9A-F\s]+)`)");
  size_t checked = 0;
  for (std::sregex_iterator it(xml.begin(), xml.end(), re), end; it != end; ++it) {
    const std::smatch& m = *it;
    std::string msg_spec = m[1];
    std::vector<uint8_t> msg;
    std::smatch pm;
    if (msg_spec == "`00`^0") {
    } else if (std::regex_match(msg_spec, pm, std::regex(R"(ptn\(17\*\*(\d+) bytes\))"))) {
      size_t n = 1;
      for (int k = 0; k < std::stoi(pm[1]); ++k) n *= 17;
      msg = Ptn(n);
    } else if (std::regex_match(msg_spec, pm, std::regex(R"(`([0-9A-F ]+)`)"))) {
      msg = Hex(pm[1]);
    } else {
      FAIL("unrecognised message " << msg_spec);
    }
    uint8_t domain = Hex(m[2])[0];
    size_t out_len = std::stoul(m[3]);
    std::vector<uint8_t> want = Hex(m[6]);
    std::vector<uint8_t> got(out_len);
    TurboShake128Hash(msg.data(), msg.size(), domain, got.data(), got.size());
    if (m[5].matched) got.erase(got.begin(), got.end() - static_cast<long>(std::stoul(m[5])));
    INFO("M=" << msg_spec << " D=" << m[2] << " L=" << out_len);
    CHECK(ToHex(got) == ToHex(want));
    // The incremental interface gives the same stream for any split of the input and the output.
    if (msg.size() > 300 && !m[5].matched) {
      TurboShake128 t(domain);
      t.Absorb(msg.data(), 7);
      t.Absorb(msg.data() + 7, 200);
      t.Absorb(msg.data() + 207, msg.size() - 207);
      std::vector<uint8_t> inc(out_len);
      t.Squeeze(inc.data(), 5);
      t.Squeeze(inc.data() + 5, out_len - 5);
      CHECK(inc == got);
    }
    ++checked;
  }
  CHECK(checked == 16);
}

TEST_CASE("XofTurboShake128 matches the VDAF-08 vector") {
  Json v = Json::Parse(ReadVectorFile("vdaf-08/XofTurboShake128.json"));
  const DraftProfile& d = GetDraftProfile(Draft::kVdaf08);
  std::vector<uint8_t> seed = Hex(v["seed"].s()), dst = Hex(v["dst"].s()), binder = Hex(v["binder"].s());
  Xof a(d, seed.data(), dst.data(), dst.size());
  a.AbsorbBinder(binder.data(), binder.size());
  std::vector<uint8_t> derived(d.xof_seed_size);
  a.Next(derived.data(), derived.size());
  CHECK(ToHex(derived) == v["derived_seed"].s());

  Xof b(d, seed.data(), dst.data(), dst.size());
  b.AbsorbBinder(binder.data(), binder.size());
  size_t n = static_cast<size_t>(v["length"].n());
  std::vector<Field128> vec(n);
  b.NextVec(vec.data(), n);
  std::vector<uint8_t> enc(n * Field128::kEncodedSize);
  for (size_t i = 0; i < n; ++i) vec[i].Encode(enc.data() + i * Field128::kEncodedSize);
  CHECK(ToHex(enc) == v["expanded_vec_field128"].s());
}

namespace {

struct VdafFile {
  const char* name;
  VdafKind kind;
};

size_t CheckPrio3File(const VdafFile& f) {
  Json v = Json::Parse(ReadVectorFile(std::string("vdaf-08/") + f.name + ".json"));
  Prio3Params p;
  p.kind = f.kind;
  if (v.has("bits")) p.bits = static_cast<uint32_t>(v["bits"].n());
  if (v.has("length")) p.length = static_cast<uint32_t>(v["length"].n());
  if (v.has("chunk_length")) p.chunk_length = static_cast<uint32_t>(v["chunk_length"].n());
  size_t shares = static_cast<size_t>(v["shares"].n());
  std::vector<uint8_t> verify_key = Hex(v["verify_key"].s());
  size_t cases = 0;
  for (const Json& prep : v["prep"].arr) {
    INFO(f.name << " case " << cases);
    std::vector<uint64_t> meas;
    if (prep["measurement"].type == Json::kArray) {
      for (const Json& e : prep["measurement"].arr) meas.push_back(static_cast<uint64_t>(e.n()));
    } else {
      meas.push_back(static_cast<uint64_t>(prep["measurement"].n()));
    }
    std::vector<uint8_t> nonce = Hex(prep["nonce"].s()), rand = Hex(prep["rand"].s());
    REQUIRE(rand.size() == Prio3RandSizeMulti(Draft::kVdaf08, p, shares));
    auto sh = Prio3ShardMulti(Draft::kVdaf08, p, meas, nonce.data(), rand.data(), rand.size(), shares);
    REQUIRE(sh.ok());
    CHECK(ToHex(sh->public_share) == prep["public_share"].s());
    REQUIRE(sh->input_shares.size() == shares);
    for (size_t j = 0; j < shares; ++j) CHECK(ToHex(sh->input_shares[j]) == prep["input_shares"][j].s());
    if (shares == 2) {
      auto two = Prio3Shard(Draft::kVdaf08, p, meas, nonce.data(), rand.data(), rand.size());
      REQUIRE(two.ok());
      CHECK(ToHex(two->leader_input_share) == prep["input_shares"][0].s());
      CHECK(ToHex(two->helper_input_share) == prep["input_shares"][1].s());
      auto sizes = Prio3ShareSizes(Draft::kVdaf08, p);
      REQUIRE(sizes.ok());
      CHECK(sizes->public_share == two->public_share.size());
      CHECK(sizes->leader_input_share == two->leader_input_share.size());
      CHECK(sizes->helper_input_share == two->helper_input_share.size());
    }

    // The aggregators' side from the vector's own shares.
    std::vector<Prio3PrepState> states;
    std::vector<std::vector<uint8_t>> prep_shares;
    for (size_t j = 0; j < shares; ++j) {
      auto init = Prio3PrepareInit(Draft::kVdaf08, p, shares, verify_key.data(), j, nonce.data(),
                                   Hex(prep["public_share"].s()), Hex(prep["input_shares"][j].s()));
      REQUIRE(init.ok());
      CHECK(ToHex(init->prep_share) == prep["prep_shares"][0][j].s());
      prep_shares.push_back(init->prep_share);
      states.push_back(init->state);
    }
    auto msg = Prio3PrepSharesToPrep(Draft::kVdaf08, p, shares, prep_shares);
    REQUIRE(msg.ok());
    CHECK(ToHex(msg.value()) == prep["prep_messages"][0].s());
    for (size_t j = 0; j < shares; ++j) {
      auto out = Prio3PrepareNext(states[j], msg.value());
      REQUIRE(out.ok());
      std::string want;
      for (const Json& e : prep["out_shares"][j].arr) want += e.s();
      CHECK(ToHex(out.value()) == want);
    }
    ++cases;
  }
  return cases;
}

}  // namespace

TEST_CASE("Prio3 shards and prepares byte for byte as the VDAF-08 vectors") {
  const VdafFile files[] = {{"Prio3Count_0", VdafKind::kCount},     {"Prio3Count_1", VdafKind::kCount},
                            {"Prio3Sum_0", VdafKind::kSum},         {"Prio3Sum_1", VdafKind::kSum},
                            {"Prio3SumVec_0", VdafKind::kSumVec},   {"Prio3Histogram_0", VdafKind::kHistogram}};
  size_t total = 0;
  for (const VdafFile& f : files) {
    size_t n = CheckPrio3File(f);
    CHECK(n >= 1);
    total += n;
  }
  CHECK(total == 8);  // 1 + 1 + 1 + 1 + 3 + 1 cases
}

TEST_CASE("HPKE opens, reseals and derives every X25519/HKDF-SHA256 vector of RFC 9180") {
  Json all = Json::Parse(ReadVectorFile("hpke/hpke-base-mode.json"));
  size_t suites = 0, encryptions = 0;
  for (const Json& v : all.arr) {
    if (v["mode"].n() != 0 || v["kem_id"].n() != 0x20 || v["kdf_id"].n() != 1) continue;
    HpkeSuite suite{0x20, 1, static_cast<uint16_t>(v["aead_id"].n())};
    INFO("aead " << suite.aead);
    std::vector<uint8_t> sk = Hex(v["skRm"].s()), pk = Hex(v["pkRm"].s()), enc = Hex(v["enc"].s()),
                         info = Hex(v["info"].s());
    auto derived_pk = HpkePublicKey(sk.data(), sk.size());
    REQUIRE(derived_pk.ok());
    CHECK(derived_pk.value() == pk);
    if (v.has("ikmR")) {
      auto kp = HpkeDeriveKeyPair(Hex(v["ikmR"].s()).data(), Hex(v["ikmR"].s()).size());
      REQUIRE(kp.ok());
      CHECK(kp->pk == pk);
    }
    auto recv = HpkeSetupBaseR(suite, enc, sk.data(), sk.size(), info);
    REQUIRE(recv.ok());
    CHECK(ToHex(recv->BaseNonceForTest()) == v["base_nonce"].s());
    // The sender's key schedule is the receiver's: a second receiver context seals the vector's plaintexts
    // into exactly the vector's ciphertexts.
    auto resealer = HpkeSetupBaseR(suite, enc, sk.data(), sk.size(), info);
    REQUIRE(resealer.ok());
    for (const Json& e : v["encryptions"].arr) {
      std::vector<uint8_t> aad = Hex(e["aad"].s()), ct = Hex(e["ct"].s()), pt = Hex(e["pt"].s());
      auto opened = recv->Open(aad, ct);
      REQUIRE(opened.ok());
      CHECK(opened.value() == pt);
      auto sealed = resealer->Seal(aad, pt);
      REQUIRE(sealed.ok());
      CHECK(ToHex(sealed.value()) == e["ct"].s());
      ++encryptions;
    }
    if (v.has("exports")) {
      for (const Json& x : v["exports"].arr) {
        auto out = recv->Export(Hex(x["exporter_context"].s()), static_cast<size_t>(x["L"].n()));
        REQUIRE(out.ok());
        CHECK(ToHex(out.value()) == x["exported_value"].s());
      }
    }
    if (v.has("skEm")) {
      std::vector<uint8_t> ske = Hex(v["skEm"].s());
      const Json& e0 = v["encryptions"][0];
      auto s = HpkeSealBaseWithEphemeral(suite, pk.data(), pk.size(), ske.data(), ske.size(), info,
                                         Hex(e0["aad"].s()), Hex(e0["pt"].s()));
      REQUIRE(s.ok());
      CHECK(s->enc == enc);
      CHECK(ToHex(s->ct) == e0["ct"].s());
    }
    ++suites;
  }
  CHECK(suites == 3);  // AES-128-GCM, AES-256-GCM, ChaCha20Poly1305
  CHECK(encryptions >= 3);
}

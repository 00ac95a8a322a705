#include "dap_aggregators.h"

#include <sodium.h>

#include <cstring>

#include "dap/field.h"
#include "dap/hpke.h"

namespace sim {

using tacit::Result;
using tacit::Status;
namespace dap = tacit::dap;

namespace {

constexpr dap::Draft kDraft = dap::Draft::kVdaf08;

// PlaintextInputShare: extensions<0..2^16-1> (none expected) || payload<0..2^32-1>.
Result<std::vector<uint8_t>> PlaintextPayload(const std::vector<uint8_t>& pt) {
  if (pt.size() < 6) return Status::Corrupt("invalidMessage");
  const size_t ext = size_t(pt[0]) << 8 | pt[1];
  if (pt.size() < 2 + ext + 4) return Status::Corrupt("invalidMessage");
  const uint8_t* p = pt.data() + 2 + ext;
  const size_t n = size_t(p[0]) << 24 | size_t(p[1]) << 16 | size_t(p[2]) << 8 | p[3];
  if (pt.size() != 2 + ext + 4 + n) return Status::Corrupt("invalidMessage");
  return std::vector<uint8_t>(p + 4, p + 4 + n);
}

template <class F>
void AddInto(std::vector<uint8_t>* acc, const std::vector<uint8_t>& share) {
  if (acc->empty()) {
    *acc = share;
    return;
  }
  for (size_t off = 0; off + F::kEncodedSize <= share.size(); off += F::kEncodedSize) {
    F a, b;
    if (!F::Decode(acc->data() + off, &a) || !F::Decode(share.data() + off, &b)) continue;
    (a + b).Encode(acc->data() + off);
  }
}

template <class F>
std::vector<uint64_t> Unshard(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  std::vector<uint64_t> out;
  for (size_t off = 0; off + F::kEncodedSize <= a.size(); off += F::kEncodedSize) {
    F x, y;
    if (!F::Decode(a.data() + off, &x) || !F::Decode(b.data() + off, &y)) return {};
    out.push_back((x + y).ToCanonical()[0]);
  }
  return out;
}

}  // namespace

Result<DapAggregators> DapAggregators::Create(const dap::TaskId& task, const dap::Prio3Params& vdaf) {
  DapAggregators a;
  a.task_ = task;
  a.vdaf_ = vdaf;
  randombytes_buf(a.verify_key_.data(), a.verify_key_.size());
  TACIT_ASSIGN_OR_RETURN(dap::HpkeKeyPair leader, dap::HpkeGenerateKeyPair());
  TACIT_ASSIGN_OR_RETURN(dap::HpkeKeyPair helper, dap::HpkeGenerateKeyPair());
  dap::HpkeConfig lc{a.leader_id_, 0x20, 1, dap::kHpkeAeadAes128Gcm, leader.pk};
  dap::HpkeConfig hc{a.helper_id_, 0x20, 1, dap::kHpkeAeadChaCha20Poly1305, helper.pk};
  a.leader_list_ = dap::EncodeHpkeConfigList({lc});
  a.helper_list_ = dap::EncodeHpkeConfigList({hc});
  a.leader_sk_ = std::move(leader.sk);
  a.helper_sk_ = std::move(helper.sk);
  a.aggregate_.resize(2);
  return a;
}

Result<std::vector<uint8_t>> DapAggregators::Open(const dap::Report& r, dap::Role role) const {
  const bool leader = role == dap::Role::kLeader;
  const dap::HpkeCiphertext& ct = leader ? r.leader_share : r.helper_share;
  if (ct.config_id != (leader ? leader_id_ : helper_id_)) return Status::Corrupt("outdatedConfig");
  dap::HpkeSuite suite;
  suite.aead = leader ? dap::kHpkeAeadAes128Gcm : dap::kHpkeAeadChaCha20Poly1305;
  TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> aad, dap::EncodeInputShareAad(task_, r.metadata, r.public_share));
  const tacit::SecretBytes& sk = leader ? leader_sk_ : helper_sk_;
  auto pt = dap::HpkeOpenBase(suite, sk.data(), sk.size(), ct.enc, dap::InputShareInfo(dap::WireDraft::kDap09, role),
                              aad, ct.payload);
  if (!pt.ok()) return Status::Corrupt("hpkeDecryptError");
  return PlaintextPayload(pt.value());
}

Status DapAggregators::Add(const uint8_t* bytes, size_t len) {
  Status s = [&]() -> Status {
    auto r = dap::DecodeReport(bytes, len);
    if (!r.ok()) return Status::Corrupt("invalidMessage");
    const dap::Report& report = r.value();
    TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> leader_share, Open(report, dap::Role::kLeader));
    TACIT_ASSIGN_OR_RETURN(std::vector<uint8_t> helper_share, Open(report, dap::Role::kHelper));
    const uint8_t* nonce = report.metadata.report_id.data();
    auto l = dap::Prio3PrepareInit(kDraft, vdaf_, 2, verify_key_.data(), 0, nonce, report.public_share, leader_share);
    auto h = dap::Prio3PrepareInit(kDraft, vdaf_, 2, verify_key_.data(), 1, nonce, report.public_share, helper_share);
    if (!l.ok() || !h.ok()) return Status::Corrupt("vdafPrepError");
    auto prep = dap::Prio3PrepSharesToPrep(kDraft, vdaf_, 2, {l.value().prep_share, h.value().prep_share});
    if (!prep.ok()) return Status::Corrupt("vdafPrepError");
    auto lo = dap::Prio3PrepareNext(l.value().state, prep.value());
    auto ho = dap::Prio3PrepareNext(h.value().state, prep.value());
    if (!lo.ok() || !ho.ok()) return Status::Corrupt("vdafPrepError");
    if (vdaf_.kind == dap::VdafKind::kCount) {
      AddInto<dap::Field64>(&aggregate_[0], lo.value());
      AddInto<dap::Field64>(&aggregate_[1], ho.value());
    } else {
      AddInto<dap::Field128>(&aggregate_[0], lo.value());
      AddInto<dap::Field128>(&aggregate_[1], ho.value());
    }
    return Status::OK();
  }();
  if (s.ok()) ++accepted_;
  else ++rejected_[s.message()];
  return s;
}

Result<std::vector<uint64_t>> DapAggregators::Collect() const {
  if (!accepted_) return Status::NotFound("no report was aggregated");
  std::vector<uint64_t> out = vdaf_.kind == dap::VdafKind::kCount ? Unshard<dap::Field64>(aggregate_[0], aggregate_[1])
                                                                  : Unshard<dap::Field128>(aggregate_[0], aggregate_[1]);
  if (out.empty()) return Status::Corrupt("an aggregate share does not decode");
  return out;
}

}  // namespace sim

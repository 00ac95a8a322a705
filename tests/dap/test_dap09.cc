// DAP-09 client messages: exact bytes of every encoder, the HpkeConfigList parser on hostile input, task ids.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>

#include "dap/dap09.h"

using namespace tacit;
using namespace tacit::dap;

namespace {

std::vector<uint8_t> Hex(const std::string& h) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(uint8_t(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

std::vector<uint8_t> Key(uint8_t fill, size_t n = 32) { return std::vector<uint8_t>(n, fill); }

HpkeConfig Config(uint8_t id, uint16_t kem, uint16_t kdf, uint16_t aead, std::vector<uint8_t> pk) {
  HpkeConfig c;
  c.id = id;
  c.kem_id = kem;
  c.kdf_id = kdf;
  c.aead_id = aead;
  c.public_key = std::move(pk);
  return c;
}

Result<std::vector<HpkeConfig>> Parse(const std::vector<uint8_t>& b) { return ParseHpkeConfigList(b.data(), b.size()); }

}  // namespace

TEST_CASE("HpkeConfigList: a well-formed list parses to its configs, in order") {
  const std::vector<uint8_t> bytes = EncodeHpkeConfigList(
      {Config(7, kKemX25519HkdfSha256, kKdfHkdfSha256, kAeadAes128Gcm, Key(0xAB)),
       Config(9, kKemX25519HkdfSha256, kKdfHkdfSha256, kAeadChaCha20Poly1305, Key(0xCD))});
  // u16 total || (id, kem, kdf, aead, u16 len, key) x 2
  REQUIRE(bytes.size() == 2 + 2 * (1 + 2 + 2 + 2 + 2 + 32));
  CHECK(bytes[0] == 0x00);
  CHECK(bytes[1] == 82);
  CHECK(std::vector<uint8_t>(bytes.begin() + 2, bytes.begin() + 11) == Hex("070020000100010020"));
  auto parsed = Parse(bytes);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->size() == 2);
  CHECK(parsed->at(0).id == 7);
  CHECK(parsed->at(0).aead_id == kAeadAes128Gcm);
  CHECK(parsed->at(0).public_key == Key(0xAB));
  CHECK(parsed->at(1).id == 9);
  CHECK(parsed->at(1).aead_id == kAeadChaCha20Poly1305);
}

TEST_CASE("HpkeConfigList: every truncation, an extension and hostile lengths are refused") {
  const std::vector<uint8_t> good =
      EncodeHpkeConfigList({Config(1, kKemX25519HkdfSha256, kKdfHkdfSha256, kAeadAes128Gcm, Key(1))});
  for (size_t n = 0; n < good.size(); ++n) {
    std::vector<uint8_t> cut(good.begin(), good.begin() + long(n));
    auto r = Parse(cut);
    INFO("truncated to " << n);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);
  }
  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  CHECK(Parse(longer).status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);

  // The outer length claims more than follows; the key length claims more than the list holds.
  std::vector<uint8_t> lies = good;
  lies[1] = uint8_t(lies[1] + 1);
  CHECK(Parse(lies).status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);
  std::vector<uint8_t> key_lies = good;
  key_lies[2 + 7] = 0xFF;
  key_lies[2 + 8] = 0xFF;
  CHECK(Parse(key_lies).status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);

  CHECK(Parse(Hex("0000")).status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);  // empty list
  CHECK(Parse(Hex("")).status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);
  // An empty public key, a 31-byte X25519 key, two configs with one id.
  CHECK(Parse(EncodeHpkeConfigList({Config(1, 0x20, 1, 1, {})})).status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);
  auto short_key = Parse(EncodeHpkeConfigList({Config(1, 0x20, 1, 1, Key(3, 31))}));
  CHECK(short_key.status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);
  CHECK(short_key.status().message().find("32") != std::string::npos);
  CHECK(Parse(EncodeHpkeConfigList({Config(4, 0x20, 1, 1, Key(1)), Config(4, 0x20, 1, 3, Key(2))}))
            .status()
            .code() == TACIT_ERR_DAP_CONFIG_MALFORMED);
  // Too many configs, too many bytes.
  std::vector<HpkeConfig> many;
  for (int i = 0; i <= int(kMaxHpkeConfigs); ++i) many.push_back(Config(uint8_t(i), 0x20, 1, 1, Key(uint8_t(i))));
  CHECK(Parse(EncodeHpkeConfigList(many)).status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);
  std::vector<uint8_t> huge(kMaxHpkeConfigListBytes + 1, 0);
  CHECK(Parse(huge).status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);
  // NULL with a length is an argument error, not a crash.
  CHECK(ParseHpkeConfigList(nullptr, 4).status().code() == TACIT_ERR_INVALID_ARGUMENT);
}

TEST_CASE("HpkeConfigList: random bytes never crash and never parse into an inconsistent list") {
  std::mt19937 rng(1234);
  const std::vector<uint8_t> good = EncodeHpkeConfigList(
      {Config(1, 0x20, 1, 1, Key(1)), Config(2, 0x10, 1, 1, Key(2, 65)), Config(3, 0x20, 1, 3, Key(3))});
  size_t accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> b = good;
    const int flips = 1 + int(rng() % 4);
    for (int k = 0; k < flips; ++k) b[rng() % b.size()] ^= uint8_t(1u << (rng() % 8));
    if (rng() % 3 == 0) b.resize(rng() % (b.size() + 1));
    auto r = Parse(b);
    if (!r.ok()) {
      CHECK(r.status().code() == TACIT_ERR_DAP_CONFIG_MALFORMED);
      continue;
    }
    ++accepted;
    // Whatever parsed re-encodes to exactly the input.
    CHECK(EncodeHpkeConfigList(r.value()) == b);
  }
  CHECK(accepted > 0);  // some flips land in ids, algorithm ids or keys and stay well formed
}

TEST_CASE("SelectHpkeConfig: the first supported suite wins; an unknown KEM/KDF/AEAD is a clear error") {
  auto pick = SelectHpkeConfig({Config(1, 0x10, 1, 1, Key(1, 65)),  // P-256: not built
                                Config(2, 0x20, 2, 0x0001, Key(2)),  // HKDF-SHA384: not built
                                Config(3, 0x20, 1, kAeadChaCha20Poly1305, Key(3)),
                                Config(4, 0x20, 1, kAeadAes128Gcm, Key(4))});
  REQUIRE(pick.ok());
  CHECK(pick->id == 3);

  auto none = SelectHpkeConfig({Config(1, 0x10, 1, 1, Key(1, 65)), Config(2, 0x20, 2, 1, Key(2)),
                                Config(3, 0x20, 1, 0x7777, Key(3))});
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().code() == TACIT_ERR_DAP_UNSUPPORTED_HPKE);
  const std::string& m = none.status().message();
  CHECK(m.find("DHKEM(P-256, HKDF-SHA256)") != std::string::npos);
  CHECK(m.find("HKDF-SHA384") != std::string::npos);
  CHECK(m.find("AEAD 0x7777") != std::string::npos);
  CHECK(SelectHpkeConfig({}).status().code() == TACIT_ERR_DAP_UNSUPPORTED_HPKE);
}

TEST_CASE("Report messages: exact DAP-09 bytes") {
  ReportMetadata m;
  for (size_t i = 0; i < m.report_id.size(); ++i) m.report_id[i] = uint8_t(i);
  m.time = 1700000000;  // 0x6553f100
  std::vector<uint8_t> meta;
  EncodeReportMetadata(m, &meta);
  CHECK(meta == Hex("000102030405060708090a0b0c0d0e0f000000006553f100"));

  TaskId task{};
  task.fill(0xEE);
  auto aad = EncodeInputShareAad(task, m, {0xAA, 0xBB});
  REQUIRE(aad.ok());
  std::vector<uint8_t> want = Hex(std::string(64, 'e') + "000102030405060708090a0b0c0d0e0f000000006553f100" +
                                 "00000002aabb");
  CHECK(aad.value() == want);

  auto pis = EncodePlaintextInputShare({1, 2, 3});
  REQUIRE(pis.ok());
  CHECK(pis.value() == Hex("000000000003010203"));

  const std::vector<uint8_t> info = InputShareInfo(WireDraft::kDap09, Role::kHelper);
  const std::string label = "dap-09 input share";
  REQUIRE(info.size() == label.size() + 2);
  CHECK(std::memcmp(info.data(), label.data(), label.size()) == 0);
  CHECK(info[label.size()] == 0x01);
  CHECK(info[label.size() + 1] == 0x03);
  CHECK(InputShareInfo(WireDraft::kDap09, Role::kLeader).back() == 0x02);

  Report r;
  r.metadata = m;
  r.public_share = {0x50};
  r.leader_share = {5, {0xE1, 0xE2}, {0xC1}};
  r.helper_share = {6, {0xE3}, {0xC2, 0xC3}};
  auto enc = EncodeReport(r);
  REQUIRE(enc.ok());
  std::vector<uint8_t> expect = meta;
  for (uint8_t b : Hex("0000000150" "05" "0002e1e2" "00000001c1" "06" "0001e3" "00000002c2c3")) expect.push_back(b);
  CHECK(enc.value() == expect);

  auto back = DecodeReport(enc->data(), enc->size());
  REQUIRE(back.ok());
  CHECK(back->metadata.report_id == m.report_id);
  CHECK(back->metadata.time == m.time);
  CHECK(back->public_share == r.public_share);
  CHECK(back->leader_share.config_id == 5);
  CHECK(back->leader_share.enc == r.leader_share.enc);
  CHECK(back->helper_share.payload == r.helper_share.payload);
  for (size_t n = 0; n < enc->size(); ++n) CHECK(DecodeReport(enc->data(), n).status().code() == TACIT_ERR_REPORT_MALFORMED);
  std::vector<uint8_t> extra = enc.value();
  extra.push_back(0);
  CHECK(DecodeReport(extra.data(), extra.size()).status().code() == TACIT_ERR_REPORT_MALFORMED);

  // An empty enc or payload cannot be encoded (their lower bound is 1).
  Report empty = r;
  empty.helper_share.enc.clear();
  CHECK(EncodeReport(empty).status().code() == TACIT_ERR_INVALID_ARGUMENT);
  empty = r;
  empty.leader_share.payload.clear();
  CHECK(EncodeReport(empty).status().code() == TACIT_ERR_INVALID_ARGUMENT);
}

TEST_CASE("Report time is rounded down to the task's precision") {
  CHECK(RoundTime(1700003599, 3600).value() == 1700002800);
  CHECK(RoundTime(1700002800, 3600).value() == 1700002800);
  CHECK(RoundTime(59, 60).value() == 0);
  CHECK(RoundTime(1234, 1).value() == 1234);
  CHECK(RoundTime(1234, 0).status().code() == TACIT_ERR_INVALID_ARGUMENT);
}

TEST_CASE("Task ids: unpadded base64url, strict both ways; the upload request and the config path") {
  // The draft's own example task id (section 4.3).
  const std::string text = "8BY0RzZMzxvA46_8ymhzycOB9krN-QIGYvg_RsByGec";
  auto id = ParseTaskId(text);
  REQUIRE(id.ok());
  CHECK(id->at(0) == 0xF0);
  CHECK(Base64Url(id->data(), id->size()) == text);
  CHECK(Base64Url(reinterpret_cast<const uint8_t*>("f"), 1) == "Zg");
  CHECK(Base64Url(reinterpret_cast<const uint8_t*>("fo"), 2) == "Zm8");
  CHECK(Base64Url(reinterpret_cast<const uint8_t*>("foo"), 3) == "Zm9v");
  const uint8_t hi[] = {0xFB, 0xFF};
  CHECK(Base64Url(hi, 2) == "-_8");

  CHECK(ParseTaskId(text + "=").status().code() == TACIT_ERR_INVALID_ARGUMENT);       // padding
  CHECK(ParseTaskId(text.substr(0, 42)).status().code() == TACIT_ERR_INVALID_ARGUMENT);  // short
  std::string plus = text;
  plus[10] = '+';  // the standard alphabet, not the URL-safe one
  CHECK(ParseTaskId(plus).status().code() == TACIT_ERR_INVALID_ARGUMENT);
  std::string stray = text;
  stray.back() = 'd';  // 'c' = 28 ends in 00; 'd' = 29 sets a bit past the 32 bytes
  CHECK(ParseTaskId(stray).status().code() == TACIT_ERR_INVALID_ARGUMENT);

  UploadRequest up = MakeUploadRequest(WireDraft::kDap09, id.value());
  CHECK(up.method == "PUT");
  CHECK(up.path == "/tasks/" + text + "/reports");
  CHECK(up.media_type == "application/dap-report");
  CHECK(HpkeConfigPath(WireDraft::kDap09, id.value()) == "/hpke_config?task_id=" + text);
  CHECK(std::string(kMediaHpkeConfigList) == "application/dap-hpke-config-list");
}

// ------------------------------------------------------------------------------------------------
// The C API: HPKE configs in.

#include "support/profile.h"
#include "support/temp_dir.h"

TEST_CASE("tacit_dap_set_hpke_configs: validated, selected, replaced on rotation, expired, kept on error") {
  tacit_test::TempDir tmp;
  int64_t now = 1767225600000;  // 2026-01-01
  tacit_t* raw = nullptr;
  REQUIRE(tacit_test::OpenProfile(tmp.path() + "/p", tacit_test::TestKey(3), &raw, &now) == TACIT_OK);
  tacit_test::Handle h(raw);
  const std::string task = "8BY0RzZMzxvA46_8ymhzycOB9krN-QIGYvg_RsByGec";
  tacit_dap_config_info_t info{};
  tacit_dap_config_info_init(&info);
  CHECK(tacit_dap_config_info(h, task.c_str(), TACIT_DAP_ROLE_LEADER, &info) == TACIT_ERR_NOT_FOUND);

  const std::vector<uint8_t> v1 = EncodeHpkeConfigList({Config(3, 0x21, 1, 0x0001, Key(1, 56)),  // X448: skipped
                                                        Config(4, 0x20, 1, kAeadAes128Gcm, Key(2))});
  REQUIRE(tacit_dap_set_hpke_configs(h, task.c_str(), TACIT_DAP_ROLE_LEADER, v1.data(), v1.size(), now + 1000) ==
          TACIT_OK);
  REQUIRE(tacit_dap_config_info(h, task.c_str(), TACIT_DAP_ROLE_LEADER, &info) == TACIT_OK);
  CHECK(info.config_id == 4);
  CHECK(info.aead_id == kAeadAes128Gcm);
  CHECK(info.expires_at_ms == now + 1000);
  CHECK(tacit_dap_config_info(h, task.c_str(), TACIT_DAP_ROLE_HELPER, &info) == TACIT_ERR_NOT_FOUND);

  // A malformed or unsupported list is refused and the previous config stays.
  std::vector<uint8_t> bad = v1;
  bad.pop_back();
  CHECK(tacit_dap_set_hpke_configs(h, task.c_str(), TACIT_DAP_ROLE_LEADER, bad.data(), bad.size(), 0) ==
        TACIT_ERR_DAP_CONFIG_MALFORMED);
  const std::vector<uint8_t> p256 = EncodeHpkeConfigList({Config(9, 0x10, 1, 1, Key(1, 65))});
  CHECK(tacit_dap_set_hpke_configs(h, task.c_str(), TACIT_DAP_ROLE_LEADER, p256.data(), p256.size(), 0) ==
        TACIT_ERR_DAP_UNSUPPORTED_HPKE);
  CHECK(std::string(tacit_last_error()).find("P-256") != std::string::npos);
  REQUIRE(tacit_dap_config_info(h, task.c_str(), TACIT_DAP_ROLE_LEADER, &info) == TACIT_OK);
  CHECK(info.config_id == 4);

  // Rotation: a new list replaces the old one.
  const std::vector<uint8_t> v2 = EncodeHpkeConfigList({Config(5, 0x20, 1, kAeadChaCha20Poly1305, Key(7))});
  REQUIRE(tacit_dap_set_hpke_configs(h, task.c_str(), TACIT_DAP_ROLE_LEADER, v2.data(), v2.size(), now + 1000) ==
          TACIT_OK);
  REQUIRE(tacit_dap_config_info(h, task.c_str(), TACIT_DAP_ROLE_LEADER, &info) == TACIT_OK);
  CHECK(info.config_id == 5);
  CHECK(info.aead_id == kAeadChaCha20Poly1305);

  // Argument errors.
  CHECK(tacit_dap_set_hpke_configs(h, "not-a-task", TACIT_DAP_ROLE_LEADER, v2.data(), v2.size(), 0) ==
        TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_dap_set_hpke_configs(h, nullptr, TACIT_DAP_ROLE_LEADER, v2.data(), v2.size(), 0) ==
        TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_dap_set_hpke_configs(h, task.c_str(), 1, v2.data(), v2.size(), 0) == TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_dap_set_hpke_configs(h, task.c_str(), TACIT_DAP_ROLE_HELPER, nullptr, 5, 0) ==
        TACIT_ERR_INVALID_ARGUMENT);
  CHECK(tacit_dap_set_hpke_configs(nullptr, task.c_str(), TACIT_DAP_ROLE_HELPER, v2.data(), v2.size(), 0) ==
        TACIT_ERR_INVALID_ARGUMENT);
  tacit_dap_config_info_t old{};
  old.struct_size = 4;
  CHECK(tacit_dap_config_info(h, task.c_str(), TACIT_DAP_ROLE_LEADER, &old) == TACIT_ERR_INVALID_ARGUMENT);

  // Expiry: after expires_at_ms the config is not used.
  now += 1000;
  CHECK(tacit_dap_config_info(h, task.c_str(), TACIT_DAP_ROLE_LEADER, &info) == TACIT_ERR_NOT_FOUND);
  CHECK(std::string(tacit_last_error()).find("expired") != std::string::npos);
}

// The independent side of tacit's DAP interop tests: Divvi Up's @divviup/prio3 (VDAF-08) and @hpke/core
// (RFC 9180), pinned in tests/dap/peers/package.json and installed by scripts/npm-peers.sh.
//   node peer.mjs PEERS_DIR shard-compare CASES.json   re-shards every case, compares byte for byte with tacit
//   node peer.mjs PEERS_DIR hpke-open CASES.json       opens tacit's seals (and rejects a flipped bit)
//   node peer.mjs PEERS_DIR hpke-seal SEED N           seals N messages for tacit to open (JSON on stdout)
//   node peer.mjs PEERS_DIR bench CASES.json MS [TACIT.json]   times shard (+ seal) per case for MS ms; with
//                                                      tacit's Google Benchmark JSON, prints the ratio table
// Exits 1 on the first mismatch.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createHash } from "node:crypto";

const [peersDir, cmd, ...args] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(join(peersDir, "node_modules", p)).href);
const prio3 = await load("@divviup/prio3/dist/index.js");
const hpke = await load("@hpke/core/esm/mod.js");
const { DhkemX25519HkdfSha256 } = await load("@hpke/dhkem-x25519/esm/mod.js");
const { Chacha20Poly1305 } = await load("@hpke/chacha20poly1305/esm/mod.js");

const hex = (b) => Buffer.from(b).toString("hex");
const unhex = (s) => Buffer.from(s, "hex");

function makeVdaf(c) {
  switch (c.vdaf) {
    case "count": return new prio3.Prio3Count({ shares: 2 });
    case "sum": return new prio3.Prio3Sum({ shares: 2, bits: c.bits });
    case "sumvec": return new prio3.Prio3SumVec({ shares: 2, length: c.length, bits: c.bits, chunkLength: c.chunk_length });
    case "histogram": return new prio3.Prio3Histogram({ shares: 2, length: c.length, chunkLength: c.chunk_length });
  }
  throw new Error(`unknown vdaf ${c.vdaf}`);
}

function measurement(c) {
  const m = c.measurement;
  switch (c.vdaf) {
    case "count": return m[0] === "1";
    case "sum": return BigInt(m[0]);
    case "sumvec": return m.map(Number);
    case "histogram": return Number(m[0]);
  }
}

function suiteFor(aead) {
  return new hpke.CipherSuite({
    kem: new DhkemX25519HkdfSha256(),
    kdf: new hpke.HkdfSha256(),
    aead: aead === 1 ? new hpke.Aes128Gcm() : new Chacha20Poly1305(),
  });
}

async function shardCompare(file) {
  const cases = JSON.parse(readFileSync(file, "utf8"));
  const perKind = {};
  for (const [i, c] of cases.entries()) {
    const vdaf = makeVdaf(c);
    const { publicShare, inputShares } = await vdaf.shard(measurement(c), unhex(c.nonce), unhex(c.rand));
    const got = {
      public_share: hex(vdaf.encodePublicShare(publicShare)),
      leader: hex(vdaf.encodeInputShare(inputShares[0])),
      helper: hex(vdaf.encodeInputShare(inputShares[1])),
    };
    for (const k of ["public_share", "leader", "helper"]) {
      if (got[k] !== c[k]) {
        console.error(`case ${i} (${c.vdaf} bits=${c.bits} length=${c.length} chunk=${c.chunk_length}): ${k} differs`);
        console.error(`  tacit       ${c[k].slice(0, 96)}...\n  @divviup    ${got[k].slice(0, 96)}...`);
        process.exit(1);
      }
    }
    perKind[c.vdaf] = (perKind[c.vdaf] || 0) + 1;
  }
  const parts = Object.entries(perKind).map(([k, n]) => `${k} ${n}`).join(", ");
  console.log(`${cases.length} byte-exact shard comparisons against @divviup/prio3@0.8.0 (${parts})`);
}

async function hpkeOpen(file) {
  const cases = JSON.parse(readFileSync(file, "utf8"));
  const counts = { 1: 0, 3: 0 };
  for (const [i, c] of cases.entries()) {
    const suite = suiteFor(c.aead);
    const kp = await suite.kem.deriveKeyPair(unhex(c.ikm));
    const pk = hex(await suite.kem.serializePublicKey(kp.publicKey));
    if (pk !== c.pk) throw new Error(`case ${i}: DeriveKeyPair differs`);
    const recipient = await suite.createRecipientContext({ recipientKey: kp, enc: unhex(c.enc), info: unhex(c.info) });
    const pt = hex(await recipient.open(unhex(c.ct), unhex(c.aad)));
    if (pt !== c.pt) {
      console.error(`case ${i}: @hpke/core opened tacit's seal to a different plaintext`);
      process.exit(1);
    }
    const ct = unhex(c.ct);
    ct[ct.length >> 1] ^= 0x04;
    const again = await suite.createRecipientContext({ recipientKey: kp, enc: unhex(c.enc), info: unhex(c.info) });
    let rejected = false;
    try { await again.open(ct, unhex(c.aad)); } catch { rejected = true; }
    if (!rejected) { console.error(`case ${i}: a tampered ciphertext opened`); process.exit(1); }
    counts[c.aead]++;
  }
  console.log(`@hpke/core opened ${cases.length} tacit seals (AES-128-GCM ${counts[1]}, ChaCha20Poly1305 ${counts[3]}) and rejected as many tampered ones`);
}

function seeded(seed) {
  let counter = 0;
  return (n) => {
    const out = Buffer.alloc(n);
    let off = 0;
    while (off < n) {
      const h = createHash("sha256").update(`${seed}:${counter++}`).digest();
      off += h.copy(out, off);
    }
    return out;
  };
}

async function hpkeSeal(seed, n) {
  const rnd = seeded(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const aead = i % 2 ? 3 : 1;
    const suite = suiteFor(aead);
    const ikm = rnd(32);
    const kp = await suite.kem.deriveKeyPair(ikm);
    const sk = hex(await suite.kem.serializePrivateKey(kp.privateKey));
    const pk = await suite.kem.serializePublicKey(kp.publicKey);
    const info = rnd(rnd(1)[0] % 40), aad = rnd(rnd(1)[0]), pt = rnd((rnd(2).readUInt16BE() % 2000));
    const sender = await suite.createSenderContext({ recipientPublicKey: await suite.kem.deserializePublicKey(pk), info });
    const ct = await sender.seal(pt, aad);
    out.push({ aead, sk, info: hex(info), aad: hex(aad), pt: hex(pt), enc: hex(sender.enc), ct: hex(ct) });
  }
  console.log(JSON.stringify(out));
}

// Times @divviup/prio3 shard plus two @hpke/core seals (AES-128-GCM) per report, as bench/bench_dap.cc does,
// and, given tacit's Google Benchmark JSON, prints both side by side with the ratio.
async function bench(file, ms, tacitJson) {
  const cases = JSON.parse(readFileSync(file, "utf8"));
  const suite = suiteFor(1);
  const kp = await suite.kem.deriveKeyPair(Buffer.alloc(32, 7));
  const pk = kp.publicKey;
  const info = Buffer.concat([Buffer.from("dap-09 input share"), Buffer.of(1, 2)]);
  const tacit = {};
  if (tacitJson) {
    for (const b of JSON.parse(readFileSync(tacitJson, "utf8")).benchmarks) {
      if (b.run_type === "aggregate" && b.aggregate_name !== "median") continue;
      tacit[b.run_name || b.name] = b;
    }
  }
  const rows = [];
  for (const c of cases) {
    const vdaf = makeVdaf(c);
    const m = measurement(c);
    const run = async (seal) => {
      const nonce = Buffer.alloc(16, 1);
      const { publicShare, inputShares } = await vdaf.shard(m, nonce, Buffer.alloc(vdaf.randSize, 2));
      vdaf.encodePublicShare(publicShare);
      for (const s of inputShares) {
        const enc = vdaf.encodeInputShare(s);
        if (seal) {
          const sender = await suite.createSenderContext({ recipientPublicKey: pk, info });
          await sender.seal(enc, Buffer.alloc(64));
        }
      }
    };
    const time = async (seal) => {
      for (let i = 0; i < 3; i++) await run(seal);  // warm up
      // CPU time of the whole process (all threads: WebCrypto work runs off the main thread), as Google
      // Benchmark's cpu_time is for tacit; wall time on a shared machine measures the neighbours.
      let iters = 0, elapsed = 0;
      const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
      while (elapsed < ms * 1e6 || iters < 5) {
        await run(seal);
        iters++;
        elapsed = Number(process.hrtime.bigint() - t0);
      }
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / iters;
    };
    const nodeSeal = await time(true), nodeShard = await time(false);
    const t = tacit[`BM_DapShardSeal/${c.name}`], ts = tacit[`BM_DapShard/${c.name}`];
    const us = (b) => (b ? b.cpu_time * ({ ns: 1e-3, us: 1, ms: 1e3, s: 1e6 }[b.time_unit] || 1) : NaN);
    rows.push({ name: c.name, tacit_seal: us(t), node_seal: nodeSeal, tacit_shard: us(ts), node_shard: nodeShard,
                bytes: t ? t.report_bytes : NaN });
  }
  const f = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : "-");
  console.log("| VDAF (VDAF-08) | report bytes | tacit shard+seal (CPU us) | @divviup+@hpke shard+seal (CPU us) | ratio | tacit shard (CPU us) | @divviup shard (CPU us) | ratio |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(`| ${r.name} | ${f(r.bytes)} | ${f(r.tacit_seal)} | ${f(r.node_seal)} | ${f(r.node_seal / r.tacit_seal)}x | ` +
                `${f(r.tacit_shard)} | ${f(r.node_shard)} | ${f(r.node_shard / r.tacit_shard)}x |`);
  }
}

switch (cmd) {
  case "shard-compare": await shardCompare(args[0]); break;
  case "hpke-open": await hpkeOpen(args[0]); break;
  case "hpke-seal": await hpkeSeal(args[0], Number(args[1])); break;
  case "bench": await bench(args[0], Number(args[1] || 1000), args[2]); break;
  default:
    console.error("usage: node peer.mjs PEERS_DIR shard-compare|hpke-open FILE | hpke-seal SEED N | bench FILE MS");
    process.exit(2);
}

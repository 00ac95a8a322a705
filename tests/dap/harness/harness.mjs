// A DAP-09 Leader + Helper + Collector test harness on loopback, for tacit's tests and demo.
//
// A STAND-IN FOR DIVVI UP / JANUS, NOT A PRODUCT: one node process, keys in memory, no authentication, no
// persistence, a simplified Leader-to-Helper exchange (JSON, not DAP's aggregation-job messages). What it does
// do independently of tacit: it serves each aggregator's HpkeConfigList, takes DAP-09 `Report` uploads, opens
// each input share with @hpke/core, decodes the Prio3 shares itself and runs preparation (both aggregators'
// prep shares, the proof check), aggregation and unsharding with @divviup/prio3. See README.md.
//
//   node harness.mjs serve --tasks TASKS.json [--ready FILE] [--max-age S]
//       prints {"leader": URL, "helper": URL} (and writes it to FILE), then serves until killed
//   node harness.mjs collect --leader URL --task TASK_ID
//       aggregates every report uploaded so far and prints the unsharded result as JSON
//   node harness.mjs rotate --leader URL|--helper URL --task TASK_ID
//       the aggregator adds a new HPKE config and lists it first (the old one still opens reports)
//   node harness.mjs stats --leader URL
//
// TASKS.json: {"tasks": [{"task_id": "<base64url>", "vdaf": {"type": "count"|"sum"|"sumVec"|"histogram",
//   "bits"?, "length"?, "chunk_length"?}, "time_precision": S, "min_batch_size": N,
//   "leader_aead"?: "aes128gcm"|"chacha20poly1305", "helper_aead"?: ...}]}
// Peers: see peers.mjs.
import http from "node:http";
import fs from "node:fs";
import crypto from "node:crypto";
import { load } from "./peers.mjs";

const prio3 = await load("@divviup/prio3");
const hpke = await load("@hpke/core");
const chacha = await load("@hpke/chacha20poly1305");

// ------------------------------------------------------------------------------------------------
// Bytes.

class Reader {
  constructor(buf) {
    this.buf = buf;
    this.off = 0;
  }
  need(n) {
    if (this.off + n > this.buf.length) throw new Malformed("truncated");
  }
  u8() { this.need(1); return this.buf[this.off++]; }
  u16() { this.need(2); const v = this.buf.readUInt16BE(this.off); this.off += 2; return v; }
  u32() { this.need(4); const v = this.buf.readUInt32BE(this.off); this.off += 4; return v; }
  u64() { this.need(8); const v = this.buf.readBigUInt64BE(this.off); this.off += 8; return v; }
  bytes(n) { this.need(n); const v = this.buf.subarray(this.off, this.off + n); this.off += n; return v; }
  vec16(min = 0) { const n = this.u16(); if (n < min) throw new Malformed("empty vector"); return this.bytes(n); }
  vec32(min = 0) { const n = this.u32(); if (n < min) throw new Malformed("empty vector"); return this.bytes(n); }
  end() { if (this.off !== this.buf.length) throw new Malformed(`${this.buf.length - this.off} trailing bytes`); }
}
class Malformed extends Error {}

const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16BE(v); return b; };
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; };
const u64 = (v) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(v)); return b; };

function decodeReport(body) {
  const r = new Reader(body);
  const reportId = r.bytes(16);
  const time = r.u64();
  const publicShare = r.vec32();
  const ct = () => ({ configId: r.u8(), enc: r.vec16(1), payload: r.vec32(1) });
  const leader = ct();
  const helper = ct();
  r.end();
  return { reportId, time, publicShare, leader, helper };
}

function inputShareAad(taskId, reportId, time, publicShare) {
  return Buffer.concat([taskId, reportId, u64(time), u32(publicShare.length), publicShare]);
}

function decodePlaintextInputShare(buf) {
  const r = new Reader(buf);
  const extensions = r.vec16();
  const payload = r.vec32();
  r.end();
  if (extensions.length) throw new Malformed("unrecognised extension");
  return payload;
}

const infoFor = (role) => Buffer.concat([Buffer.from("dap-09 input share"), Buffer.of(1, role)]);
const ROLE = { leader: 2, helper: 3 };

// ------------------------------------------------------------------------------------------------
// VDAF: construction and the share decoders @divviup/prio3 does not have.

function makeVdaf(spec) {
  switch (spec.type) {
    case "count": return new prio3.Prio3Count({ shares: 2 });
    case "sum": return new prio3.Prio3Sum({ shares: 2, bits: spec.bits });
    case "sumVec": return new prio3.Prio3SumVec({ shares: 2, length: spec.length, chunkLength: spec.chunk_length, bits: spec.bits });
    case "histogram": return new prio3.Prio3Histogram({ shares: 2, length: spec.length, chunkLength: spec.chunk_length });
    default: throw new Error(`unknown VDAF ${spec.type}`);
  }
}

function decodePublicShare(vdaf, buf) {
  const seed = vdaf.xof.seedSize;
  const joint = vdaf.flp.jointRandLen !== 0;
  if (buf.length !== (joint ? seed * vdaf.shares : 0)) throw new Malformed("public share of the wrong length");
  const parts = [];
  for (let i = 0; joint && i < vdaf.shares; i++) parts.push(Buffer.from(buf.subarray(i * seed, (i + 1) * seed)));
  return { jointRandParts: parts };
}

// Leader share: measurement share || proofs share (field elements) || blind; Helper share: three seeds.
async function decodeInputShare(vdaf, aggregatorId, buf) {
  const { flp, xof, proofs } = vdaf;
  const field = flp.field;
  const seed = xof.seedSize;
  const joint = flp.jointRandLen !== 0;
  const r = new Reader(buf);
  let measurementShare, proofsShare;
  if (aggregatorId === 0) {
    measurementShare = field.decode(r.bytes(flp.measurementLen * field.encodedSize));
    proofsShare = field.decode(r.bytes(flp.proofLen * proofs * field.encodedSize));
    for (const v of [...measurementShare, ...proofsShare]) if (v >= field.modulus) throw new Malformed("field element out of range");
  } else {
    const kMeas = r.bytes(seed);
    const kProof = r.bytes(seed);
    measurementShare = await vdaf.pseudorandom(flp.measurementLen, 1, kMeas, Buffer.of(aggregatorId));
    proofsShare = await vdaf.pseudorandom(flp.proofLen * proofs, 2, kProof, Buffer.from([proofs, aggregatorId]));
  }
  const blind = joint ? Buffer.from(r.bytes(seed)) : Buffer.alloc(0);
  r.end();
  return { measurementShare, proofsShare, blind };
}

// ------------------------------------------------------------------------------------------------
// HPKE configs.

const KEM_X25519 = 0x0020, KDF_SHA256 = 0x0001;
const AEADS = { aes128gcm: 0x0001, chacha20poly1305: 0x0003 };

function suiteFor(aeadId) {
  const aead = aeadId === 0x0001 ? new hpke.Aes128Gcm() : new chacha.Chacha20Poly1305();
  return new hpke.CipherSuite({ kem: new hpke.DhkemX25519HkdfSha256(), kdf: new hpke.HkdfSha256(), aead });
}

async function newConfig(id, aeadName) {
  const aeadId = AEADS[aeadName || "aes128gcm"];
  if (!aeadId) throw new Error(`unknown AEAD ${aeadName}`);
  const suite = suiteFor(aeadId);
  const kp = await suite.kem.generateKeyPair();
  const pk = Buffer.from(await suite.kem.serializePublicKey(kp.publicKey));
  return { id, kemId: KEM_X25519, kdfId: KDF_SHA256, aeadId, publicKey: pk, privateKey: kp.privateKey, suite };
}

function encodeConfigList(configs) {
  const body = Buffer.concat(configs.map((c) =>
    Buffer.concat([Buffer.of(c.id), u16(c.kemId), u16(c.kdfId), u16(c.aeadId), u16(c.publicKey.length), c.publicKey])));
  return Buffer.concat([u16(body.length), body]);
}

async function openShare(configs, ct, info, aad) {
  const c = configs.find((x) => x.id === ct.configId);
  if (!c) return { error: "outdatedConfig" };
  try {
    const pt = await c.suite.open({ recipientKey: c.privateKey, enc: ct.enc, info }, ct.payload, aad);
    return { plaintext: Buffer.from(pt) };
  } catch {
    return { error: "hpkeDecryptError" };
  }
}

// ------------------------------------------------------------------------------------------------
// Aggregators.

const problem = (res, status, type, detail, taskId) => {
  const doc = { type: `urn:ietf:params:ppm:dap:error:${type}`, title: type, status, detail };
  if (taskId) doc.taskid = taskId;
  res.writeHead(status, { "Content-Type": "application/problem+json" });
  res.end(JSON.stringify(doc));
};

const readBody = (req, limit = 1 << 20) => new Promise((resolve, reject) => {
  const chunks = [];
  let n = 0;
  req.on("data", (c) => { n += c.length; if (n > limit) { reject(new Error("body too large")); req.destroy(); } else chunks.push(c); });
  req.on("end", () => resolve(Buffer.concat(chunks)));
  req.on("error", reject);
});

class Aggregator {
  constructor(role, tasks, maxAge) {
    this.role = role;
    this.aggregatorId = role === "leader" ? 0 : 1;
    this.tasks = tasks;  // Map task id (base64url) -> task
    this.maxAge = maxAge;
    this.configs = new Map();  // task id -> [config], most preferred first
  }
  async init() {
    for (const [id, t] of this.tasks) this.configs.set(id, [await newConfig(1, t[`${this.role}_aead`])]);
  }
  async rotate(taskId) {
    const list = this.configs.get(taskId);
    const next = (Math.max(...list.map((c) => c.id)) + 1) % 256;
    list.unshift(await newConfig(next, this.tasks.get(taskId)[`${this.role}_aead`]));
    return next;
  }
  hpkeConfig(req, res, url) {
    const taskId = url.searchParams.get("task_id");
    if (!taskId) return problem(res, 400, "missingTaskID", "task_id is required");
    if (!this.configs.has(taskId)) return problem(res, 400, "unrecognizedTask", "no such task", taskId);
    res.writeHead(200, { "Content-Type": "application/dap-hpke-config-list", "Cache-Control": `max-age=${this.maxAge}` });
    res.end(encodeConfigList(this.configs.get(taskId)));
  }
  // Opens this aggregator's input share and runs prepareInit. Throws {reason} on failure.
  async prepInit(task, report) {
    const taskIdBytes = Buffer.from(task.task_id, "base64url");
    const aad = inputShareAad(taskIdBytes, report.reportId, report.time, report.publicShare);
    const opened = await openShare(this.configs.get(task.task_id), report[this.role], infoFor(ROLE[this.role]), aad);
    if (opened.error) throw { reason: opened.error };
    let payload, inputShare, publicShare;
    try {
      payload = decodePlaintextInputShare(opened.plaintext);
      publicShare = decodePublicShare(task.vdaf, report.publicShare);
      inputShare = await decodeInputShare(task.vdaf, this.aggregatorId, payload);
    } catch (e) {
      throw { reason: "invalidMessage", detail: e.message };
    }
    return task.vdaf.prepareInit(task.verifyKey, this.aggregatorId, null, report.reportId,
      { jointRandParts: publicShare.jointRandParts.slice() }, inputShare);
  }
}

class Helper extends Aggregator {
  constructor(tasks, maxAge) {
    super("helper", tasks, maxAge);
    this.outputs = new Map();  // task id -> Map(report id hex -> output share)
  }
  // One report of an aggregation job: the Leader's prep share in, the prep message out (or a rejection).
  async aggregate(task, item) {
    const report = {
      reportId: Buffer.from(item.report_id, "base64"), time: BigInt(item.time),
      publicShare: Buffer.from(item.public_share, "base64"),
      helper: { configId: item.helper.config_id, enc: Buffer.from(item.helper.enc, "base64"), payload: Buffer.from(item.helper.payload, "base64") },
    };
    const seen = this.outputs.get(task.task_id);
    if (seen.has(item.report_id)) return { error: "reportReplayed" };
    let mine;
    try {
      mine = await this.prepInit(task, report);
    } catch (e) {
      return { error: e.reason || "vdafPrepError", detail: e.detail };
    }
    const leaderShare = {
      verifiersShare: item.leader_prep_share.verifiers.map((v) => BigInt(v)),
      jointRandomnessPart: Buffer.from(item.leader_prep_share.joint_rand_part, "base64"),
    };
    let message;
    try {
      message = await task.vdaf.unshardPreparationShares(null, [leaderShare, mine.preparationShare]);
      const out = task.vdaf.prepareNext(mine.preparationState, message);
      seen.set(item.report_id, out.outputShare);
    } catch {
      return { error: "vdafPrepError" };
    }
    return { prep_message: message.jointRand.toString("base64") };
  }
  aggregateShare(task, reportIds) {
    const seen = this.outputs.get(task.task_id);
    if (reportIds.length < task.min_batch_size) return { error: "invalidBatchSize", detail: `${reportIds.length} reports, fewer than the task's minimum batch size ${task.min_batch_size}` };
    const shares = [];
    for (const id of reportIds) {
      if (!seen.has(id)) return { error: "batchMismatch", detail: "a report the Helper did not aggregate" };
      shares.push(seen.get(id));
    }
    return { share: task.vdaf.aggregate(null, shares).map(String) };
  }
}

class Leader extends Aggregator {
  constructor(tasks, maxAge, helper) {
    super("leader", tasks, maxAge);
    this.helper = helper;  // reached through its JSON endpoint (helperUrl), never through shared memory
    this.pending = new Map();
    this.aggregated = new Map();  // task id -> Map(report id -> output share)
    this.seenIds = new Map();
    this.stats = { uploaded: 0, accepted: 0, rejected: {} };
  }
  reject(reason) { this.stats.rejected[reason] = (this.stats.rejected[reason] || 0) + 1; }
  async upload(req, res, taskId) {
    const task = this.tasks.get(taskId);
    this.stats.uploaded++;
    if (!task) { this.reject("unrecognizedTask"); return problem(res, 400, "unrecognizedTask", "no such task", taskId); }
    if ((req.headers["content-type"] || "") !== "application/dap-report") {
      this.reject("invalidMessage");
      return problem(res, 415, "invalidMessage", "Content-Type must be application/dap-report", taskId);
    }
    let report;
    try {
      report = decodeReport(await readBody(req));
    } catch (e) {
      this.reject("invalidMessage");
      return problem(res, 400, "invalidMessage", e.message, taskId);
    }
    const idHex = report.reportId.toString("base64");
    if (this.seenIds.get(taskId).has(idHex)) {
      // DAP-09: a replayed report id is ignored. Answered as accepted so a client retrying after a lost response
      // stops; it is counted once.
      this.reject("reportReplayed");
      res.writeHead(201);
      return res.end();
    }
    if (report.time % BigInt(task.time_precision) !== 0n) { this.reject("invalidMessage"); return problem(res, 400, "invalidMessage", "time is not a multiple of the time precision", taskId); }
    if (!this.configs.get(taskId).some((c) => c.id === report.leader.configId)) {
      this.reject("outdatedConfig");
      return problem(res, 400, "outdatedConfig", "unknown Leader HPKE config id", taskId);
    }
    this.seenIds.get(taskId).add(idHex);
    this.pending.get(taskId).push(report);
    this.stats.accepted++;
    res.writeHead(201);
    res.end();
  }
  // Runs one aggregation job over every pending report: Leader prepareInit, the Helper's answer, prepareNext.
  async aggregateAll(taskId) {
    const task = this.tasks.get(taskId);
    const reports = this.pending.get(taskId).splice(0);
    const mine = [];
    const items = [];
    for (const report of reports) {
      try {
        const init = await this.prepInit(task, report);
        mine.push({ report, init });
        items.push({
          report_id: report.reportId.toString("base64"), time: report.time.toString(), public_share: report.publicShare.toString("base64"),
          helper: { config_id: report.helper.configId, enc: report.helper.enc.toString("base64"), payload: report.helper.payload.toString("base64") },
          leader_prep_share: { verifiers: init.preparationShare.verifiersShare.map(String), joint_rand_part: init.preparationShare.jointRandomnessPart.toString("base64") },
        });
      } catch (e) {
        this.reject(`leader:${e.reason || "vdafPrepError"}`);
      }
    }
    if (!items.length) return;
    const answers = await postJson(`${this.helperUrl}internal/aggregate`, { task_id: taskId, reports: items });
    const done = this.aggregated.get(taskId);
    answers.results.forEach((a, i) => {
      if (a.error) { this.reject(`helper:${a.error}`); return; }
      try {
        const out = task.vdaf.prepareNext(mine[i].init.preparationState, { jointRand: Buffer.from(a.prep_message, "base64") });
        done.set(items[i].report_id, out.outputShare);
      } catch {
        this.reject("leader:vdafPrepError");
      }
    });
  }
  async collect(taskId) {
    const task = this.tasks.get(taskId);
    if (!task) return { status: 400, body: { error: "unrecognizedTask" } };
    await this.aggregateAll(taskId);
    const done = this.aggregated.get(taskId);
    const ids = [...done.keys()];
    const helperShare = await postJson(`${this.helperUrl}internal/aggregate_share`, { task_id: taskId, report_ids: ids });
    if (helperShare.error) return { status: 400, body: { error: helperShare.error, detail: helperShare.detail, report_count: ids.length, rejected: this.stats.rejected } };
    const leaderShare = task.vdaf.aggregate(null, [...done.values()]);
    const result = task.vdaf.unshard(null, [leaderShare, helperShare.share.map((v) => BigInt(v))], ids.length);
    const plain = (v) => (Array.isArray(v) ? v.map(plain) : typeof v === "bigint" ? Number(v) : v);
    return { status: 200, body: { task_id: taskId, vdaf: task.spec, report_count: ids.length, result: plain(result), rejected: this.stats.rejected, uploaded: this.stats.uploaded } };
  }
}

async function postJson(url, body) {
  const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${url}: HTTP ${res.status}: ${text}`);
  }
}

function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      handler(req, res).catch((e) => {
        if (!res.headersSent) problem(res, 500, "internal", String(e && e.message || e));
        else res.end();
      });
    });
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

async function serve(opts) {
  const spec = JSON.parse(fs.readFileSync(opts.tasks, "utf8"));
  const tasks = new Map();
  for (const t of spec.tasks) {
    if (Buffer.from(t.task_id, "base64url").length !== 32) throw new Error(`task id ${t.task_id} is not 32 bytes of base64url`);
    tasks.set(t.task_id, { ...t, spec: t.vdaf, vdaf: makeVdaf(t.vdaf), verifyKey: crypto.randomBytes(16) });
  }
  const maxAge = Number(opts["max-age"] || 86400);
  const helper = new Helper(tasks, maxAge);
  const leader = new Leader(tasks, maxAge, helper);
  await helper.init();
  await leader.init();
  for (const id of tasks.keys()) {
    helper.outputs.set(id, new Map());
    leader.pending.set(id, []);
    leader.aggregated.set(id, new Map());
    leader.seenIds.set(id, new Set());
  }
  const json = (res, status, body) => { res.writeHead(status, { "Content-Type": "application/json" }); res.end(JSON.stringify(body)); };
  const common = async (agg, req, res, url) => {
    if (req.method === "GET" && url.pathname === "/hpke_config") { agg.hpkeConfig(req, res, url); return true; }
    if (req.method === "POST" && url.pathname === "/internal/rotate") {
      const id = url.searchParams.get("task_id");
      if (!tasks.has(id)) { problem(res, 400, "unrecognizedTask", "no such task", id); return true; }
      json(res, 200, { config_id: await agg.rotate(id) });
      return true;
    }
    return false;
  };
  const h = await listen(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (await common(helper, req, res, url)) return;
    if (req.method === "POST" && url.pathname === "/internal/aggregate") {
      const body = JSON.parse(await readBody(req, 64 << 20));
      const task = tasks.get(body.task_id);
      if (!task) return json(res, 400, { error: "unrecognizedTask" });
      const results = [];
      for (const item of body.reports) results.push(await helper.aggregate(task, item));
      return json(res, 200, { results });
    }
    if (req.method === "POST" && url.pathname === "/internal/aggregate_share") {
      const body = JSON.parse(await readBody(req, 64 << 20));
      const task = tasks.get(body.task_id);
      if (!task) return json(res, 400, { error: "unrecognizedTask" });
      return json(res, 200, helper.aggregateShare(task, body.report_ids));
    }
    problem(res, 404, "notFound", `${req.method} ${url.pathname}`);
  });
  leader.helperUrl = h.url;
  const l = await listen(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (await common(leader, req, res, url)) return;
    const m = url.pathname.match(/^\/tasks\/([^/]+)\/reports$/);
    if (m && req.method === "PUT") return leader.upload(req, res, m[1]);
    if (m) return problem(res, 405, "invalidMessage", "reports are uploaded with PUT");
    if (req.method === "POST" && url.pathname === "/internal/collect") {
      const { status, body } = await leader.collect(url.searchParams.get("task_id"));
      return json(res, status, body);
    }
    if (req.method === "GET" && url.pathname === "/internal/stats") return json(res, 200, leader.stats);
    problem(res, 404, "notFound", `${req.method} ${url.pathname}`);
  });
  const ready = JSON.stringify({ leader: l.url, helper: h.url, pid: process.pid });
  if (opts.ready) fs.writeFileSync(opts.ready + ".tmp", ready), fs.renameSync(opts.ready + ".tmp", opts.ready);
  process.stdout.write(ready + "\n");
  const stop = () => { l.server.close(); h.server.close(); process.exit(0); };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

function parseOpts(argv) {
  const opts = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) opts[argv[i].slice(2)] = argv[++i];
    else opts._.push(argv[i]);
  }
  return opts;
}

const [cmd, ...rest] = process.argv.slice(2);
const opts = parseOpts(rest);
const base = (u) => (u.endsWith("/") ? u : u + "/");
try {
  if (cmd === "serve") {
    await serve(opts);
  } else if (cmd === "collect") {
    const res = await fetch(`${base(opts.leader)}internal/collect?task_id=${encodeURIComponent(opts.task)}`, { method: "POST" });
    process.stdout.write(await res.text() + "\n");
    process.exitCode = res.ok ? 0 : 1;
  } else if (cmd === "rotate") {
    const res = await fetch(`${base(opts.leader || opts.helper)}internal/rotate?task_id=${encodeURIComponent(opts.task)}`, { method: "POST" });
    process.stdout.write(await res.text() + "\n");
    process.exitCode = res.ok ? 0 : 1;
  } else if (cmd === "stats") {
    process.stdout.write(await (await fetch(`${base(opts.leader)}internal/stats`)).text() + "\n");
  } else {
    process.stderr.write("usage: harness.mjs serve --tasks FILE [--ready FILE] [--max-age S] | collect --leader URL --task ID | rotate --leader URL|--helper URL --task ID | stats --leader URL\n");
    process.exitCode = 2;
  }
} catch (e) {
  process.stderr.write(`harness: ${e.stack || e}\n`);
  process.exitCode = 1;
}

// The harness checked on its own, with a second, independent DAP-09 client (@divviup/dap): honest reports
// aggregate to the true totals; a flipped ciphertext bit, a wrong task id, a replay and a too-small batch are
// refused. Prints "N passed, M failed". Run: node selftest.mjs (TACIT_DAP_NPM as for harness.mjs).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fs from "node:fs";
import os from "node:os";
import { load } from "./peers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const { Task } = await load("@divviup/dap");

let passed = 0, failed = 0;
const check = (ok, what) => { if (ok) passed++; else { failed++; console.log(`FAIL: ${what}`); } };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dap-harness-"));
const taskId = Buffer.alloc(32, 7).toString("base64url");
const smallTask = Buffer.alloc(32, 9).toString("base64url");
fs.writeFileSync(path.join(tmp, "tasks.json"), JSON.stringify({ tasks: [
  { task_id: taskId, vdaf: { type: "histogram", length: 4, chunk_length: 2 }, time_precision: 3600, min_batch_size: 5, helper_aead: "chacha20poly1305" },
  { task_id: smallTask, vdaf: { type: "count" }, time_precision: 60, min_batch_size: 100 },
] }));
const child = spawn(process.execPath, [path.join(here, "harness.mjs"), "serve", "--tasks", path.join(tmp, "tasks.json")], { stdio: ["ignore", "pipe", "inherit"] });
const ready = await new Promise((resolve, reject) => {
  let buf = "";
  child.stdout.on("data", (d) => { buf += d; if (buf.includes("\n")) resolve(JSON.parse(buf.split("\n")[0])); });
  child.on("exit", (c) => reject(new Error(`harness exited ${c}`)));
});

try {
  const task = new Task({ type: "histogram", length: 4, chunkLength: 2, id: taskId, leader: ready.leader, helper: ready.helper, timePrecisionSeconds: 3600 });
  const truth = [0, 0, 0, 0];
  for (let i = 0; i < 12; i++) {
    const v = (i * 7) % 4;
    truth[v]++;
    await task.sendMeasurement(v);
  }
  // A replay of an accepted report; a flipped bit in the Helper's ciphertext (found only by the Helper).
  const r = await task.generateReport(2);
  await task.sendReport(r);
  truth[2]++;
  await task.sendReport(r);
  const bad = await task.generateReport(3);
  const bytes = Buffer.from(bad.encode());
  bytes[bytes.length - 5] ^= 1;
  const put = (id, body) => fetch(`${ready.leader}tasks/${id}/reports`, { method: "PUT", headers: { "Content-Type": "application/dap-report" }, body });
  check((await put(taskId, bytes)).ok, "the Leader accepts a report whose Helper share it cannot read");
  const wrong = await put(Buffer.alloc(32, 1).toString("base64url"), Buffer.from(r.encode()));
  check(wrong.status === 400 && (await wrong.json()).type.endsWith("unrecognizedTask"), "a wrong task id is unrecognizedTask");
  const cut = await put(taskId, Buffer.from(r.encode()).subarray(0, 40));
  check(cut.status === 400, "a truncated report is invalidMessage");

  const cfg = await fetch(`${ready.leader}hpke_config?task_id=${taskId}`);
  check(cfg.headers.get("content-type") === "application/dap-hpke-config-list", "config media type");
  check(/max-age=\d+/.test(cfg.headers.get("cache-control") || ""), "config Cache-Control");

  const collected = await (await fetch(`${ready.leader}internal/collect?task_id=${taskId}`, { method: "POST" })).json();
  check(JSON.stringify(collected.result) === JSON.stringify(truth), `totals ${JSON.stringify(collected.result)} == ${JSON.stringify(truth)}`);
  check(collected.report_count === 13, `report_count ${collected.report_count} == 13`);
  check(collected.rejected.reportReplayed === 1, "one replay dropped");
  check(collected.rejected["helper:hpkeDecryptError"] === 1, "one Helper decryption failure");

  const small = new Task({ type: "count", id: smallTask, leader: ready.leader, helper: ready.helper, timePrecisionSeconds: 60 });
  for (let i = 0; i < 3; i++) await small.sendMeasurement(true);
  const refused = await fetch(`${ready.leader}internal/collect?task_id=${smallTask}`, { method: "POST" });
  check(refused.status === 400 && (await refused.json()).error === "invalidBatchSize", "a batch below min_batch_size is refused");
} catch (e) {
  failed++;
  console.log(`FAIL: ${e.stack || e}`);
} finally {
  child.kill("SIGTERM");
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;

// Loads the pinned DAP test peers (@divviup/*, @hpke/*) from the folder they were installed into:
// $TACIT_DAP_NPM (a folder holding node_modules/), default <repo>/.cache/npm-peers (scripts/npm-peers.sh).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const npmDir = process.env.TACIT_DAP_NPM || path.resolve(here, "../../../.cache/npm-peers");

// The package's ES module entry point: exports["."] (import, then default), else module, else main.
function entry(dir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  let e = pkg.exports;
  if (e && typeof e === "object" && "." in e) e = e["."];
  while (e && typeof e === "object") e = e.import ?? e.default ?? e.node;
  return path.join(dir, e || pkg.module || pkg.main || "index.js");
}

export async function load(name) {
  const dir = path.join(npmDir, "node_modules", name);
  if (!fs.existsSync(dir)) throw new Error(`${name} is not installed under ${npmDir} (install the DAP test peers first)`);
  return import(pathToFileURL(entry(dir)).href);
}

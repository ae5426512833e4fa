// `npm start` builds only what is out of date: each build step runs when one of its outputs is missing or
// older than the newest of its inputs (the full `npm run build` takes minutes; the demo, a second).
// `--dry-run` prints the steps it would run instead; `--root DIR` works on another tree (for its test).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { "dry-run": { type: "boolean" }, root: { type: "string" } }, strict: true });
const root = values.root ? resolve(values.root) : new URL("..", import.meta.url).pathname;
const targets = Object.values(JSON.parse(readFileSync(join(root, "asconfig.json"), "utf8")).targets).map((t) => t.outFile);
const steps = [
  { script: "build:wasm", outputs: targets, inputs: ["assembly", "asconfig.json", "package-lock.json"] },
  { script: "build:native", outputs: ["build/native/tap-bridge"], inputs: ["native"] },
  { script: "build:host", outputs: ["dist/host/node/cli.js"], inputs: ["host", "tests/node", "bench", "tsconfig.json", "package-lock.json"] },
];

/** The newest modification time under `path` (a file or a directory tree). */
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), st.mtimeMs);
}

for (const s of steps) {
  const outs = s.outputs.map((o) => join(root, o));
  const built = outs.every((o) => existsSync(o)) ? Math.min(...outs.map((o) => statSync(o).mtimeMs)) : -1;
  const changed = Math.max(-1, ...s.inputs.map((i) => join(root, i)).filter(existsSync).map(newest));
  if (built >= changed && built >= 0) continue;
  if (values["dry-run"]) { console.log(s.script); continue; }
  const r = spawnSync("npm", ["run", "-s", s.script], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

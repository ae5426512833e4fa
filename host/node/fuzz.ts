// npm run fuzz -- [--frames N] [--seed S] [--build B] [--steps K] | --replay FILE
// Runs the fuzzer (host/fuzz.ts); a failing episode is written to fuzz-failures/ and replays with
// `npm run fuzz -- --replay FILE`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import "./wasm-files.js";
import { runFuzz, replay, episodeToJson, episodeFromJson } from "../fuzz.js";

const argv = process.argv.slice(2);
const opt = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };

const file = opt("replay");
if (file) {
  const ep = episodeFromJson(readFileSync(file, "utf8"));
  const r = replay(ep);
  console.log(r ? `${file}: step ${r.step} of ${ep.ops.length}: ${r.reason}` : `${file}: ${ep.ops.length} steps, no failure`);
  process.exit(r ? 1 : 0);
}

const frames = Number(opt("frames") ?? 100_000), seed = Number(opt("seed") ?? 1), build = opt("build") ?? "wasmtcp.wasm";
const t0 = performance.now();
const r = runFuzz({ build, seed, frames, steps: opt("steps") ? Number(opt("steps")) : undefined,
  progress: (n) => process.stderr.write(`\r${n} frames, ${(n / ((performance.now() - t0) / 1000)).toFixed(0)} frames/s`) });
const secs = (performance.now() - t0) / 1000;
process.stderr.write("\n");
console.log(`${build} seed ${seed}: ${r.frames} frames, ${r.steps} steps, ${r.episodes} episodes in ${secs.toFixed(1)} s`);
if (r.failure) {
  mkdirSync("fuzz-failures", { recursive: true });
  const out = `fuzz-failures/${build.replace(/[^\w.-]/g, "_")}-${r.failure.seed}.json`;
  writeFileSync(out, episodeToJson(r.failure));
  console.log(`FAILED at step ${r.failure.step}: ${r.failure.reason}\nsaved: ${out}\nreplay: npm run fuzz -- --replay ${out}`);
  process.exit(1);
}

// npm run fuzz -- [--frames N] [--seed S] [--build default|large|nocookies|mps2|FILE.wasm] [--steps K] | --replay FILE
// Runs the fuzzer (host/fuzz.ts); a failing episode is written to fuzz-failures/ and replays with
// `npm run fuzz -- --replay FILE`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import "./wasm-files.js";
import { runFuzz, replay, episodeToJson, episodeFromJson } from "../fuzz.js";
import { loadModule } from "../core.js";

const argv = process.argv.slice(2);
const opt = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };

const file = opt("replay");
if (file) {
  const ep = episodeFromJson(readFileSync(file, "utf8"));
  const r = replay(ep);
  console.log(r ? `${file}: step ${r.step} of ${ep.ops.length}: ${r.reason}` : `${file}: ${ep.ops.length} steps, no failure`);
  process.exit(r ? 1 : 0);
}

/** The builds by their short names; any other value is taken as a file name in build/. */
const BUILDS: Record<string, string> = { default: "wasmtcp.wasm", large: "wasmtcp-large.wasm", nocookies: "wasmtcp-nocookies.wasm", mps2: "wasmtcp-mps2.wasm" };
const frames = Number(opt("frames") ?? 100_000), seed = Number(opt("seed") ?? 1), asked = opt("build") ?? "default";
const build = BUILDS[asked] ?? asked;
try { loadModule(build); } catch (err) {
  // A user error, not a crash: one line naming what can be asked for.
  console.error(`fuzz: no build ${build} (${(err as Error).message.split("\n")[0]}); builds: ${Object.keys(BUILDS).join(", ")} or a .wasm file name in build/`);
  process.exit(2);
}
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

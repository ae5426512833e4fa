// npm run bench:flood [-- --spoofed N --rate R --clients C --connects K --build B ...]: a SYN flood in
// virtual time against each build (host/flood.ts); prints and returns the share of real clients that got
// in within 3 s on the flooded port and on another one, and of the application's own connects.
import "../host/node/wasm-files.js";
import { runFlood, type FloodResult } from "../host/flood.js";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const builds = process.argv.flatMap((a, i) => process.argv[i - 1] === "--build" ? [a] : []);
const spoofed = arg("spoofed", 100_000), rate = arg("rate", 10_000), clients = arg("clients", 100), connects = arg("connects", 20);

export function floodFigures(list = builds.length ? builds : ["wasmtcp.wasm", "wasmtcp-large.wasm", "wasmtcp-nocookies.wasm"]): Record<string, FloodResult> {
  const out: Record<string, FloodResult> = {};
  console.log(`${spoofed} forged SYNs at ${rate}/s; ${clients} real clients on the flooded port and ${clients} on another; ${connects} outbound connects`);
  for (const build of list) {
    const t0 = performance.now();
    const r = runFlood({ build, spoofed, rate, clients, connects });
    const pct = (n: number, d: number) => `${(100 * n / d).toFixed(1)}%`;
    console.log(`${build.padEnd(28)} flooded port ${pct(r.floodedWithin3s, clients).padStart(6)} within 3 s (median ${r.floodedMedianMs} ms)` +
      `  other port ${pct(r.otherWithin3s, clients).padStart(6)}  connects ${pct(r.connectsOk, connects).padStart(6)}` +
      `  cookies sent ${r.stats.tcp_syncookies_sent ?? 0}, validated ${r.stats.tcp_syncookies_validated ?? 0}` +
      `  (${((performance.now() - t0) / 1000).toFixed(1)} s of wall time)`);
    out[build] = r;
  }
  return out;
}

if (process.argv[1]?.endsWith("flood.js")) floodFigures();

// Loads a build of the core for tests, with frames and trace events captured.
import { readFileSync } from "node:fs";
import { statNames, type Exports } from "../../../host/core.js";

export interface CoreExports {
  memory: WebAssembly.Memory;
  [name: string]: any;
}

const cache = new Map<string, WebAssembly.Module>();

export function buildPath(name = "wasmtcp.wasm"): URL {
  return new URL(`../../../../build/${name}`, import.meta.url);
}

export interface Loaded {
  e: CoreExports;
  sent: Uint8Array[];
  traces: [number, number, number, number][];
}

export function loadCore(build = "wasmtcp.wasm"): Loaded {
  let mod = cache.get(build);
  if (!mod) { mod = new WebAssembly.Module(readFileSync(buildPath(build))); cache.set(build, mod); }
  const out: Loaded = { e: undefined as unknown as CoreExports, sent: [], traces: [] };
  const inst = new WebAssembly.Instance(mod, {
    env: {
      link_send(ptr: number, len: number) { out.sent.push(new Uint8Array(out.e.memory.buffer, ptr, len).slice()); },
      trace(k: number, a: number, b: number, c: number) { out.traces.push([k, a, b, c]); },
      abort(_m: number, _f: number, line: number, col: number) { throw new Error(`core abort at ${line}:${col}`); },
    },
  });
  out.e = inst.exports as unknown as CoreExports;
  return out;
}

export function ip4(s: string): number {
  return s.split(".").reduce((a, b) => ((a << 8) | Number(b)) >>> 0, 0);
}

export function statsOf(e: CoreExports): Record<string, number> {
  const dv = new DataView(e.memory.buffer);
  return Object.fromEntries(statNames(e).map((name, i) => [name, dv.getUint32(e.stats() + i * 4, true)]));
}

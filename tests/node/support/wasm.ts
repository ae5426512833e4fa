// Loads a build of the core for tests, with frames and trace events captured (host/core.ts instantiates).
import { instantiate, statNames, type Exports } from "../../../host/core.js";
import "../../../host/node/wasm-files.js"; // builds are read from build/
import { parseIp } from "../../../host/addr.js";

export interface CoreExports {
  memory: WebAssembly.Memory;
  [name: string]: any;
}

export interface Loaded {
  e: CoreExports;
  sent: Uint8Array[];
  traces: [number, number, number, number][];
}

export function loadCore(build = "wasmtcp.wasm"): Loaded {
  const out: Loaded = { e: undefined as unknown as CoreExports, sent: [], traces: [] };
  out.e = instantiate({ send: (f) => out.sent.push(f), trace: (k, a, b, c) => out.traces.push([k, a, b, c]) }, build) as CoreExports;
  return out;
}

/** Dotted IPv4 to a number (host/addr.ts). */
export const ip4 = parseIp;

export function statsOf(e: CoreExports): Record<string, number> {
  const dv = new DataView(e.memory.buffer);
  return Object.fromEntries(statNames(e).map((name, i) => [name, dv.getUint32(e.stats() + i * 4, true)]));
}

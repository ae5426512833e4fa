// The stack a script runs against: one instance of the core, its transmitted frames collected.
import { instantiate, type Exports } from "../core.js";

export interface Target {
  e: Exports;
  sent: Uint8Array[];
}

/** `path`: a build's name or path for loadModule() (default wasmtcp.wasm). */
export function loadTarget(path?: string): Target {
  const sent: Uint8Array[] = [];
  return { e: instantiate({ send: (f) => sent.push(f) }, path), sent };
}

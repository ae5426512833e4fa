// The stack a script runs against: one instance of the core, its transmitted frames collected.
import { loadModule } from "../core.js";

export interface Target {
  e: Record<string, any> & { memory: WebAssembly.Memory };
  sent: Uint8Array[];
}

/** `path`: a build's name or path for loadModule() (default wasmtcp.wasm). */
export function loadTarget(path?: string): Target {
  const mod = loadModule(path);
  const t: Target = { e: undefined as unknown as Target["e"], sent: [] };
  const inst = new WebAssembly.Instance(mod, {
    env: {
      link_send(ptr: number, len: number) { t.sent.push(new Uint8Array(t.e.memory.buffer, ptr, len).slice()); },
      trace() {},
      abort(_m: number, _f: number, line: number, col: number) { throw new Error(`core abort at ${line}:${col}`); },
    },
  });
  t.e = inst.exports as Target["e"];
  return t;
}

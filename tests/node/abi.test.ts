// host/abi.ts mirrors assembly/abi.ts: every enum the module exports has the same members and values.
import test from "node:test";
import assert from "node:assert/strict";
import { loadModule } from "../../host/core.js";
import { wasmPath } from "../../host/node/wasm-files.js";
import * as abi from "../../host/abi.js";

test("abi_hostMirror_matchesModuleExports", () => {
  const inst = new WebAssembly.Instance(loadModule(wasmPath()), { env: { link_send() {}, trace() {}, abort() {} } });
  const fromModule: Record<string, Record<string, number>> = {};
  for (const [name, v] of Object.entries(inst.exports)) {
    if (!(v instanceof WebAssembly.Global) || !name.includes(".")) continue;
    const [group, member] = name.split(".");
    (fromModule[group] ??= {})[member] = v.value;
  }
  for (const group of ["Err", "State", "Ev", "Opt", "Shut", "Trace", "Timer"]) {
    assert.deepEqual((abi as unknown as Record<string, Record<string, number>>)[group], fromModule[group], group);
  }
});

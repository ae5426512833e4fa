// The ABI is defined once (assembly/abi.ts); the build generates the host's constants (host/gen/abi.ts) and
// the boards' header (boards/common/wt_abi.h). Both must hold exactly the values the compiled .wasm holds.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModule, statNames, type Exports } from "../../host/core.js";
import { wasmPath } from "../../host/node/wasm-files.js";
import { ABI_TABLE, STAT_NAMES, Err, State, Stat } from "../../host/abi.js";
import { repoPath } from "./support/replay.js";

function moduleExports(): Exports {
  const inst = new WebAssembly.Instance(loadModule(wasmPath()), { env: { link_send() {}, trace() {}, abort() {} } });
  return inst.exports as unknown as Exports;
}

/** [group, member, value] as the .wasm was compiled, in ABI_TABLE's order. */
function moduleTable(e: Exports): number[] {
  return Array.from(new Int32Array(e.memory.buffer, e.abi_values(), e.abi_values_count()));
}

test("abi_hostConstants_equalModuleValues", () => {
  const e = moduleExports();
  assert.equal(e.abi_values_count(), ABI_TABLE.length);
  const fromModule = moduleTable(e);
  for (const [i, [group, member, value]] of ABI_TABLE.entries()) assert.equal(fromModule[i], value, `${group}.${member}`);
  // Spot checks that the table is the enums the code uses, not any list of numbers.
  assert.equal(Err.BADF, -6);
  assert.equal(State.TIME_WAIT, 10);
  assert.equal(e.tcp_state(12345), Err.BADF);
});

test("abi_statNames_moduleBytesEqualHostNames", () => {
  const e = moduleExports();
  assert.equal(e.stats_count(), STAT_NAMES.length);
  assert.deepEqual(statNames(e), STAT_NAMES);
  assert.equal(STAT_NAMES[Stat.DROP_TCP_CHECKSUM], "drop_tcp_checksum");
});

test("abi_cHeader_equalsModuleValues", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-abi-"));
  const src = join(dir, "dump.c"), exe = join(dir, "dump");
  writeFileSync(src, [
    "#include <stdio.h>",
    '#include "wt_abi.h"',
    '#define DUMP(group, member, value) printf(#group " " #member " %d\\n", (int)(value));',
    "static const char *const stats[] = WT_STAT_NAMES;",
    "static const char *const states[] = WT_STATE_NAMES;",
    "int main(void) {",
    "  WT_ABI_VALUES(DUMP)",
    '  for (unsigned i = 0; i < sizeof stats / sizeof stats[0]; i++) printf("stat %s\\n", stats[i]);',
    '  for (unsigned i = 0; i < sizeof states / sizeof states[0]; i++) printf("state %s\\n", states[i]);',
    '  printf("count %d\\n", WT_STAT_COUNT);',
    "  return 0;",
    "}",
  ].join("\n"));
  try {
    execFileSync("cc", ["-std=c11", "-Wall", "-Werror", `-I${repoPath("boards/common")}`, "-o", exe, src], { stdio: "pipe" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" && !process.env.WASMTCP_REQUIRE_BOARDS) { t.skip("no C compiler"); return; }
    throw err;
  }
  const lines = execFileSync(exe, { encoding: "utf8" }).trim().split("\n");
  const e = moduleExports();
  const fromModule = moduleTable(e);
  const values = lines.filter((l) => !/^(stat|state|count) /.test(l));
  assert.deepEqual(values, ABI_TABLE.map(([g, m], i) => `${g} ${m} ${fromModule[i]}`));
  assert.deepEqual(lines.filter((l) => l.startsWith("stat ")).map((l) => l.slice(5)), statNames(e));
  assert.deepEqual(lines.filter((l) => l.startsWith("state ")).map((l) => l.slice(6)), Object.keys(State));
  assert.ok(lines.includes(`count ${e.stats_count()}`));
});

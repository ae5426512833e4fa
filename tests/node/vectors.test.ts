// Replays every script under tests/vectors (packetdrill dialect) against the stack. Scripts under
// tests/vectors/unsupported/ use what the runner cannot execute: each must fail, with a message naming
// the line marked "<- unsupported"; every other script must pass, with nothing unexpected after its last line.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { runScript } from "../../host/script/run.js";
import "../../host/node/wasm-files.js"; // builds read from build/

const root = new URL("../../../tests/vectors/", import.meta.url).pathname;

function scripts(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? scripts(p) : n.endsWith(".pkt") ? [p] : [];
  }).sort();
}

for (const file of scripts(root)) {
  const name = relative(root, file);
  const src = readFileSync(file, "utf8");
  if (name.split(sep)[0] === "unsupported") {
    test(`vector ${name} fails by line`, () => {
      const marked = src.split("\n").findIndex((l) => l.includes("<- unsupported")) + 1;
      assert.ok(marked > 0, "the unsupported line is marked with a '<- unsupported' comment");
      assert.throws(() => runScript(src, { strictEnd: true }), (e: Error) => {
        assert.match(e.message, new RegExp(`^line ${marked}: \\S`), `the failure names line ${marked}: ${e.message}`);
        return true;
      });
    });
  } else {
    // This project's vectors also say everything the stack sends after their last line (--strict-end).
    test(`vector ${name}`, () => { runScript(src, { strictEnd: true }); });
  }
}

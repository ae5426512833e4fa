// Replays every script under tests/vectors (packetdrill dialect) against the stack.
import test from "node:test";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { runScript } from "../../host/script/run.js";

const root = new URL("../../../tests/vectors/", import.meta.url).pathname;

function scripts(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? scripts(p) : n.endsWith(".pkt") ? [p] : [];
  }).sort();
}

for (const file of scripts(root)) {
  test(`vector ${relative(root, file)}`, () => { runScript(readFileSync(file, "utf8")); });
}

// The platform-neutral host (everything under host/ but host/node/) runs in browsers as it is: it imports
// no Node module and nothing from the Node layer, and names no Node-only global. (The browser test
// loads it in Chromium; this one says which file broke the rule.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const src = fileURLToPath(new URL("../../../host/", import.meta.url));

function neutralFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return d.name === "node" && dir === src ? [] : neutralFiles(p);
    return d.name.endsWith(".ts") ? [p] : [];
  });
}

// Code without comments (and without string contents), so a comment may mention Buffer or node:fs.
const noComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "").replace(/\s\/\/ .*$/gm, "");
const code = (s: string) => noComments(s).replace(/`(?:\\.|[^`])*`|"(?:\\.|[^"\n])*"/g, '""');

test("neutralHost_everyFile_importsNoNodeModuleNorNodeLayer", () => {
  const bad: string[] = [];
  for (const f of neutralFiles(src)) {
    for (const m of noComments(readFileSync(f, "utf8")).matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"|import\s*\(\s*"([^"]+)"|import\s+"([^"]+)"/g)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith("node:") || !spec.startsWith(".") || /(^|\/)node\//.test(spec)) bad.push(`${relative(src, f)}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test("neutralHost_everyFile_namesNoNodeOnlyGlobal", () => {
  const bad: string[] = [];
  for (const f of neutralFiles(src)) {
    const c = code(readFileSync(f, "utf8"));
    for (const g of ["Buffer", "process", "require", "__dirname", "setImmediate", "NodeJS"]) {
      // setImmediate is allowed only as a feature test on globalThis.
      const uses = [...c.matchAll(new RegExp(`(?<![.\\w])${g}\\b`, "g"))].length;
      const guarded = g === "setImmediate" ? [...c.matchAll(/globalThis\.setImmediate/g)].length : 0;
      if (uses > guarded) bad.push(`${relative(src, f)}: ${g}`);
    }
  }
  assert.deepEqual(bad, []);
});

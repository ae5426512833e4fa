// The API reference generates from the declarations (TypeDoc, typedoc.json) without a warning or a
// broken link, and the main pages exist. (Types reached only through others need not be exported.)
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

test("docs_typedocOnBothEntries_noWarningAndMainPages", () => {
  const out = mkdtempSync(join(tmpdir(), "wasmtcp-docs-"));
  try {
    // typedoc.json treats warnings as errors: a failure names what is wrong.
    execFileSync(process.execPath, [join(root, "node_modules/typedoc/bin/typedoc"), "--out", out], { cwd: root, encoding: "utf8" });
    const pages = readdirSync(join(out, "classes")).concat(readdirSync(join(out, "functions")));
    for (const p of ["wasmtcp.NodeStack.html", "wasmtcp.TapLink.html", "wasmtcp_browser.TcpSocket.html", "wasmtcp_browser.TcpListener.html",
      "wasmtcp_browser.VirtualSwitch.html", "wasmtcp_browser.WebSocketLink.html", "wasmtcp.createStack.html", "wasmtcp_browser.createStack.html"]) {
      assert.ok(pages.includes(p), `${p} among ${pages.join(" ")}`);
    }
    assert.ok(existsSync(join(out, "index.html")));
  } finally { rmSync(out, { recursive: true, force: true }); }
});

// Builds the playground into dist/playground/: the page, its stylesheet, one bundled script and the
// core's .wasm. The files need nothing else: open them from any static server, or `wasmtcp playground`.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(root, "dist", "playground");

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, "src", "main.ts")],
  outfile: join(out, "app.js"),
  bundle: true, format: "esm", platform: "browser", target: "es2022",
  minify: true, sourcemap: true, legalComments: "none", logLevel: "warning",
});
for (const f of ["index.html", "style.css"]) copyFileSync(join(here, f), join(out, f));
// Both builds the catalogue uses (fast-retransmit needs the large one's windows).
for (const f of ["wasmtcp.wasm", "wasmtcp-large.wasm"]) copyFileSync(join(root, "build", f), join(out, f));

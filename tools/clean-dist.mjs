// Empties dist/ before tsc writes it, so the compiled output of a deleted source (a test above all) cannot
// linger and run. dist/playground/ belongs to npm run build:playground, which writes it after build:host.
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
let entries = [];
try { entries = readdirSync(dist); } catch { /* no dist/ yet */ }
for (const name of entries) if (name !== "playground") rmSync(join(dist, name), { recursive: true, force: true });

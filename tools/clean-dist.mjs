// Empties dist/ before tsc writes it, so the compiled output of a deleted source (a test above all) cannot
// linger and run.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

rmSync(join(dirname(fileURLToPath(import.meta.url)), "..", "dist"), { recursive: true, force: true });

// Builds read from this package's build/ folder (or any path) in Node: importing this module installs
// the file reader behind loadModule(), so Stack, Core and the script runner find their .wasm by name.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setModuleSource, wasmUrl } from "../core.js";

/** build/<name> of this package, whatever the working directory. */
export function wasmPath(name = "wasmtcp.wasm"): string {
  return fileURLToPath(wasmUrl(name));
}

setModuleSource((name) => readFileSync(name.includes("/") ? name : wasmPath(name)));

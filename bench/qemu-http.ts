// QEMU figure for `npm run bench`: the Cortex-M3 firmware (boards/qemu-mps2, wasm3 or wasm2c) boots on a TAP
// device in a network namespace made for the run, and curl there fetches /bytes/N from its HTTP service.
// Runs alone too: node dist/bench/qemu-http.js [--runs 3] [--mib 4] [--elf-dir DIR] [--baseline DIR]...
// (a DIR holds wasmtcp-wasm3.elf and wasmtcp-wasm2c.elf of another build, e.g. the one before a change:
// bench/qemu-baseline.sh builds one; each --baseline runs interleaved with this tree's, and the ratio is printed).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createNetns, netnsUnavailable } from "../tests/node/support/netns.js";

export type QemuEngine = "wasm3" | "wasm2c";
export const qemuEngines: QemuEngine[] = ["wasm3", "wasm2c"];

/** Why the QEMU figures cannot be measured here, or null. */
export function qemuHttpUnavailable(root: string): string | null {
  const why = netnsUnavailable();
  if (why) return why;
  for (const c of ["curl", "qemu-system-arm", "arm-none-eabi-gcc"]) if (spawnSync(c, ["--version"]).status !== 0) return `${c} is not installed`;
  const r = spawnSync("make", ["-s", "-C", join(root, "boards/qemu-mps2")], { encoding: "utf8", timeout: 900_000 });
  if (r.status !== 0) return `the QEMU firmware does not build: ${(r.stderr || "").trim().split("\n").slice(-1)[0]}`;
  return null;
}

/** MB/s (10^6 bytes) of one GET of `bytes` from the firmware running `engine`, booted fresh for it. */
export async function qemuHttpGoodput(root: string, engine: QemuEngine, bytes: number, elfDir?: string): Promise<number> {
  const ns = createNetns();
  try {
    await ns.serve(["bash", join(root, "boards/qemu-mps2/run.sh"), "--engine", engine, ...(elfDir ? ["--elf", join(elfDir, `wasmtcp-${engine}.elf`)] : []),
      "--dev", ns.dev, "--ip", `${ns.stackIp}/${ns.prefix}`, "--serve", "http:80"], /ready \S+ http:80\r?\n/, 60_000);
    const out = await ns.run(["curl", "-sS", "-m", "300", "-o", "/dev/null", "-w", "%{size_download} %{speed_download}", `http://${ns.stackIp}/bytes/${bytes}`]);
    const [size, speed] = out.trim().split(" ").map(Number);
    if (size !== bytes) throw new Error(`qemu ${engine}: ${size} of ${bytes} bytes`);
    return speed / 1e6;
  } finally {
    ns.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const arg = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const runs = Number(arg("runs") ?? 3), bytes = Number(arg("mib") ?? 4) * (1 << 20);
  // Firmwares: this tree's (unless --elf-dir names another), then each --baseline DIR, one run of each
  // firmware and engine per round, the rounds interleaved.
  const dirs: (string | undefined)[] = [arg("elf-dir")];
  args.forEach((a, i) => { if (a === "--baseline") dirs.push(args[i + 1]); });
  const why = qemuHttpUnavailable(root);
  if (why) { console.error(`bench/qemu-http: skipped: ${why}`); process.exit(0); }
  const v = dirs.map(() => qemuEngines.map(() => [] as number[]));
  for (let r = 0; r < runs; r++)
    for (const [d, dir] of dirs.entries())
      for (const [k, engine] of qemuEngines.entries()) v[d][k].push(await qemuHttpGoodput(root, engine, bytes, dir));
  const med = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1];
  for (const [d, dir] of dirs.entries()) {
    for (const [k, engine] of qemuEngines.entries()) {
      const x = [...v[d][k]].sort((a, b) => a - b);
      const vs = d > 0 ? `, this tree ${(med(v[0][k]) / med(x)).toFixed(2)}x of it` : "";
      console.log(`qemu-mps2 ${engine} (${dir ?? "this tree"}): GET of ${bytes >> 20} MiB, ${med(x).toFixed(2)} MB/s [${x[0].toFixed(2)}-${x[runs - 1].toFixed(2)}] over ${runs} runs${vs}`);
    }
  }
}

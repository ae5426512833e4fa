// Bulk goodput through the public host API, as a user meets it: two stacks in one Simulation, a
// net-compatible Socket writing 64 KiB Buffers to a Server's socket that counts what arrives.
import { performance } from "node:perf_hooks";
import { Simulation } from "../host/node/stack.js";

/** MiB/s of wall time for `bytes` from a client socket to a server socket (virtual time, no faults). */
export async function hostApiGoodput(build: string, bytes: number): Promise<number> {
  const sim = new Simulation({ seed: 1 });
  const a = sim.addStack({ name: "a", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 1, wasm: build });
  const b = sim.addStack({ name: "b", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 2, wasm: build });
  let got = 0, ended = false;
  b.createServer((s) => { s.on("data", (d: Buffer) => { got += d.length; }); s.on("end", () => { ended = true; }); }).listen(80);
  const chunk = Buffer.alloc(64 * 1024, 7);
  const t0 = performance.now();
  const c = a.createConnection(80, "10.0.0.2", () => {
    let sent = 0;
    const pump = () => {
      while (sent < bytes) { sent += chunk.length; if (!c.write(chunk)) { c.once("drain", pump); return; } }
      c.end();
    };
    pump();
  });
  await sim.run({ until: () => ended, maxMs: 3_600_000, maxSteps: 1e9 });
  const s = (performance.now() - t0) / 1000;
  if (got !== bytes) throw new Error(`host API transfer: ${got} of ${bytes} bytes`);
  return bytes / s / (1 << 20);
}

// `wasmtcp view --events FILE|- [--port N]`: the playground page in live mode for a stack that runs in
// another program, the posix board host (`tap ... --events FILE`): its stream of frames and trace events,
// one line each ("h ADDRESS ENGINE" first, then "i MS HEX", "o MS HEX", "t MS KIND A B C"), is recorded as
// `wasmtcp tap --view` records its own stack, without the TCB panels (the board's core is not here to ask).
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Server } from "node:http";
import { LiveRecorder } from "../live.js";
import { serveLive } from "./live-server.js";

export const viewUsage = `  wasmtcp view --events FILE|- [--port N]       the playground page on http://127.0.0.1:N/#live=1 (default 8080),
                                               drawing a board's --events stream (posix: tap ... --events -)`;

const log = (s: string) => process.stdout.write(s + "\n");
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

export async function viewCommand(path: string, port: number): Promise<number> {
  const input = createInterface({ input: path === "-" ? process.stdin : createReadStream(path), crlfDelay: Infinity });
  let rec: LiveRecorder | null = null;
  let server: Server | null = null;
  let lineMs = 0;
  let bad = 0;
  // A signal ends the reading too (the board may still be writing) and then the view.
  let signalled = false;
  const stopped = new Promise<void>((resolve) => { for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, () => { signalled = true; input.close(); resolve(); }); });
  for await (const line of input) {
    const [kind, ms, ...rest] = line.split(" ");
    if (kind === "h" && !rec) {
      const [ip, engine] = [ms, rest[0] ?? "board"];
      rec = new LiveRecorder({ name: `wasmtcp (${engine})`, ip, now: () => lineMs });
      try { server = await serveLive(rec, port); } catch (e) { console.error(`wasmtcp view: ${(e as Error).message}`); return 2; }
      const a = server.address();
      log(`view: http://127.0.0.1:${typeof a === "object" && a ? a.port : port}/#live=1`);
      log("ready");
      continue;
    }
    if (!rec || !/^\d+$/.test(ms ?? "")) { bad++; continue; }
    lineMs = Number(ms);
    if (kind === "i") { rec.processed(); rec.received(bytes(rest[0] ?? "")); }
    else if (kind === "o") rec.sentFrame(bytes(rest[0] ?? ""));
    else if (kind === "t" && rest.length === 4) { const [k, a, b, c] = rest.map(Number); rec.trace(k, a, b, c); }
    else bad++;
  }
  if (!rec) { console.error("wasmtcp view: the stream ended before its first line (h ADDRESS ENGINE)"); return 1; }
  if (!signalled) {
    rec.note(`the stream ended${bad ? ` (${bad} lines not understood)` : ""}`);
    log("the stream ended: the page stays until Ctrl-C");
    await stopped;
  }
  server?.closeAllConnections();
  server?.close();
  return 0;
}

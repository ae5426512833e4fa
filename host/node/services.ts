// The small services `wasmtcp tap --serve` offers: echo (RFC 862), discard (RFC 863), chargen (RFC 864)
// and Node's own http module running over the stack.
import http from "node:http";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { NodeStack as Stack } from "./stack.js";
import type { Server } from "./server.js";
import type { Socket } from "./socket.js";
import { State, STATE_NAMES } from "../abi.js";

/** The stream's period: byte i depends only on i mod PERIOD (as boards/common/http.h's HTTP_STREAM_PERIOD).
 *  A prime, so that a stream shifted by a power of two (a ring's or window's size) still differs. */
const PERIOD = 65521;
let table: Buffer | null = null;

/** Two periods of the stream, computed once: any run of up to PERIOD bytes is a view into it. */
function pattern(): Buffer {
  if (table) return table;
  table = Buffer.allocUnsafe(2 * PERIOD);
  for (let i = 0; i < 2 * PERIOD; i++) {
    let x = Math.imul(i % PERIOD, 2654435761) ^ 0x5bd1e995; // 32-bit product, as boards/common/http.c
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    table[i] = x & 255;
  }
  return table;
}

/** Deterministic pseudo-random bytes: byte i of the stream depends only on i (xorshift32 of a hash of
 *  i mod PERIOD). Runs of up to PERIOD bytes are views of one shared copy: read them, never write. */
export function streamChunk(offset: number, length: number): Buffer {
  const t = pattern(), at = offset % PERIOD;
  if (length <= PERIOD) return t.subarray(at, at + length);
  const b = Buffer.allocUnsafe(length);
  for (let o = 0; o < length; o += PERIOD) t.copy(b, o, (at + o) % PERIOD, (at + o) % PERIOD + Math.min(PERIOD, length - o));
  return b;
}

export function pseudoRandomStream(total: number): Readable {
  let off = 0;
  return new Readable({
    read() {
      if (off >= total) { this.push(null); return; }
      const n = Math.min(PERIOD, total - off);
      this.push(streamChunk(off, n));
      off += n;
    },
  });
}

const shaBySize = new Map<number, string>();

/** SHA-256 of the first `total` bytes of the stream, cached per size (a header sent before the body). */
export function sha256Of(total: number): string {
  let s = shaBySize.get(total);
  if (s) return s;
  const h = createHash("sha256");
  for (let off = 0; off < total; off += PERIOD) h.update(streamChunk(off, Math.min(PERIOD, total - off)));
  s = h.digest("hex");
  if (shaBySize.size > 64) shaBySize.clear();
  shaBySize.set(total, s);
  return s;
}

function quiet(s: Socket): Socket { s.on("error", () => {}); return s; }

export function serveEcho(stack: Stack, port: number): Server {
  return stack.createServer((s) => { quiet(s); s.pipe(s); }).listen(port);
}

export function serveDiscard(stack: Stack, port: number): Server {
  return stack.createServer((s) => { quiet(s); s.resume(); s.on("end", () => s.end()); }).listen(port);
}

/** RFC 864: a rotating 72-column pattern of printable ASCII until the peer closes. */
export function serveChargen(stack: Stack, port: number): Server {
  const line = (n: number) => { let s = ""; for (let i = 0; i < 72; i++) s += String.fromCharCode(32 + ((n + i) % 95)); return s + "\r\n"; };
  return stack.createServer((s) => {
    quiet(s);
    let n = 0;
    const src = new Readable({ read() { let out = ""; for (let i = 0; i < 64; i++) out += line(n++); this.push(out); } });
    src.pipe(s);
    s.on("end", () => { src.unpipe(s); src.destroy(); s.end(); });
    s.on("close", () => src.destroy());
  }).listen(port);
}

/** http: GET / (the stack's counters), GET /bytes/N (N deterministic bytes, SHA-256 in a header),
 *  PUT /sink (the body's length and SHA-256). */
export function serveHttp(stack: Stack, port: number): Server {
  const app = http.createServer((req, res) => {
    const url = req.url ?? "/";
    const m = /^\/bytes\/(\d+)$/.exec(url);
    if (req.method === "GET" && url === "/") {
      const c = stack.core;
      const states = Object.fromEntries(STATE_NAMES.slice(2).map((n) => [n, c.countState(State[n])]));
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end(`wasmtcp ${stack.ip}\nconnections ${JSON.stringify(states)}\n` +
        Object.entries(c.stats()).filter(([k, v]) => v && k !== "none").map(([k, v]) => `${k} ${v}`).join("\n") + "\n");
    } else if (req.method === "GET" && m) {
      const n = Number(m[1]);
      res.setHeader("content-type", "application/octet-stream");
      res.setHeader("content-length", String(n));
      res.setHeader("x-sha256", sha256Of(n));
      pseudoRandomStream(n).pipe(res);
    } else if (req.method === "PUT" && url === "/sink") {
      const h = createHash("sha256");
      let n = 0;
      req.on("data", (d: Buffer) => { n += d.length; h.update(d); });
      req.on("end", () => { res.setHeader("content-type", "application/json"); res.end(JSON.stringify({ length: n, sha256: h.digest("hex") }) + "\n"); });
    } else {
      res.statusCode = 404;
      res.end("not found\n");
    }
  });
  return stack.createServer((s) => app.emit("connection", quiet(s))).listen(port);
}

export const SERVICES: Record<string, (stack: Stack, port: number) => Server> = {
  echo: serveEcho, discard: serveDiscard, chargen: serveChargen, http: serveHttp,
};

// `wasmtcp tap --view`: the playground page served on 127.0.0.1 with one more path, /live/events, a
// Server-Sent Events stream of what the stack's LiveRecorder records (everything so far to a page that
// connects, then each burst). The page opened at /#live=1 draws it as it comes.
import { createServer, type Server, type ServerResponse } from "node:http";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { LiveBatch, LiveRecorder } from "../live.js";
import { listenLocal, playgroundDir, serveFile } from "./playground.js";

/** A batch as JSON: frames' bytes in base64. */
function encode(b: LiveBatch): string {
  return JSON.stringify({ ...b, frames: b.frames.map((f) => ({ ms: f.ms, events: f.events, b64: Buffer.from(f.bytes).toString("base64") })) });
}

/** Serves the page and the stream; resolves once it listens. Fails if the page is not built. */
export async function serveLive(rec: LiveRecorder, port: number, dir = playgroundDir()): Promise<Server> {
  if (!existsSync(join(dir, "index.html"))) throw new Error("the playground page is not built: run `npm run build:playground`");
  const pages = new Set<ServerResponse>();
  rec.onBatch = (b) => { if (pages.size) { const m = `data: ${encode(b)}\n\n`; for (const p of pages) p.write(m); } };
  const server = createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://x").pathname !== "/live/events") { serveFile(dir, req, res); return; }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write(`data: ${encode(rec.history())}\n\n`);
    pages.add(res);
    req.on("close", () => pages.delete(res));
  });
  return listenLocal(server, port);
}

// `wasmtcp playground [--port N]`: serves the built playground (dist/playground: the page, its script
// and the core's .wasm) on 127.0.0.1 only, and prints the address. The files are static; any server does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

export const playgroundUsage = "  wasmtcp playground [--port N]                 the playground page on http://127.0.0.1:N/ (default 8080; 0: any free port)";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".map": "application/json", ".png": "image/png", ".svg": "image/svg+xml",
};

/** dist/playground of this package (this file runs from dist/host/node/). */
export function playgroundDir(): string { return fileURLToPath(new URL("../../playground/", import.meta.url)); }

/** Answers a request with the file of `dir` it names (404 outside it or for types a page does not use). */
export function serveFile(dir: string, req: IncomingMessage, res: ServerResponse): void {
  const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const file = normalize(join(dir, path.endsWith("/") ? `${path}index.html` : path));
  if (!file.startsWith(normalize(dir)) || !existsSync(file) || !TYPES[extname(file)]) { res.writeHead(404).end("not found\n"); return; }
  res.writeHead(200, { "content-type": TYPES[extname(file)], "cache-control": "no-cache" }).end(readFileSync(file));
}

/** Listens on 127.0.0.1:`port` only; resolves with the server once it does. */
export function listenLocal(server: Server, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/** Serves `dir` on 127.0.0.1:`port`; resolves with the server once it listens. */
export function servePlayground(port: number, dir = playgroundDir()): Promise<Server> {
  return listenLocal(createServer((req, res) => serveFile(dir, req, res)), port);
}

/** Serves the built page on `port` until SIGINT or SIGTERM. */
export async function playgroundCommand(port: number): Promise<number> {
  if (!existsSync(join(playgroundDir(), "index.html"))) { console.error("wasmtcp playground: the page is not built: run `npm run build:playground`"); return 1; }
  const server = await servePlayground(port);
  const a = server.address();
  console.log(`playground: http://127.0.0.1:${typeof a === "object" && a ? a.port : port}/  (Ctrl-C stops it)`);
  await new Promise<void>((resolve) => { for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, () => { server.close(() => resolve()); server.closeAllConnections(); }); });
  return 0;
}

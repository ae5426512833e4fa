// A relay between pages and a stack in Node. The page (websocket.html) runs its own stack in the browser
// and joins this process's virtual switch through a WebSocket (one Ethernet frame per binary message);
// on the switch, a stack at 10.0.0.1 serves HTTP with Node's http module. Needs the ws package.
//   node examples/websocket-relay.mjs [PORT]      then open the address it prints
import http from "node:http";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { WebSocketServer } from "ws";
import { createStack, VirtualSwitch } from "wasmtcp";

const lan = new VirtualSwitch();
const stack = await createStack({ ip: "10.0.0.1/24", link: lan });
const app = http.createServer((req, res) => res.end(`hello ${req.socket.remoteAddress}, from a stack in Node\n`));
stack.createServer((socket) => app.emit("connection", socket)).listen(80);

// The page and the package's browser entry and .wasm, from the package's own folder.
const pkg = new URL("../", import.meta.url);
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
const web = http.createServer(async (req, res) => {
  const path = req.url === "/" ? "examples/websocket.html" : req.url.slice(1);
  if (!/^(examples\/[\w-]+\.html|dist\/host\/[\w/-]+\.js|build\/[\w-]+\.wasm)$/.test(path)) return res.writeHead(404).end();
  try {
    const body = await readFile(new URL(path, pkg));
    res.writeHead(200, { "content-type": types[extname(path)] }).end(body);
  } catch { res.writeHead(404).end(); }
});

// Every page is one more port on the switch.
let pages = 0;
new WebSocketServer({ server: web }).on("connection", (ws) => {
  const port = { name: `page${++pages}`, receive: (frame) => ws.send(frame) };
  const send = lan.attach(port);
  ws.on("message", (data) => send(new Uint8Array(data)));
  ws.on("close", () => lan.detach(port));
});
web.listen(Number(process.argv[2] ?? 8080), "127.0.0.1", () => console.log(`open http://127.0.0.1:${web.address().port}/`));

// TAP figures for `npm run bench`: curl inside a network namespace fetches /bytes/N from a stack on the
// namespace's TAP device (the Node `wasmtcp tap` server, the posix board with wasm2c or wasm3), and from
// a Linux socket across a veth pair to a second namespace (offloads off, so every segment is a segment).
// All four run the large build's windows where they can: the posix wasm2c binary for it is compiled here.
// Each server answers one GET of the same size first, untimed, so that the figure is that of a server in
// service: JIT-compiled code in Node, and the Node service's SHA-256 of the body (its x-sha256 header,
// computed once per size) already known.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createNetns, netnsUnavailable } from "../tests/node/support/netns.js";

export type TapServer = "node" | "posix-wasm2c" | "posix-wasm3" | "linux-veth";

/** The GET the TAP figures time: 64 MiB, whatever size the other figures use (--mib). */
export const TAP_BYTES = 64 << 20;

/** Why the TAP figures cannot be measured here, or null. */
export function tapUnavailable(root: string): string | null {
  const why = netnsUnavailable();
  if (why) return why;
  if (spawnSync("curl", ["--version"]).status !== 0) return "curl is not installed";
  const r = spawnSync("make", ["-s", "-C", join(root, "boards/posix"), `WASM=${join(root, "build/wasmtcp-large.wasm")}`,
    `OUT=${join(root, "build/bench/posix-large")}`], { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0) return `the posix board does not build: ${(r.stderr || "").trim().split("\n").slice(-1)[0]}`;
  return null;
}

const curlSpeed = async (run: (cmd: string[]) => Promise<string>, url: string) =>
  Number(await run(["curl", "-sS", "-m", "120", "-o", "/dev/null", "-w", "%{speed_download}", url])) / (1 << 20);

/** MiB/s of one GET of `bytes` from `server`, the second of two. */
export async function tapGoodput(root: string, server: TapServer, bytes: number): Promise<number> {
  if (server === "linux-veth") return vethGoodput(bytes);
  const ns = createNetns();
  try {
    const ip = `${ns.stackIp}/${ns.prefix}`;
    const cmd = server === "node"
      ? ["node", join(root, "dist/host/node/cli.js"), "tap", "--dev", ns.dev, "--ip", ip, "--serve", "http:80", "--wasm", "wasmtcp-large.wasm"]
      : [join(root, "build/bench/posix-large", `wasmtcp-${server.slice(6)}`), "--wasm", join(root, "build/wasmtcp-large.wasm"),
        "tap", "--dev", ns.dev, "--ip", ip, "--serve", "http:80", "--for", "300000"];
    await ns.serve(cmd, server === "node" ? /ready/ : / up as /);
    await curlSpeed((c) => ns.run(c), `http://${ns.stackIp}/bytes/${bytes}`);
    return await curlSpeed((c) => ns.run(c), `http://${ns.stackIp}/bytes/${bytes}`);
  } finally {
    ns.destroy();
  }
}

/** Linux to Linux: a Python server sending `bytes` from one buffer (sendall: the kernel's pace) across a
 *  veth pair between two namespaces, with segmentation and receive offloads off where ethtool is present. */
async function vethGoodput(bytes: number): Promise<number> {
  const a = createNetns(), b = createNetns();
  try {
    execFileSync("ip", ["link", "add", "vb0", "netns", a.name, "type", "veth", "peer", "name", "vb1", "netns", b.name]);
    a.exec(["ip", "addr", "add", "10.99.0.1/24", "dev", "vb0"]); a.exec(["ip", "link", "set", "vb0", "up"]);
    b.exec(["ip", "addr", "add", "10.99.0.2/24", "dev", "vb1"]); b.exec(["ip", "link", "set", "vb1", "up"]);
    if (existsSync("/usr/sbin/ethtool") || existsSync("/sbin/ethtool")) {
      for (const [ns, dev] of [[a, "vb0"], [b, "vb1"]] as const) ns.exec(["ethtool", "-K", dev, "tso", "off", "gso", "off", "gro", "off", "tx", "off", "rx", "off"]);
    }
    const server = `
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("10.99.0.2", 80)); s.listen(1)
print("ready", flush=True)
block = memoryview(bytes(range(256)) * 4096)
for _ in range(2):
    c, _ = s.accept(); c.recv(4096)
    n = ${bytes}
    c.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n" % n)
    while n > 0: k = min(n, len(block)); c.sendall(block[:k]); n -= k
    c.close()`;
    await b.serve(["python3", "-c", server], /ready/);
    await curlSpeed((c) => a.run(c), `http://10.99.0.2/bytes/${bytes}`);
    return await curlSpeed((c) => a.run(c), `http://10.99.0.2/bytes/${bytes}`);
  } finally {
    a.destroy();
    b.destroy();
  }
}

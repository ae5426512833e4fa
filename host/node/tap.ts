// `wasmtcp tap`: one stack on an existing TAP device in real time, serving and/or acting as a client;
// with --view, the playground page in live mode draws its segments and states as they happen.
import http from "node:http";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { RealClock } from "../clock.js";
import { NodeStack as Stack } from "./stack.js";
import { TapLink } from "./tap-link.js";
import { UsageError } from "./args.js";
import { SERVICES, pseudoRandomStream } from "./services.js";
import { parseCidr, formatIp } from "../addr.js";
import { State } from "../abi.js";
import type { Server } from "./server.js";
import type { Server as HttpServer } from "node:http";
import { recordStack } from "../live.js";
import { serveLive } from "./live-server.js";

export interface TapOptions {
  /** "A.B.C.D/NN", or "dhcp": a lease from the network's DHCP server (RFC 2131), "dhcp:A.B.C.D" asking
   *  for an earlier lease's address first (INIT-REBOOT, RFC 2131 3.2). */
  dev: string; ip: string; mac?: string; gw?: string; serve?: string; wasm?: string; netem?: string; seed?: number;
  /** The host name (option 12 to the DHCP server; NAME.local for mDNS). */
  name?: string;
  get?: string; out?: string; send?: string; bytes?: number;
  /** DNS servers for names in --get and --send (DHCP's otherwise). */
  dns?: string[];
  /** Serve the live view on 127.0.0.1:viewPort (0: any free port) and run until SIGINT/SIGTERM. */
  view?: boolean; viewPort?: number;
}

const log = (s: string) => process.stdout.write(s + "\n");

export async function tap(o: TapOptions): Promise<number> {
  const dhcp = o.ip === "dhcp" || o.ip.startsWith("dhcp:");
  const { ip, netmask } = dhcp ? { ip: 0, netmask: 0 } : parseCidr(o.ip);
  const services = (o.serve ?? "").split(",").filter(Boolean).map((item) => {
    const [kind, p, ...rest] = item.split(":");
    if (!SERVICES[kind] || !/^\d+$/.test(p ?? "") || Number(p) < 1 || Number(p) > 65535 || rest.length) {
      throw new UsageError(`--serve: expected kind:port with kind one of ${Object.keys(SERVICES).join(", ")}, got "${item}"`);
    }
    return { kind, port: Number(p) };
  });
  // The bridge missing and uncompilable, or the device refusing to open: the reason in one line.
  let link: TapLink;
  try {
    link = new TapLink(o.dev, { netem: o.netem, seed: o.seed });
    await link.ready;
  } catch (e) {
    console.error(`wasmtcp tap: ${(e as Error).message}`);
    return 2;
  }
  const stack = new Stack({
    name: o.view ? "wasmtcp" : o.dev, clock: new RealClock(), mac: o.mac ?? "02:00:00:00:00:42", ip: formatIp(ip), netmask: formatIp(netmask),
    gateway: o.gw, seed: o.seed ?? Date.now(), wasm: o.wasm ?? "wasmtcp-large.wasm",
    dns: o.dns,
  });
  const live = o.view ? recordStack(stack) : null;
  const rec = live?.rec ?? null;
  stack.attach(live ? live.link(link) : link);
  let view: HttpServer | null = null;
  if (rec) {
    try { view = await serveLive(rec, o.viewPort ?? 8080); } catch (e) { console.error(`wasmtcp tap: --view: ${(e as Error).message}`); link.close(); return 2; }
    const a = view.address();
    log(`view: http://127.0.0.1:${typeof a === "object" && a ? a.port : o.viewPort}/#live=1`);
  }
  if (o.name !== undefined && stack.core.setHostname(o.name) < 0) {
    console.error(`wasmtcp tap: --name: "${o.name}" is not a host name (one DNS label: letters, digits, inner hyphens, at most 63)`);
    link.close();
    return 2;
  }
  // SIGUSR1 renews the lease now, as udhcpc's does; addresses that come and go are logged.
  const renew = () => stack.dhcpRenew();
  if (dhcp) {
    process.on("SIGUSR1", renew);
    stack.on("address", (a: string) => {
      const c = stack.core.ipConfig();
      log(a === "0.0.0.0" ? "lease lost" : `lease ${a} netmask ${formatIp(c.netmask)} gateway ${formatIp(c.gateway)} dns ${formatIp(stack.core.e.dns_server(0) >>> 0)}`);
    });
    try { await stack.dhcp({ timeoutMs: 120_000, address: o.ip.startsWith("dhcp:") ? o.ip.slice(5) : undefined }); } catch (e) {
      console.error(`wasmtcp tap: --ip dhcp: ${(e as Error).message}`);
      link.close();
      return 1;
    }
  }
  if (o.name !== undefined) {
    stack.startMdns(); // RFC 6762 8.1: it probes once the interface has an address
    log(`mdns ${o.name}.local`);
  }
  const servers: Server[] = [];
  for (const { kind, port } of services) {
    servers.push(SERVICES[kind](stack, port));
    rec?.note(`serving ${kind} on port ${port}`);
    log(`serving ${kind} on ${stack.address}:${port}`);
  }
  let code = 0;
  if (o.get) code = await httpGet(stack, o.get, o.out);
  else if (o.send) code = await sendBytes(stack, o.send, o.bytes ?? 0);
  // Servers, and the live view (a class may still be looking at a client's run), last until a signal.
  if ((servers.length && !o.get && !o.send) || view) {
    log("ready");
    await new Promise<void>((resolve) => { process.once("SIGINT", resolve); process.once("SIGTERM", resolve); });
    for (const s of servers) s.close();
  }
  if (view) { view.closeAllConnections(); view.close(); }
  await drain(stack);
  if (dhcp) {
    // Shutdown gives the lease back (RFC 2131 4.4.6); a moment for ARP if the server's MAC is not cached.
    process.off("SIGUSR1", renew);
    stack.dhcpRelease();
    await new Promise((r) => setTimeout(r, 300));
  }
  log(`counters ${JSON.stringify(Object.fromEntries(Object.entries(stack.core.stats()).filter(([k, v]) => v && k !== "none")))}`);
  link.close();
  return code;
}

/** Lets open connections finish closing (TIME-WAIT aside), for at most two seconds. */
async function drain(stack: Stack): Promise<void> {
  const busy = () => stack.core.inUse() - stack.core.countState(State.TIME_WAIT);
  for (let i = 0; i < 40 && busy() > 0; i++) await new Promise((r) => setTimeout(r, 50));
}

function httpGet(stack: Stack, url: string, out?: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const req = http.get({ host: u.hostname, port: Number(u.port || 80), path: u.pathname + u.search, headers: { connection: "close" },
      createConnection: () => stack.createConnection(Number(u.port || 80), u.hostname) }, (res) => {
      const h = createHash("sha256");
      const parts: Buffer[] = [];
      let n = 0;
      res.on("data", (d: Buffer) => { n += d.length; h.update(d); if (out) parts.push(d); });
      res.on("end", () => {
        if (out) writeFileSync(out, Buffer.concat(parts));
        log(`status ${res.statusCode}`);
        log(`bytes ${n}`);
        log(`sha256 ${h.digest("hex")}`);
        resolve(res.statusCode === 200 ? 0 : 1);
      });
    });
    req.on("error", (e) => { log(`error ${e.message}`); resolve(1); });
  });
}

function sendBytes(stack: Stack, target: string, bytes: number): Promise<number> {
  const [host, p] = target.split(":");
  return new Promise((resolve) => {
    const sent = createHash("sha256"), got = createHash("sha256");
    let received = 0;
    const sock = stack.createConnection(Number(p), host);
    sock.on("data", (d: Buffer) => { received += d.length; got.update(d); });
    sock.on("error", (e) => { log(`error ${e.message}`); resolve(1); });
    sock.on("close", (hadError: boolean) => {
      if (hadError) return;
      log(`sent ${bytes} sha256 ${sent.digest("hex")}`);
      log(`received ${received} sha256 ${got.digest("hex")}`);
      resolve(0);
    });
    const src = pseudoRandomStream(bytes);
    src.on("data", (d: Buffer) => sent.update(d));
    src.pipe(sock);
  });
}

// Loss profiles over real TAP devices for `npm run bench` (alone: node dist/bench/loss-tap.js [--quick]
// [--rounds N] [--cap S]): curl in a network namespace GETs N bytes from and PUTs N bytes to
//   - the `wasmtcp tap` server (each build) on the namespace's TAP device, tap-bridge impairing its frames;
//   - a Linux server in a second namespace, tap-bridge's relay mode impairing the frames between the two
//     namespaces' TAP devices,
// with the same --netem profile and seed, so the n-th frame each way meets the same fate on both paths.
// Reports goodput, the ratio to Linux to Linux, and the sender's retransmissions: the stack's counters,
// Linux's (nstat's names) from the sender's namespace, made for that transfer alone. Every transfer is
// bounded by curl's -m: one cut short reports what arrived in that time, marked.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createNetns, netnsUnavailable, type Netns } from "../tests/node/support/netns.js";
import { createRelay } from "../tests/node/support/relay.js";
import { linuxTcpCounters } from "./linux-tcp-counters.js";

const MiB = 1 << 20;
const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "dist/host/node/cli.js");
const linuxHttp = join(root, "bench/linux-http.py");

export interface TapLossProfile { spec: string; bytes: number }
export const TAP_LOSS_PROFILES: TapLossProfile[] = [
  { spec: "loss 5% reorder 10% duplicate 1% delay 20ms", bytes: 4 * MiB },
  { spec: "loss 2% delay 50ms", bytes: 4 * MiB },
  { spec: "loss 20% delay 20ms", bytes: 1 * MiB },
];
export const TAP_LOSS_BUILDS = ["wasmtcp.wasm", "wasmtcp-large.wasm"];
/** "linux": Linux to Linux through the relay; otherwise the stack's build. */
export type TapLossPeer = "linux" | string;
export type Direction = "GET" | "PUT";

export interface TapLossRun {
  peer: TapLossPeer; spec: string; dir: Direction; bytes: number;
  /** Bytes the receiver got (all of them unless the transfer hit the time cap) and curl's total time. */
  moved: number; seconds: number; miBs: number; complete: boolean;
  /** The sender's segments sent (retransmissions included) and retransmitted; D-SACKs it received; the stack's own spurious count. */
  segments: number; retransmits: number; dsacks: number; spurious?: number;
  /** The frames the bridge dropped, data and ACK directions together (the relay reports them). */
  lost?: number;
}

/** Why these figures cannot be measured here, or null. */
export function lossTapUnavailable(): string | null {
  const why = netnsUnavailable();
  if (why) return why;
  if (spawnSync("curl", ["--version"]).status !== 0) return "curl is not installed";
  if (spawnSync("python3", ["--version"]).status !== 0) return "python3 is not installed";
  return null;
}

/** A body of `bytes` random bytes for PUT, written once per size. */
export class Bodies {
  private readonly dir = mkdtempSync(join(tmpdir(), "wasmtcp-loss-tap-"));
  private readonly made = new Map<number, { file: string; sha256: string }>();
  get(bytes: number) {
    let b = this.made.get(bytes);
    if (!b) {
      const data = randomBytes(bytes), file = join(this.dir, `${bytes}.bin`);
      writeFileSync(file, data);
      b = { file, sha256: createHash("sha256").update(data).digest("hex") };
      this.made.set(bytes, b);
    }
    return b;
  }
  remove() { rmSync(this.dir, { recursive: true, force: true }); }
}

interface Curl { got: number; sent: number; seconds: number; status: number; body: string; exit: number | null }

/** One curl in `ns`, at most `capS` seconds; its figures whatever its exit (28: the cap). */
function curl(ns: Netns, dir: Direction, base: string, bytes: number, body: string, capS: number): Promise<Curl> {
  const args = dir === "GET" ? ["-o", "/dev/null", `${base}/bytes/${bytes}`] : ["-H", "Expect:", "-T", body, `${base}/sink`];
  const c = ns.spawn(["curl", "-sS", "-m", String(capS), "-w", "\n%{size_download} %{size_upload} %{time_total} %{http_code}", ...args]);
  let out = "";
  c.stdout!.on("data", (d) => (out += d));
  return new Promise((resolve) => c.on("exit", (exit) => {
    const lines = out.trimEnd().split("\n");
    const [got, sent, seconds, status] = lines.pop()!.split(" ").map(Number);
    resolve({ got, sent, seconds, status, body: lines.join("\n"), exit });
  }));
}

const figure = (peer: TapLossPeer, p: TapLossProfile, dir: Direction, moved: number, seconds: number,
  sender: { segments: number; retransmits: number; dsacks: number; spurious?: number }, lost?: number): TapLossRun => ({
  peer, spec: p.spec, dir, bytes: p.bytes, moved, seconds, miBs: moved / MiB / seconds, complete: moved >= p.bytes,
  ...sender, ...(lost !== undefined && { lost }),
});

const linuxSender = (c: Record<string, number>) => ({
  // OutSegs leaves retransmissions out
  segments: c.TcpOutSegs + c.TcpRetransSegs, retransmits: c.TcpRetransSegs, dsacks: c.TcpExtTCPDSACKRecv ?? 0,
});

/** curl against the `wasmtcp tap` server of `build` on the namespace's TAP device, through the bridge's --netem. */
export async function stackRun(build: string, p: TapLossProfile, dir: Direction, seed: number, capS: number, bodies: Bodies): Promise<TapLossRun> {
  const ns = createNetns();
  try {
    const srv = await ns.serve(["node", cli, "tap", "--dev", ns.dev, "--ip", `${ns.stackIp}/24`, "--serve", "http:80",
      "--netem", p.spec, "--seed", String(seed), "--wasm", build], /^ready$/m, 60_000);
    const body = bodies.get(p.bytes);
    const r = await curl(ns, dir, `http://${ns.stackIp}`, p.bytes, body.file, capS);
    const linux = linuxTcpCounters(ns);
    srv.proc.kill("SIGTERM");
    const out = await srv.done;
    const c = JSON.parse(/^counters (\{.*\})$/m.exec(out)![1]) as Record<string, number>;
    if (dir === "PUT" && r.status === 200 && JSON.parse(r.body).sha256 !== body.sha256) throw new Error(`${build} ${p.spec} PUT: the stack received other bytes`);
    const moved = dir === "GET" ? r.got : Math.min(c.tcp_rx_bytes ?? 0, p.bytes); // the request's header aside
    const sender = dir === "GET"
      ? { segments: c.tcp_out ?? 0, retransmits: c.tcp_retransmits ?? 0, dsacks: c.tcp_dsacks_received ?? 0, spurious: c.tcp_spurious_retransmits ?? 0 }
      : linuxSender(linux);
    return figure(build, p, dir, dir === "PUT" && r.status === 200 ? p.bytes : moved, r.seconds, sender);
  } finally {
    ns.destroy();
  }
}

/** curl against a Linux server in a second namespace, through the bridge's relay mode and the same --netem. */
export async function linuxRun(p: TapLossProfile, dir: Direction, seed: number, capS: number, bodies: Bodies): Promise<TapLossRun> {
  const relay = await createRelay(p.spec, seed);
  try {
    const srv = await relay.server.serve(["python3", "-u", linuxHttp, relay.serverIp, "80"], /^ready$/m);
    let said = "";
    srv.proc.stdout!.on("data", (d) => (said += d));
    const body = bodies.get(p.bytes);
    const r = await curl(relay.client, dir, `http://${relay.serverIp}`, p.bytes, body.file, capS);
    const counters = linuxTcpCounters(dir === "GET" ? relay.server : relay.client);
    if (dir === "PUT" && r.status === 200 && JSON.parse(r.body).sha256 !== body.sha256) throw new Error(`Linux ${p.spec} PUT: other bytes arrived`);
    // A PUT cut short: what the server read (it says so also when the client gave up).
    for (let i = 0; i < 50 && dir === "PUT" && !/^received \d+$/m.test(said); i++) await new Promise((w) => setTimeout(w, 100));
    const moved = dir === "GET" ? r.got : Number(/^received (\d+)$/m.exec(said)?.[1] ?? 0);
    const impaired = await relay.stop();
    return figure("linux", p, dir, moved, r.seconds, linuxSender(counters), impaired.toServer.lost + impaired.toClient.lost);
  } finally {
    relay.destroy();
  }
}

export interface TapLossOptions { rounds: number; capS: number; seed: number; scale: number; log?: (s: string) => void }

const run = (peer: TapLossPeer, p: TapLossProfile, dir: Direction, o: TapLossOptions, bodies: Bodies) =>
  peer === "linux" ? linuxRun(p, dir, o.seed, o.capS, bodies) : stackRun(peer, p, dir, o.seed, o.capS, bodies);

/** Every profile, direction and peer once per round; the peers' order rotates each round (the load drifts). */
export async function lossTapFigures(o: TapLossOptions): Promise<TapLossRun[]> {
  const bodies = new Bodies();
  const runs: TapLossRun[] = [];
  try {
    const peers: TapLossPeer[] = ["linux", ...TAP_LOSS_BUILDS];
    for (let r = 0; r < o.rounds; r++) {
      for (const p0 of TAP_LOSS_PROFILES) {
        const p = { ...p0, bytes: Math.max(64 * 1024, Math.round(p0.bytes * o.scale)) };
        for (const dir of ["GET", "PUT"] as const) {
          for (let i = 0; i < peers.length; i++) {
            const peer = peers[(i + r) % peers.length];
            o.log?.(`loss over TAP, round ${r + 1}/${o.rounds}: ${p.spec} ${dir} ${peer}`);
            let f = await run(peer, p, dir, o, bodies);
            // No connection at all before the cap (the impairment took every ARP exchange or SYN curl tried,
            // and curl gave up after seconds): no goodput figure, so at most twice more from a fresh start.
            for (let again = 0; again < 2 && f.moved === 0 && f.seconds < o.capS - 1; again++) {
              o.log?.(`  no connection within ${f.seconds.toFixed(1)} s, again`);
              f = await run(peer, p, dir, o, bodies);
            }
            o.log?.(`  ${f.miBs.toFixed(3)} MiB/s${f.complete ? "" : ` (cut short: ${f.moved} of ${f.bytes} bytes)`}, ${f.retransmits} of ${f.segments} retransmitted`);
            runs.push(f);
          }
        }
      }
    }
  } finally {
    bodies.remove();
  }
  return runs;
}

const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const spread = (v: number[], d: number) => v.length > 1 ? `${median(v).toFixed(d)} [${Math.min(...v).toFixed(d)}-${Math.max(...v).toFixed(d)}]` : v[0].toFixed(d);

const count = (v: number[]) => Math.round(median(v));

/** Medians over the rounds for one profile, direction and peer. */
export function summarise(runs: TapLossRun[], peer: TapLossPeer, spec: string, dir: Direction) {
  const r = runs.filter((x) => x.peer === peer && x.spec === spec && x.dir === dir);
  return {
    miBs: median(r.map((x) => x.miBs)), miBsText: spread(r.map((x) => x.miBs), 3) + (r.every((x) => x.complete) ? "" : "*"),
    retransmits: count(r.map((x) => x.retransmits)), segments: count(r.map((x) => x.segments)),
    dsacks: count(r.map((x) => x.dsacks)), spurious: r[0].spurious === undefined ? undefined : count(r.map((x) => x.spurious!)),
  };
}

/** One row per build, profile and direction: the stack, Linux to Linux, the ratio, the senders' retransmissions. */
export function lossTapTable(runs: TapLossRun[]): string[] {
  const rows = ["| build | profile | MiB | dir | wasmtcp MiB/s | Linux to Linux MiB/s | ratio | wasmtcp path, the sender's rexmt of segments | Linux to Linux, the sender's rexmt of segments |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"];
  for (const build of TAP_LOSS_BUILDS) {
    for (const p of TAP_LOSS_PROFILES) {
      for (const dir of ["GET", "PUT"] as const) {
        const spec = p.spec, s = summarise(runs, build, spec, dir), l = summarise(runs, "linux", spec, dir);
        const bytes = runs.find((x) => x.spec === spec)?.bytes ?? p.bytes;
        // GET: the stack sends, its counters; PUT: Linux sends to the stack, the kernel's counters in its namespace.
        const sCell = `${s.retransmits} of ${s.segments}` + (s.spurious === undefined ? `, ${s.dsacks} D-SACKs` : `, ${s.spurious} spurious`);
        rows.push(`| ${build === "wasmtcp.wasm" ? "default" : "large"} | ${spec} | ${+(bytes / MiB).toFixed(2)} | ${dir} | ${s.miBsText} | ${l.miBsText} | ${(s.miBs / l.miBs).toFixed(2)} | ${sCell} | ${l.retransmits} of ${l.segments}, ${l.dsacks} D-SACKs |`);
      }
    }
  }
  return rows;
}

export function lossTapIntro(o: TapLossOptions): string[] {
  return [
    `Loss profiles over TAP devices in network namespaces (real time; alone: node dist/bench/loss-tap.js): curl GETs from and PUTs to`,
    `the \`wasmtcp tap\` server through tap-bridge's --netem, and a Linux server in a second namespace through the bridge's relay mode`,
    `with the same profile and seed (${o.seed}); medians [min-max] of ${o.rounds} round${o.rounds > 1 ? "s" : ""}, each transfer capped at ${o.capS} s (* some were cut short:`,
    `MiB/s of what arrived by then). The sender's retransmissions: on the wasmtcp path for GET the stack's counters`,
    `(spurious: shown so by the timestamp echo or D-SACK), for PUT and on the Linux path the kernel's in the sender's`,
    `namespace (TcpRetransSegs of TcpOutSegs + TcpRetransSegs; D-SACKs: TcpExtTCPDSACKRecv).`,
  ];
}

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const why = lossTapUnavailable();
  if (why) { console.log(`loss profiles over TAP skipped: ${why}`); process.exit(0); }
  const quick = process.argv.includes("--quick");
  const o: TapLossOptions = { rounds: arg("rounds", 1), capS: arg("cap", quick ? 20 : 90), seed: arg("seed", 1), scale: quick ? 1 / 16 : 1,
    log: (s) => process.stderr.write(s + "\n") };
  const runs = await lossTapFigures(o);
  const md = [...lossTapIntro(o), "", ...lossTapTable(runs)];
  const out = (f: string) => new URL(`./${f}`, import.meta.url).pathname.replace("/dist/bench/", "/bench/");
  writeFileSync(out("loss-tap-results.json"), JSON.stringify({ date: new Date().toISOString(), ...o, log: undefined, runs }, null, 2) + "\n");
  writeFileSync(out("loss-tap-results.md"), md.join("\n") + "\n");
  console.log(md.join("\n"));
}

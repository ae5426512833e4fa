// Loss profiles for `npm run bench` (alone: node dist/bench/loss.js): two stacks on the in-process virtual
// link, impaired as the TAP bridge's --netem impairs frames (netem's meaning: loss, duplicate, and a
// reordered frame sent at once past those waiting out the delay), in virtual time, so every figure is
// exact and repeatable: goodput in MiB per virtual second, for a PUT (client to server) and a GET
// (server to client), both builds, with the sender's retransmissions and how many were found spurious.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Pair, transfer, type Faults } from "../tests/node/support/pair.js";

const MiB = 1 << 20;

export interface LossProfile { spec: string; bytes: number }
export const LOSS_PROFILES: LossProfile[] = [
  { spec: "delay 20ms", bytes: 4 * MiB },
  { spec: "loss 5% reorder 10% duplicate 1% delay 20ms", bytes: 4 * MiB },
  { spec: "reorder 10% delay 20ms", bytes: 4 * MiB },
  { spec: "delay 50ms", bytes: 4 * MiB },
  { spec: "loss 2% delay 50ms", bytes: 4 * MiB },
  { spec: "loss 20% delay 20ms", bytes: 1 * MiB },
];

/** netem's words as the TAP bridge reads them: "loss 5% reorder 10% duplicate 1% delay 20ms". */
export function parseNetem(spec: string, seed: number): Faults {
  const w = spec.split(/\s+/);
  const f: Faults = { seed, netem: true, delayMs: 0 };
  for (let i = 0; i + 1 < w.length; i += 2) {
    const v = parseFloat(w[i + 1]);
    if (w[i] === "loss") f.loss = v / 100;
    else if (w[i] === "reorder") f.reorder = v / 100;
    else if (w[i] === "duplicate") f.duplicate = v / 100;
    else if (w[i] === "delay") f.delayMs = v;
    else throw new Error(`netem: unknown ${w[i]}`);
  }
  return f;
}

export interface LossFigure { build: string; spec: string; dir: "PUT" | "GET"; mib: number; virtualMs: number; miBs: number; segments: number; retransmits: number; spurious: number; undos: number; rtos: number }

/** One transfer of `bytes` through the profile: PUT sends from the connecting side, GET from the listener. */
export function lossRun(build: string, p: LossProfile, dir: "PUT" | "GET", seed = 1): LossFigure {
  const pair = new Pair(parseNetem(p.spec, seed), build);
  const [up, down] = transfer(pair, dir === "PUT" ? p.bytes : 0, dir === "GET" ? p.bytes : 0);
  const r = dir === "PUT" ? up : down;
  if (r.receivedHash !== r.sentHash) throw new Error(`${build} ${p.spec} ${dir}: corrupted transfer`);
  const sender = dir === "PUT" ? pair.a : pair.b;
  const s = dir === "PUT" ? pair.statsA() : pair.statsB();
  return {
    build, spec: p.spec, dir, mib: p.bytes / MiB, virtualMs: r.virtualMs, miBs: p.bytes / MiB / (r.virtualMs / 1000),
    segments: pair.dataSegments.get(sender) ?? 0, retransmits: s.tcp_retransmits, spurious: s.tcp_spurious_retransmits,
    undos: s.tcp_undos, rtos: s.tcp_rto_timeouts,
  };
}

export function lossFigures(): LossFigure[] {
  const out: LossFigure[] = [];
  for (const build of ["wasmtcp.wasm", "wasmtcp-large.wasm"]) {
    for (const p of LOSS_PROFILES) for (const dir of ["PUT", "GET"] as const) out.push(lossRun(build, p, dir));
  }
  return out;
}

/** The table: one row per build and profile, PUT and GET side by side, each against the clean link of the same delay. */
export function lossTable(figs: LossFigure[]): string[] {
  const clean = (f: LossFigure) => figs.find((x) => x.build === f.build && x.dir === f.dir && x.spec === `delay ${f.spec.match(/delay (\d+ms)/)![1]}`)!;
  const cell = (f: LossFigure) => {
    const c = clean(f);
    const vs = c === f ? "" : ` (${(f.miBs / c.miBs).toFixed(2)} of clean)`;
    return `${f.miBs.toFixed(3)}${vs}; ${f.retransmits} rexmt of ${f.segments} (${(100 * f.retransmits / f.segments).toFixed(2)}%), ${f.spurious} spurious`;
  };
  const rows = ["| build | profile | MiB | PUT: MiB/s; retransmissions | GET: MiB/s; retransmissions |", "| --- | --- | --- | --- | --- |"];
  for (const f of figs.filter((x) => x.dir === "PUT")) {
    const g = figs.find((x) => x.build === f.build && x.spec === f.spec && x.dir === "GET")!;
    rows.push(`| ${f.build === "wasmtcp.wasm" ? "default" : "large"} | ${f.spec} | ${f.mib} | ${cell(f)} | ${cell(g)} |`);
  }
  return rows;
}

export const LOSS_INTRO = [
  "Loss profiles on the in-process virtual link, netem's impairment in both directions (seed 1; alone: node",
  "dist/bench/loss.js), in virtual time: MiB per virtual second (ratio to the clean link of the same delay), and the",
  "sender's retransmissions of its data segments, with how many its peer's timestamp echo or D-SACK showed spurious.",
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figs = lossFigures();
  const md = [...LOSS_INTRO, "", ...lossTable(figs)];
  writeFileSync(new URL("../../bench/loss-results.md", import.meta.url), md.join("\n") + "\n");
  console.log(md.join("\n"));
}

// The attacker lane: a raw port that, at the virtual times the user chose, forges segments against one
// side: a SYN from an address nobody answers for (one step of a SYN flood), or a blind RST into that
// side's newest connection, its sequence number at RCV.NXT, inside the window or outside it. RFC 5961 3.2
// says what each RST earns: a reset, a challenge ACK, or nothing. The lane appears with the first attack.
import type { ScenarioContext, RawPort } from "../../host/scenarios/context.js";
import { Opt } from "../../host/abi.js";
import { PORT } from "../../host/scenarios/common.js";

export const ATTACKS = ["syn", "rst-exact", "rst-window", "rst-outside"] as const;
export type AttackKind = (typeof ATTACKS)[number];
export interface Attack { t: number; /** Events shown when it was chosen. */ at: number; target: string; kind: AttackKind }

/** The address the forged SYNs come from: no party's (so the SYN-ACKs go to the attacker's lane). */
export const SPOOFED_IP = "10.0.0.99";
/** How long a run goes on after its last attack: a SYN-ACK's retries (1+2+4+8+16 s) and then some. */
export const ATTACK_TAIL_MS = 70_000;
const SYNCHRONIZED = ["ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK"];

/** Arms `attacks` on the run's clock; the returned function, called after the scenario's script, lets
 *  the run go on until the last attack's consequences have played out. */
export function armAttacks(ctx: ScenarioContext, attacks: Attack[]): () => Promise<void> {
  let lane: RawPort | null = null;
  let name = "";
  let forged = 0;
  const port = () => {
    if (!lane) {
      name = ctx.parties.some((p) => p.name === "attacker") ? "intruder" : "attacker";
      lane = ctx.addRaw(name, [SPOOFED_IP]);
      const order = ctx.columnOrder();
      if (!order.includes(name)) ctx.columns([...order, name]);
    }
    return lane;
  };
  const fire = (a: Attack) => {
    const p = port();
    const target = ctx.parties.find((x) => x.name === a.target && x.kind === "stack");
    if (!target) { ctx.app(name, `no stack named ${a.target} to attack`); return; }
    const k = forged++;
    if (a.kind === "syn") {
      const listen = [...ctx.events].reverse().find((e) => e.kind === "app" && e.party === a.target && /^listen\(\d+/.test(e.text));
      const dport = listen?.kind === "app" ? Number(/^listen\((\d+)/.exec(listen.text)![1]) : PORT;
      ctx.app(name, `SYN forged from ${SPOOFED_IP}`);
      ctx.inject(p, { from: { ip: SPOOFED_IP, port: 50000 + k }, to: { ip: target.ip, port: dport }, seq: 0x10000 * (k + 1), flags: "S", options: [{ kind: "mss", value: 1460 }] });
      return;
    }
    // The target's newest synchronized connection; its RCV.NXT and RCV.WND as its core reports them.
    const latest = new Map<number, { state: string; local?: string; remote?: string }>();
    for (const e of ctx.events) if (e.kind === "state" && e.party === a.target) latest.set(e.handle, { state: e.to, local: e.local ?? latest.get(e.handle)?.local, remote: e.remote ?? latest.get(e.handle)?.remote });
    const conn = [...latest].reverse().find(([, c]) => SYNCHRONIZED.includes(c.state) && c.local && c.remote);
    const stack = ctx.sim.stacks.find((s) => s.name === a.target);
    if (!conn || !stack) { ctx.app(name, `blind RST: ${a.target} has no connection to reset`); return; }
    const [h, c] = conn;
    const rcvNxt = stack.core.getopt(h, Opt.RCV_NXT) >>> 0, rcvWnd = Math.max(2, stack.core.getopt(h, Opt.RCV_WND));
    const seq = a.kind === "rst-exact" ? rcvNxt : a.kind === "rst-window" ? rcvNxt + (rcvWnd >> 1) : rcvNxt + rcvWnd + 100_000;
    const [lip, lport] = c.local!.split(":"), [rip, rport] = c.remote!.split(":");
    ctx.app(name, a.kind === "rst-exact" ? "blind RST at RCV.NXT (a lucky guess)" : a.kind === "rst-window" ? "blind RST inside the window" : "blind RST outside the window");
    ctx.inject(p, { from: { ip: rip, port: Number(rport) }, to: { ip: lip, port: Number(lport) }, seq: seq >>> 0, flags: "R" });
  };
  for (const a of [...attacks].sort((x, y) => x.t - y.t)) ctx.sim.clock.at(a.t, () => fire(a));
  return async () => {
    if (!attacks.length) return;
    const last = Math.max(...attacks.map((a) => a.t));
    if (ctx.now < last) await ctx.wait(last - ctx.now);
    await ctx.sim.run({ maxMs: ATTACK_TAIL_MS });
  };
}

// What stops blind attackers: unpredictable initial sequence numbers (RFC 6528), and challenge ACKs for
// resets and SYNs that are in the window but not exactly where expected (RFC 5961).
import { State } from "../abi.js";
import type { Scenario, SegmentEvent } from "./types.js";
import type { ScenarioContext } from "./context.js";
import { pair, CLIENT_IP, SERVER_IP, PORT } from "./common.js";

/** The first SYN the client sent from `port` after `after` ms. */
function synFrom(ctx: ScenarioContext, port: number, after: number): SegmentEvent | undefined {
  return ctx.events.find((e): e is SegmentEvent => e.kind === "segment" && e.from === "client" && e.flags === "S" && e.src.endsWith(`:${port}`) && e.t >= after);
}

export const isn: Scenario = {
  name: "isn",
  title: "Initial sequence numbers: why they do not start at 0",
  absolute: true,
  explanation: "The sequence numbers here are absolute, as sent (Wireshark shows them relative, from 0). RFC 6528 makes " +
    "each ISN M + F(addresses, ports, secret): M a clock ticking every 4 us, F a keyed hash (SipHash, keyed from the seed " +
    "given at init), so connections from different ports start at unrelated numbers, while the same 4-tuple 1 s later " +
    "starts exactly 250,000 higher, past anything the previous incarnation sent. Starting at 0, or at numbers anyone " +
    "can predict, would let an off-path attacker forge segments of a connection it cannot see (the 1985 Morris and 1994 " +
    "Mitnick attacks), and let old segments of an earlier connection fall into a new one's window.",
  async run(ctx) {
    const { client, server } = pair(ctx);
    ctx.listen(server, PORT);
    const ports = [40000, 40001, 40002];
    const handles: number[] = [];
    for (const p of ports) {
      const h = ctx.connect(client, SERVER_IP, PORT, p);
      await ctx.untilState(client, h, State.ESTABLISHED);
      handles.push(h);
    }
    for (const h of handles) ctx.abort(client, h);
    await ctx.wait(1000 - ctx.now); // the first connect() was at 0
    const again = ctx.connect(client, SERVER_IP, PORT, 40000);
    await ctx.untilState(client, again, State.ESTABLISHED);
    for (const p of ports) ctx.fact(`client ISN from port ${p}`, synFrom(ctx, p, 0)!.seq);
    const [first, second] = [synFrom(ctx, 40000, 0)!, synFrom(ctx, 40000, 1)!];
    ctx.fact("port 40000 again, 1 s later: ISN grew by", (second.seq - first.seq) >>> 0);
    ctx.abort(client, again);
    await ctx.settle();
  },
};

export const rstAttack: Scenario = {
  name: "rst-attack",
  title: "Blind RST and SYN injection: challenge ACKs (RFC 5961)",
  explanation: "An attacker who cannot see the connection forges segments from the client's address and port. Before RFC " +
    "5961 any RST inside the receive window reset the connection, so a blind attacker needed only about 2^32 / window " +
    "guesses; now only a RST at exactly RCV.NXT resets, one anywhere else in the window gets a challenge ACK (which goes " +
    "to the real client, who would answer with a RST of its own if the connection were really gone), and one outside " +
    "the window is dropped silently. A SYN on an established connection also gets a challenge ACK instead of a reset " +
    "(RFC 5961 4.2); only the last forgery, which guessed the exact sequence number, resets the connection. The forged " +
    "SYN carries a timestamp option: with timestamps on, a segment without one is dropped before these checks (RFC 7323 " +
    "3.2), while a RST needs none.",
  async run(ctx) {
    const { client, server } = pair(ctx);
    const attacker = ctx.addRaw("attacker");
    const l = ctx.listen(server, PORT);
    const c = ctx.connect(client, SERVER_IP, PORT, 40000);
    const s = await ctx.acceptWhenReady(server, l);
    await ctx.untilState(client, c, State.ESTABLISHED);
    const syn = synFrom(ctx, 40000, 0)!;
    const rcvNxt = (syn.seq + 1) >>> 0; // the client has sent no data yet
    // A TSval ahead of the client's clock passes PAWS (RFC 7323 5.3).
    const tsval = (Number(/TS val (\d+)/.exec(syn.options)?.[1] ?? 0) + 1_000_000) >>> 0;
    const from = { ip: CLIENT_IP, port: 40000 }, to = { ip: SERVER_IP, port: PORT };
    const forge = async (note: string, seq: number, flags: string) => {
      await ctx.wait(200);
      ctx.app("attacker", note);
      ctx.inject(attacker, { from, to, seq: seq >>> 0, flags, options: flags === "S" ? [{ kind: "TS", val: tsval, ecr: 0 }] : undefined });
    };
    await forge("RST in the window, not at RCV.NXT", rcvNxt + 1000, "R");
    await forge("RST outside the window", rcvNxt + 100_000, "R");
    await forge("SYN on the established connection", rcvNxt + 2000, "S");
    await forge("RST exactly at RCV.NXT", rcvNxt, "R");
    await ctx.untilState(server, s, State.CLOSED);
    ctx.fact("server error", ctx.error(server, s));
    await ctx.settle(5000);
  },
};

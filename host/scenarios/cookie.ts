// SYN cookies taken apart: the syn-flood scenario again, with the client's ACK decoded on the ladder
// as the server decodes it (assembly/tcp/syncookie.ts; the keys come from the server's seed, which a
// scenario knows, so the hashes can be shown).
import { State } from "../abi.js";
import { parseIp } from "../addr.js";
import type { Scenario } from "./types.js";
import type { SegmentEvent } from "./types.js";
import { CLIENT_IP, SERVER_IP, PORT } from "./common.js";

const SERVER_SEED = 22n;
const M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & M64;

/** SplitMix64 and SipHash-2-4 of two words, as assembly/tcp/isn.ts computes them. */
function splitmix(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & M64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}
function siphash(k0: bigint, k1: bigint, m0: bigint, m1: bigint): bigint {
  let v0 = k0 ^ 0x736f6d6570736575n, v1 = k1 ^ 0x646f72616e646f6dn, v2 = k0 ^ 0x6c7967656e657261n, v3 = k1 ^ 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & M64; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M64; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M64; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M64; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  for (const m of [m0, m1, 16n << 56n]) { v3 ^= m; round(); round(); v0 ^= m; }
  v2 ^= 0xffn;
  for (let i = 0; i < 4; i++) round();
  return v0 ^ v1 ^ v2 ^ v3;
}

/** The fields of a cookie, recovered as the server recovers them. */
export function decodeCookie(seed: bigint, serverIp: number, clientIp: number, lport: number, rport: number, clientIsn: number, cookie: number, nowMs: number) {
  let k = seed;
  for (let i = 0; i < 5; i++) k = splitmix(k); // the ISN and port keys come first
  const k0 = k, k1 = splitmix(k0);
  const tuple = (BigInt(serverIp) << 32n) | BigInt(clientIp), ports = BigInt((lport << 16) | rport);
  const h = (w: bigint) => Number(siphash(k0, k1, tuple, (w << 32n) | ports) & 0xffffffffn);
  const h1 = h(0xffffffffn);
  const v = (cookie - h1 - clientIsn) >>> 0;
  const counter = nowMs >>> 16;
  const age = (counter - (v >>> 24)) & 0xff;
  const h2 = h(BigInt((counter - age) & 0xffff));
  const mssIndex = (v - h2) & 0xffffff;
  return { h1, h2, counter: counter - age, age, mssIndex, mss: [536, 1300, 1440, 1460][mssIndex] ?? 0 };
}

const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

export const synCookies: Scenario = {
  name: "syn-cookies",
  title: "SYN cookies: the server keeps no state, the client's ACK brings it back",
  explanation: "Two forged SYNs fill the listener's half-open slots, so the server answers the real client's SYN " +
    "without remembering it: the sequence number of its SYN-ACK is cookie = H1 + client ISN + (counter << 24) + " +
    "((H2 + MSS index) mod 2^24), where H1 and H2 are SipHash values of the addresses and ports under a key from the " +
    "server's seed (H2 also of the counter, which advances every 65.5 s). The client's ACK acknowledges cookie + 1. " +
    "The server subtracts H1 and the client's ISN (SEG.SEQ - 1), reads the counter from the top 8 bits (this window or " +
    "the previous one), subtracts H2 and must find a valid MSS index in the low 24 bits; a forged ACK passes once in " +
    "four million tries. The connection is rebuilt from the ACK alone; with timestamps, as here, the low 6 bits of the " +
    "SYN-ACK's TSval also carry the client's window scale and SACK-permitted, and the ACK's TSecr brings them back.",
  async run(ctx) {
    const client = ctx.addStack("client", CLIENT_IP), server = ctx.addStack("server", SERVER_IP, { seed: Number(SERVER_SEED) });
    const forged = ["10.0.0.66", "10.0.0.67"];
    // The attacker owns none of the addresses it writes: the SYN-ACKs go to them, and nobody answers.
    const attacker = ctx.addRaw("attacker");
    ctx.addUnanswered("forged sources", forged);
    ctx.columns(["client", "server", "forged sources", "attacker"]);
    const l = ctx.listen(server, PORT);
    await ctx.wait(10);
    ctx.app("attacker", `SYNs with forged sources ${forged.join(", ")}`);
    forged.forEach((ip, i) => ctx.inject(attacker, { from: { ip, port: 1000 + i }, to: { ip: SERVER_IP, port: PORT }, seq: 7000 * (i + 1), flags: "S", options: [{ kind: "mss", value: 1460 }] }));
    await ctx.wait(500);
    const c = ctx.connect(client, SERVER_IP, PORT);
    await ctx.untilState(client, c, State.ESTABLISHED, 10_000);
    const h = await ctx.acceptWhenReady(server, l, 10_000);
    const ack = ctx.events.find((e): e is SegmentEvent => e.kind === "segment" && e.from === "client" && e.to === "server" && e.flags === ".")!;
    const [, rport] = ack.src.split(":").map(Number);
    const cookie = (ack.ack - 1) >>> 0, isn = (ack.seq - 1) >>> 0;
    const d = decodeCookie(SERVER_SEED, parseIp(SERVER_IP), parseIp(CLIENT_IP), PORT, rport, isn, cookie, ack.arrive ?? ack.t);
    ctx.app("server", `ACK ${hex(ack.ack)} - 1 = cookie ${hex(cookie)}; minus H1 ${hex(d.h1)} and client ISN ${hex(isn)}`);
    ctx.app("server", `counter ${d.counter} (top 8 bits ${d.counter & 0xff}, age ${d.age}); low 24 bits - H2 = MSS index ${d.mssIndex}: MSS ${d.mss}`);
    ctx.fact("cookie", hex(cookie));
    ctx.fact("time counter", d.counter);
    ctx.fact("MSS index", d.mssIndex);
    ctx.fact("MSS from the cookie", d.mss);
    ctx.fact("client connected after (s)", ack.t / 1000);
    ctx.fact("accepted", h >= 0);
    await ctx.settle();
  },
};

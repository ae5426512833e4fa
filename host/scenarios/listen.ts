// The listen queues: a full accept queue, and half-open slots taken by forged SYNs.
import { State } from "../abi.js";
import type { Scenario } from "./types.js";
import { pair, SERVER_IP, PORT } from "./common.js";

export const backlogFull: Scenario = {
  name: "backlog-full",
  title: "The accept queue is full",
  explanation: "The server listens with a backlog of 1 and its application is slow to call accept(). The first " +
    "connection completes and waits in the accept queue; the second client's SYN finds the queue full and is dropped " +
    "silently, without a RST, because a full queue is a temporary condition: the client's SYN retransmissions (1 s, then " +
    "2 s later) are the retry. Once the application accepts the first connection, the next SYN gets its SYN-ACK.",
  async run(ctx) {
    const { client, server } = pair(ctx);
    const l = ctx.listen(server, PORT, 1);
    const c1 = ctx.connect(client, SERVER_IP, PORT);
    await ctx.untilState(client, c1, State.ESTABLISHED);
    await ctx.wait(100);
    const c2 = ctx.connect(client, SERVER_IP, PORT);
    await ctx.wait(2400);
    ctx.accept(server, l);
    await ctx.untilState(client, c2, State.ESTABLISHED);
    await ctx.acceptWhenReady(server, l);
    await ctx.settle();
  },
};

export const synFlood: Scenario = {
  name: "syn-flood",
  title: "SYN flood: forged SYNs fill the half-open slots, a SYN cookie lets the client in",
  explanation: "The attacker sends two SYNs from forged addresses; the server keeps a half-open connection for each, " +
    "which fills this build's 2 half-open slots per listener, and resends its SYN-ACKs for about a minute to addresses " +
    "that never answer. Without a defence the real client's SYNs would all be dropped for those 63 s. With the queue full, " +
    "the server answers the client statelessly: the sequence number of its SYN-ACK is a SYN cookie (RFC 4987 3.6), a keyed " +
    "hash of addresses, ports and time with the MSS folded in (and, since the client's SYN carried timestamps, its window " +
    "scale and SACK-permitted folded into the low bits of the SYN-ACK's timestamp, which the client echoes). The client's " +
    "ACK returns the cookie plus one, the server checks it and rebuilds the connection from it, and the client is in at once.",
  async run(ctx) {
    const { client, server } = pair(ctx);
    const forged = ["10.0.0.66", "10.0.0.67"];
    // The attacker owns none of the addresses it writes: the SYN-ACKs go to them, and nobody answers.
    const attacker = ctx.addRaw("attacker");
    ctx.addUnanswered("forged sources", forged);
    ctx.columns(["client", "server", "forged sources", "attacker"]);
    ctx.listen(server, PORT);
    await ctx.wait(10);
    ctx.app("attacker", `SYNs with forged sources ${forged.join(", ")}`);
    forged.forEach((ip, i) => ctx.inject(attacker, { from: { ip, port: 1000 + i }, to: { ip: SERVER_IP, port: PORT }, seq: 7000 * (i + 1), flags: "S", options: [{ kind: "mss", value: 1460 }] }));
    await ctx.wait(500);
    const c = ctx.connect(client, SERVER_IP, PORT);
    await ctx.untilState(client, c, State.ESTABLISHED, 200_000);
    ctx.fact("client connected after (s)", ctx.now / 1000);
    await ctx.settle();
  },
};

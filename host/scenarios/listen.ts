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
  title: "SYN flood: forged SYNs fill the half-open slots",
  explanation: "The attacker sends two SYNs from forged addresses. The server answers each with a SYN-ACK and keeps a " +
    "half-open connection for it, and this build allows only 2 half-open connections per listener. No final ACK ever " +
    "comes, so the slots stay taken while the server resends its SYN-ACKs for about a minute; meanwhile every SYN of the " +
    "real client is dropped. Two packets kept the client out for 63 s; a real attack keeps sending. Defences include " +
    "SYN cookies (RFC 4987), which keep no state until the final ACK arrives.",
  async run(ctx) {
    const { client, server } = pair(ctx);
    const forged = ["10.0.0.66", "10.0.0.67"];
    const attacker = ctx.addRaw("attacker", forged);
    ctx.columns(["client", "server", "attacker"]);
    ctx.listen(server, PORT);
    await ctx.wait(10);
    forged.forEach((ip, i) => ctx.inject(attacker, { from: { ip, port: 1000 + i }, to: { ip: SERVER_IP, port: PORT }, seq: 7000 * (i + 1), flags: "S", options: [{ kind: "mss", value: 1460 }] }));
    await ctx.wait(500);
    const c = ctx.connect(client, SERVER_IP, PORT);
    await ctx.untilState(client, c, State.ESTABLISHED, 200_000);
    ctx.fact("client connected after (s)", ctx.now / 1000);
    await ctx.settle();
  },
};

// Resets: a SYN to a port nobody listens on, and an old duplicate SYN rejected by the client's RST.
import { State } from "../abi.js";
import type { Scenario } from "./types.js";
import { pair, CLIENT_IP, SERVER_IP, PORT } from "./common.js";

export const rstClosedPort: Scenario = {
  name: "rst-closed-port",
  title: "Connecting to a port nobody listens on",
  explanation: "No socket matches the SYN, so the server's TCP answers as RFC 9293 prescribes for a segment arriving at " +
    "a CLOSED port: a RST. The SYN had no ACK, so the RST carries sequence number 0 and acknowledges the SYN (ack 1), " +
    "which lets the client accept it as a reply to its own SYN rather than a forgery. The client's connect() fails at " +
    "once with ECONNREFUSED instead of retrying.",
  async run(ctx) {
    const { client } = pair(ctx);
    const c = ctx.connect(client, SERVER_IP, 81);
    await ctx.untilState(client, c, State.CLOSED);
    ctx.fact("client error", ctx.error(client, c));
    await ctx.settle();
  },
};

export const oldDuplicateSyn: Scenario = {
  name: "old-duplicate-syn",
  title: "An old duplicate SYN: why the handshake needs three segments",
  absolute: true,
  explanation: "The client's SYN is delayed in the network, and a SYN of an earlier connection between the same ports " +
    "(an old duplicate, with an old ISN) reaches the server first. The server cannot tell it is old and answers with a " +
    "SYN-ACK acknowledging the old ISN. Only the client can tell: that is not its ISN, so it answers with a RST, and the " +
    "server drops the half-open connection. Then the real SYN arrives and the handshake completes. With a two-way " +
    "handshake the server would have opened a connection nobody asked for (RFC 9293 3.5, Figure 9).",
  async run(ctx) {
    const { client, server } = pair(ctx);
    const net = ctx.addRaw("network");
    const l = ctx.listen(server, PORT);
    ctx.sim.faults("client", "server", { delayMs: 500 });
    const c = ctx.connect(client, SERVER_IP, PORT, 40000);
    ctx.sim.faults("client", "server", {});
    await ctx.wait(100);
    ctx.app("network", "old duplicate SYN");
    ctx.inject(net, { from: { ip: CLIENT_IP, port: 40000 }, to: { ip: SERVER_IP, port: PORT }, seq: 90_000, flags: "S", options: [{ kind: "mss", value: 1460 }] });
    const s = await ctx.acceptWhenReady(server, l);
    await ctx.untilState(client, c, State.ESTABLISHED);
    ctx.fact("server accepted a connection from port", server.core.remotePort(s));
    await ctx.settle();
  },
};

// Closes the four-segment picture leaves out: a FIN that carries the ACK of ours (FIN_WAIT_1 straight to
// TIME_WAIT), and an orphaned FIN_WAIT_2 whose peer never closes.
import { State } from "../abi.js";
import type { Scenario } from "./types.js";
import { opened, pair, isSyn, isFin, CLIENT_IP, SERVER_IP, PORT } from "./common.js";

export const finWait1ToTimeWait: Scenario = {
  name: "fin-wait-1-to-time-wait",
  title: "The peer's FIN carries the ACK of ours: a close in three segments",
  explanation: "Many captures show a close in three segments: FIN, then FIN+ACK, then ACK. The receiver of the first FIN " +
    "may delay its ACK (RFC 1122 4.2.3.2 allows up to 500 ms; Linux waits up to 200 ms), and when its application closes " +
    "within that time, its FIN carries the ACK. The client, still in FIN_WAIT_1, gets its FIN acknowledged and the " +
    "peer's FIN in one segment: RFC 9293 3.10.7.4 processes the ACK field first (FIN_WAIT_2) and the FIN next " +
    "(TIME_WAIT), so both changes happen in the same instant and FIN_WAIT_2 lasts no time at all. " +
    "This stack acknowledges a FIN at once, so the server here is raw frames scripted as such a delaying peer.",
  async run(ctx) {
    const client = ctx.addStack("client", CLIENT_IP);
    const server = ctx.addRaw("server", [SERVER_IP]);
    const me = { ip: SERVER_IP, port: PORT };
    const iss = 5000;
    server.onTcp = (seg) => {
      const peer = { ip: CLIENT_IP, port: seg.sport! };
      if (isSyn(seg)) ctx.inject(server, { from: me, to: peer, seq: iss, ack: seg.seq! + 1, flags: "S.", options: [{ kind: "mss", value: 1460 }] });
      else if (isFin(seg)) {
        const ack = seg.seq! + seg.payload!.length + 1;
        ctx.sim.clock.at(ctx.now + 100, () => {
          ctx.app("server", "close() within the delayed-ACK time");
          ctx.inject(server, { from: me, to: peer, seq: iss + 1, ack, flags: "F." });
        });
      }
    };
    const c = ctx.connect(client, SERVER_IP, PORT);
    await ctx.untilState(client, c, State.ESTABLISHED);
    await ctx.wait(100);
    ctx.close(client, c);
    await ctx.untilState(client, c, State.CLOSED, 120_000);
    await ctx.settle();
  },
};

export const finWait2Timeout: Scenario = {
  name: "fin-wait-2-timeout",
  title: "An orphaned FIN_WAIT_2: the peer never closes",
  explanation: "The client's application calls close() and goes away; the server acknowledges the FIN but its " +
    "application never closes, so the client would wait in FIN_WAIT_2 forever, holding a connection nobody can use. " +
    "RFC 9293 sets no limit, so implementations add one for orphans: after 60 s (Linux's tcp_fin_timeout, this stack's " +
    "too) the client gives up and, as Linux does, sends a RST, so the server learns the connection is gone " +
    "(ECONNRESET) instead of keeping it in CLOSE_WAIT. A client that only called shutdown(SHUT_WR) still owns its socket " +
    "and waits in FIN_WAIT_2 as long as it likes.",
  async run(ctx) {
    const { client, server, c, s } = await opened(ctx);
    await ctx.wait(100);
    ctx.close(client, c);
    await ctx.untilState(server, s, State.CLOSE_WAIT);
    ctx.recv(server, s);
    await ctx.untilState(client, c, State.CLOSED, 120_000);
    await ctx.untilState(server, s, State.CLOSED);
    ctx.fact("server error", ctx.error(server, s));
    await ctx.settle();
  },
};

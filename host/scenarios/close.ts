// Closing a connection: the four-segment close, half-close, simultaneous close and TIME_WAIT.
import { State, errCode } from "../abi.js";
import type { Scenario, SegmentEvent } from "./types.js";
import { opened, pair, SERVER_IP, PORT } from "./common.js";
import type { ScenarioContext } from "./context.js";
import type { Stack } from "../stack.js";

/** The passive side: reads the peer's FIN (recv returns 0), then closes after `ms`. */
export async function closeOnEof(ctx: ScenarioContext, st: Stack, h: number, ms: number): Promise<void> {
  await ctx.untilState(st, h, State.CLOSE_WAIT);
  ctx.recv(st, h);
  await ctx.wait(ms);
  ctx.close(st, h);
}

export const close: Scenario = {
  name: "close",
  title: "Closing: FIN and ACK in each direction",
  explanation: "Each direction of a connection is closed on its own. The client's close() sends a FIN (FIN_WAIT_1); the " +
    "server acknowledges it at once and tells its application, which reads end of stream (CLOSE_WAIT). Only when the " +
    "server's application closes too does its FIN go out (LAST_ACK). The client acknowledges it and waits in TIME_WAIT " +
    "for 2*MSL before the connection is gone, while the server closes as soon as its FIN is acknowledged. RFC 793 set " +
    "the MSL at 2 minutes, so TIME_WAIT lasted 4; Linux waits 60 s (TCP_TIMEWAIT_LEN), and so does this stack (MSL 30 s).",
  async run(ctx) {
    const { client, server, c, s } = await opened(ctx);
    await ctx.wait(100);
    ctx.close(client, c);
    await closeOnEof(ctx, server, s, 200);
    await ctx.settle();
  },
};

export const halfClose: Scenario = {
  name: "half-close",
  title: "Half-close: the client stops sending but keeps reading",
  explanation: "shutdown(SHUT_WR) closes only the client's sending direction: its FIN says \"no more data from me\". The " +
    "server reads end of stream but its own direction stays open, so it can still send its answer, which the client " +
    "receives in FIN_WAIT_2. Programs that signal the end of a request by closing their output (as rsh and some " +
    "HTTP/1.0 clients did) rely on this. The connection ends only when the server closes its direction too.",
  async run(ctx) {
    const { client, server, c, s } = await opened(ctx);
    await ctx.wait(100);
    ctx.send(client, c, "request");
    ctx.shutdown(client, c);
    await ctx.untilState(server, s, State.CLOSE_WAIT);
    ctx.recv(server, s);
    await ctx.wait(300);
    ctx.send(server, s, "first part of the answer");
    await ctx.wait(300);
    ctx.send(server, s, "second part");
    await ctx.wait(300);
    const got = ctx.recv(client, c);
    ctx.fact("client read in FIN_WAIT_2", typeof got === "number" ? got : JSON.stringify(new TextDecoder().decode(got)));
    ctx.close(server, s);
    await ctx.untilState(client, c, State.TIME_WAIT);
    ctx.recv(client, c);
    ctx.close(client, c);
    await ctx.settle();
  },
};

export const simultaneousClose: Scenario = {
  name: "simultaneous-close",
  title: "Simultaneous close: both FINs cross",
  explanation: "Both applications close at the same moment, so both sides are in FIN_WAIT_1 when the other's FIN arrives. " +
    "A FIN received before our own FIN is acknowledged leads to CLOSING; the ACK of our FIN then leads to TIME_WAIT. " +
    "Both sides closed actively, so both wait 2*MSL in TIME_WAIT (RFC 9293 3.6, Figure 13).",
  async run(ctx) {
    const { client, server, c, s } = await opened(ctx);
    await ctx.wait(100);
    ctx.close(client, c);
    ctx.close(server, s);
    await ctx.settle();
  },
};

export const timeWait: Scenario = {
  name: "time-wait",
  title: "TIME_WAIT holds the connection's ports for 2*MSL",
  explanation: "The side that closes first ends in TIME_WAIT for 2*MSL: 60 s here and in Linux, 4 minutes with RFC 793's " +
    "MSL of 2 minutes. Meanwhile the 4-tuple stays taken: " +
    "a connect() from the same local port fails with EADDRINUSE, so no new connection can receive stray segments of the " +
    "old one, and a lost last ACK can still be repeated. Once the 2MSL timer fires the slot is free, and the same " +
    "connect() succeeds with a new ISN, 60 s further along the ISN clock (RFC 6528), above every sequence number the old " +
    "connection used.",
  async run(ctx) {
    const { client, server } = pair(ctx);
    const l = ctx.listen(server, PORT);
    const c = ctx.connect(client, SERVER_IP, PORT, 40000);
    const s = await ctx.acceptWhenReady(server, l);
    await ctx.untilState(client, c, State.ESTABLISHED);
    await ctx.wait(100);
    ctx.close(client, c);
    await closeOnEof(ctx, server, s, 100);
    await ctx.untilState(client, c, State.TIME_WAIT);
    await ctx.wait(30_000);
    const again = ctx.connect(client, SERVER_IP, PORT, 40000);
    ctx.fact("connect from port 40000 during TIME_WAIT", again < 0 ? errCode(again) : "succeeded");
    await ctx.untilState(client, c, State.CLOSED);
    const c2 = ctx.connect(client, SERVER_IP, PORT, 40000);
    const [first, second] = ctx.events.filter((e): e is SegmentEvent => e.kind === "segment" && e.from === "client" && e.flags === "S");
    ctx.app("client", `new ISN ${second.seq}, the old one was ${first.seq}`);
    ctx.fact("ISN of the first connection", first.seq);
    ctx.fact("ISN of the new connection", second.seq);
    await ctx.acceptWhenReady(server, l);
    await ctx.untilState(client, c2, State.ESTABLISHED);
    await ctx.settle();
  },
};

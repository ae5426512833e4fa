// Keepalive (RFC 1122 4.2.3.6): probing an idle connection, with the peer gone and with it alive.
import { Opt, State } from "../abi.js";
import type { Scenario } from "./types.js";
import type { ScenarioContext } from "./context.js";
import type { Stack } from "../stack.js";
import { opened } from "./common.js";
import { later } from "./describe.js";

function keepalive(ctx: ScenarioContext, st: Stack, h: number): void {
  ctx.setopt(st, h, Opt.KEEPIDLE, 10);
  ctx.setopt(st, h, Opt.KEEPINTVL, 5);
  ctx.setopt(st, h, Opt.KEEPCNT, 3);
  ctx.setopt(st, h, Opt.KEEPALIVE, 1, "keepalive: idle 10 s, interval 5 s, 3 probes");
}

export const keepaliveDeadPeer: Scenario = {
  name: "keepalive-dead-peer",
  title: "Keepalive finds a dead peer",
  explanation: "An idle connection sends nothing, so without help a side never learns that its peer has crashed or " +
    "been unplugged. With keepalive on, after 10 s of silence the client sends a probe: an ACK one byte below what it " +
    "has sent, which any live peer must answer. Unanswered probes are repeated every 5 s; after 3 of them the client " +
    "gives up, resets the connection and reports ETIMEDOUT to its application. The timers are shortened to fit a slide: " +
    "the defaults (RFC 1122 4.2.3.6, Linux) are 2 h of idleness, 75 s between probes and 9 probes, 720, 15 and 3 times " +
    "these (see keepalive-defaults).",
  async run(ctx) {
    const { client, c } = await opened(ctx);
    keepalive(ctx, client, c);
    await ctx.wait(1000);
    ctx.app("server", "unplugged");
    ctx.lose({ from: "client", to: "server" });
    ctx.lose({ from: "server", to: "client" });
    await ctx.untilState(client, c, State.CLOSED);
    ctx.fact("client error", ctx.error(client, c));
    await ctx.settle();
  },
};

export const keepaliveAlive: Scenario = {
  name: "keepalive-alive",
  title: "Keepalive on a healthy idle connection",
  explanation: "After 10 s without traffic the client probes: an ACK whose sequence number is one below the window the " +
    "server expects. The server sees an old, unacceptable segment and, as RFC 9293 requires, answers it with an ACK; " +
    "that answer proves the server is alive and restarts the client's idle timer, so a probe goes out every 10 s for as " +
    "long as the connection stays idle, and nothing reaches either application. The idle time is shortened 720-fold " +
    "from the default of 2 h (RFC 1122 4.2.3.6 asks for at least two hours; see keepalive-defaults).",
  async run(ctx) {
    const { client, server, c, s } = await opened(ctx);
    keepalive(ctx, client, c);
    await ctx.wait(35_000);
    ctx.close(client, c);
    await ctx.untilState(server, s, State.CLOSE_WAIT);
    ctx.close(server, s);
    await ctx.settle();
  },
};

export const keepaliveDefaults: Scenario = {
  name: "keepalive-defaults",
  title: "Keepalive with its default timers: 2 h of silence, then 9 probes 75 s apart",
  explanation: "The same dead peer as keepalive-dead-peer, with nothing shortened: keepalive is on with the defaults of " +
    "RFC 1122 4.2.3.6 and Linux (tcp_keepalive_time 7200 s, tcp_keepalive_intvl 75 s, tcp_keepalive_probes 9). The " +
    "first probe leaves after 2 h of silence, the others 75 s apart, and the connection is reset 2 h 11 min 15 s after " +
    "keepalive was turned on (7200 + 9 x 75 s). The ladder compresses the idle gaps and writes how long each one lasted; the " +
    "timers run in full, in virtual time.",
  async run(ctx) {
    const { client, c } = await opened(ctx);
    ctx.setopt(client, c, Opt.KEEPALIVE, 1, "keepalive on (idle 2 h, interval 75 s, 9 probes)");
    ctx.app("server", "unplugged");
    ctx.lose({ from: "client", to: "server" });
    ctx.lose({ from: "server", to: "client" });
    await ctx.untilState(client, c, State.CLOSED, 3 * 3_600_000);
    ctx.fact("client error", ctx.error(client, c));
    ctx.fact("connection reset after", later(ctx.now).replace(/ later$/, ""));
    await ctx.settle();
  },
};

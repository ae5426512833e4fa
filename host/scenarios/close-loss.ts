// Closing a connection when one of the four closing segments is lost.
import type { Scenario } from "./types.js";
import { opened, isFin, isPureAck } from "./common.js";
import { closeOnEof } from "./close.js";

export const finLost: Scenario = {
  name: "fin-lost",
  title: "The client's FIN is lost",
  explanation: "A FIN occupies one sequence number, so it is retransmitted like data until it is acknowledged. The client " +
    "stays in FIN_WAIT_1; after its retransmission timeout (1 s) it sends the FIN again, the server acknowledges it, and " +
    "the close proceeds as usual. The server's application learns of the end of stream only when a FIN actually arrives.",
  async run(ctx) {
    ctx.lose({ from: "client", to: "server", match: isFin, nth: 1 });
    const { client, server, c, s } = await opened(ctx);
    await ctx.wait(100);
    ctx.close(client, c);
    await closeOnEof(ctx, server, s, 200);
    await ctx.settle();
  },
};

export const finAckLost: Scenario = {
  name: "fin-ack-lost",
  title: "The ACK of the client's FIN is lost",
  explanation: "The server received the FIN (it is in CLOSE_WAIT and its application has read end of stream), but the " +
    "client cannot know: its FIN is unacknowledged, so it stays in FIN_WAIT_1 and resends the FIN after 1 s. The server " +
    "sees a duplicate of a FIN it already has and simply acknowledges it again; nothing is delivered twice. The client " +
    "moves on to FIN_WAIT_2, and the close continues when the server's application closes.",
  async run(ctx) {
    ctx.lose({ from: "server", to: "client", match: isPureAck, nth: 1 });
    const { client, server, c, s } = await opened(ctx);
    await ctx.wait(100);
    ctx.close(client, c);
    await closeOnEof(ctx, server, s, 2000);
    await ctx.settle();
  },
};

export const lastFinLost: Scenario = {
  name: "last-fin-lost",
  title: "The server's FIN is lost",
  explanation: "The client waits in FIN_WAIT_2 for the server's FIN; the server waits in LAST_ACK for the ACK of it. As " +
    "with any unacknowledged sequence number, the server's retransmission timer fires after 1 s and the FIN is sent " +
    "again. The client acknowledges it and enters TIME_WAIT; the server, seeing its FIN acknowledged, closes.",
  async run(ctx) {
    ctx.lose({ from: "server", to: "client", match: isFin, nth: 1 });
    const { client, server, c, s } = await opened(ctx);
    await ctx.wait(100);
    ctx.close(client, c);
    await closeOnEof(ctx, server, s, 200);
    await ctx.settle();
  },
};

export const lastAckLost: Scenario = {
  name: "last-ack-lost",
  title: "The last ACK is lost: why TIME_WAIT lasts 2*MSL",
  explanation: "The client has acknowledged the server's FIN and entered TIME_WAIT, but the ACK is lost, so the server, " +
    "in LAST_ACK, resends its FIN after 1 s. Because the client is still in TIME_WAIT, it recognises the repeated FIN and " +
    "acknowledges it again (a closed port would answer with a RST, and the server would report an error). TIME_WAIT lasts " +
    "2*MSL so that a FIN resent as late as possible can still be answered; here the wait restarts at the repeated FIN.",
  async run(ctx) {
    let serverClosed = false;
    ctx.lose({ from: "client", to: "server", match: isPureAck, when: () => serverClosed, nth: 1 });
    const { client, server, c, s } = await opened(ctx);
    await ctx.wait(100);
    ctx.close(client, c);
    await closeOnEof(ctx, server, s, 200);
    serverClosed = true;
    await ctx.settle();
  },
};

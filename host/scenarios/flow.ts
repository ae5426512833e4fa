// Flow and loss recovery during data transfer: a closed receive window, and fast retransmit.
import { Opt } from "../abi.js";
import type { Scenario } from "./types.js";
import { opened, hasData } from "./common.js";

const DISCARD_PORT = 9; // RFC 863: bulk bytes nobody parses

const bytes = (n: number) => new Uint8Array(n).map((_, i) => 97 + (i % 26));

export const zeroWindow: Scenario = {
  name: "zero-window",
  title: "Zero window: the receiver's buffer is full",
  explanation: "The server's application does not read, so its 4096-byte receive buffer fills and it advertises a window " +
    "of 0: the client must stop. If the server's later window update were lost, both would wait forever, so the client " +
    "keeps a persist timer and sends a one-byte window probe at growing intervals (1, 2, 4 s); each is answered with the " +
    "current window, still 0. When the application reads, the window opens, the server says so, and the transfer resumes.",
  async run(ctx) {
    const { client, server, c, s } = await opened(ctx);
    await ctx.wait(100);
    ctx.send(client, c, bytes(4096));
    await ctx.wait(500);
    ctx.send(client, c, bytes(1000));
    await ctx.wait(8000);
    ctx.recv(server, s);
    await ctx.wait(500);
    ctx.recv(server, s);
    ctx.fact("bytes still unacknowledged at the client", client.core.getopt(c, Opt.SND_QUEUED));
    await ctx.settle();
  },
};

export const fastRetransmit: Scenario = {
  name: "fast-retransmit",
  title: "Fast retransmit after three duplicate ACKs",
  explanation: "One data segment is lost. Every segment that arrives after the gap makes the receiver repeat its last " +
    "acknowledgment at once (a duplicate ACK, with a SACK block naming what did arrive). The sender takes three duplicate " +
    "ACKs as a sign of a single loss rather than congestion collapse: it resends the missing segment at once instead of " +
    "waiting for the retransmission timer (RFC 5681 3.2), then continues in fast recovery with its congestion window cut " +
    "to half the data in flight, using the SACK blocks to resend only what is missing (RFC 6675). " +
    "This uses the large build, whose 128 KiB receive window leaves room for enough segments in flight, and the discard " +
    "port (9), so that Wireshark does not try to read the bytes as HTTP.",
  async run(ctx) {
    ctx.lose({ from: "client", to: "server", match: hasData, nth: 5 });
    const { client, server, c, s } = await opened(ctx, "wasmtcp-large.wasm", DISCARD_PORT);
    await ctx.wait(100);
    ctx.send(client, c, bytes(13 * 1448)); // thirteen full segments: the MSS less the 12 bytes of timestamps
    await ctx.until(() => client.core.getopt(c, Opt.SND_QUEUED) === 0);
    ctx.recv(server, s);
    ctx.fact("client congestion window after recovery (bytes)", client.core.getopt(c, Opt.CWND));
    await ctx.settle();
  },
};

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
  title: "Fast retransmit: the first SACK reveals the loss (RACK)",
  explanation: "One data segment is lost. Every segment that arrives after the gap makes the receiver repeat its last " +
    "acknowledgment at once (a duplicate ACK, with a SACK block naming what did arrive). Classic TCP waits for three " +
    "duplicate ACKs before it resends (RFC 5681 3.2); this stack uses RACK (RFC 8985): the first SACK shows that a " +
    "segment sent after the missing one has arrived, and once a reordering window has passed (a quarter of the smallest " +
    "round trip seen, here under a millisecond) the missing one is deemed lost and resent at once, instead of waiting " +
    "for the retransmission timer. Fast recovery then cuts the congestion window to half the data in flight. " +
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

export const tailLossProbe: Scenario = {
  name: "tail-loss-probe",
  title: "Tail loss probe: the last segment is lost",
  explanation: "The client sends two segments and the second, the last of the burst, is lost. No later segment follows " +
    "to make the server send duplicate ACKs, so classic TCP would wait for the retransmission timeout (at least 1 s in " +
    "this build). RACK-TLP (RFC 8985 7) arms a probe timer instead: twice the smoothed round trip (here 4 ms; 200 ms " +
    "more when a single segment is outstanding, as the server may be delaying its ACK). When it fires, the client sends " +
    "the last segment again, the server acknowledges both, and the loss is repaired in milliseconds instead of a " +
    "second. As the probe repaired a loss, the client then halves its congestion window, as fast recovery would have.",
  async run(ctx) {
    ctx.lose({ from: "client", to: "server", match: hasData, nth: 2 });
    const { client, server, c, s } = await opened(ctx, undefined, DISCARD_PORT);
    await ctx.wait(100);
    ctx.send(client, c, bytes(2 * 1448)); // two full segments: the MSS less the 12 bytes of timestamps
    await ctx.until(() => client.core.getopt(c, Opt.SND_QUEUED) === 0);
    ctx.recv(server, s);
    ctx.fact("tail loss probes sent", client.core.getopt(c, Opt.TLPS));
    await ctx.settle();
  },
};

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
    "segment sent after the missing one has arrived, and once a reordering window has passed (a quarter of the smoothed " +
    "round trip, here under a millisecond) the missing one is deemed lost and resent at once, instead of waiting " +
    "for the retransmission timer. Fast recovery then cuts the congestion window to seven tenths of the data in flight " +
    "(the large build runs CUBIC, RFC 9438; NewReno would halve it). " +
    "This uses the large build, whose 128 KiB receive window leaves room for enough segments in flight, and the discard " +
    "port (9), so that Wireshark does not try to read the bytes as HTTP.",
  async run(ctx) {
    ctx.lose({ from: "client", to: "server", match: hasData, nth: 11 }); // the first after the initial window of ten
    const { client, server, c, s } = await opened(ctx, "wasmtcp-large.wasm", DISCARD_PORT);
    await ctx.wait(100);
    ctx.send(client, c, bytes(10 * 1448)); // the initial window: ten full segments (the MSS less 12 bytes of timestamps)
    await ctx.until(() => client.core.getopt(c, Opt.SND_QUEUED) === 0);
    for (let i = 0; i < 4; i++) { ctx.send(client, c, bytes(1448)); await ctx.wait(1); } // one at a time: ACKs apart
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

export const spuriousRetransmit: Scenario = {
  name: "spurious-retransmit",
  title: "Spurious retransmission: a late segment, resent for nothing, and the undo",
  latencyMs: 10,
  explanation: "The link's one-way delay is 10 ms here. The client's second data segment is held back 8 ms more, so " +
    "the third overtakes it. The server's SACK for the third makes RACK (RFC 8985) deem the second lost once the " +
    "reordering window has passed (a quarter of the smoothed round trip: 5 ms); the client resends it and cuts its " +
    "congestion window (proportional rate reduction, RFC 6937). But the " +
    "original was only late: it arrives just after, the server acknowledges everything and echoes the original's " +
    "timestamp (RFC 3522: the echo is older than the retransmission), and when the retransmission arrives the server " +
    "reports it as a duplicate in a D-SACK block, the first SACK block of its ACK (RFC 2883). Either proves the " +
    "retransmission was not needed: the client restores its congestion window and slow-start threshold (RFC 4015; " +
    "without timestamps the D-SACK alone would, RFC 3708), counts the reordering, and widens its reordering window by " +
    "a quarter of the smoothed round trip (to 10 ms) for the next 16 recoveries (RFC 8985 6.2), so the same lateness " +
    "will not trigger another retransmission.",
  async run(ctx) {
    ctx.sim.link.alter({ from: "client", to: "server", match: hasData, nth: 2, effect: "delay", delayMs: 8 });
    const { client, server, c, s } = await opened(ctx, "wasmtcp-large.wasm", DISCARD_PORT);
    await ctx.wait(100);
    ctx.send(client, c, bytes(3 * 1448)); // three full segments: the MSS less the 12 bytes of timestamps
    await ctx.until(() => client.core.stats().tcp_retransmits > 0);
    ctx.fact("client congestion window on the retransmission (bytes)", client.core.getopt(c, Opt.CWND));
    await ctx.until(() => client.core.getopt(c, Opt.SND_QUEUED) === 0);
    await ctx.wait(50);
    ctx.recv(server, s);
    ctx.fact("client congestion window after the undo (bytes)", client.core.getopt(c, Opt.CWND));
    ctx.fact("spurious retransmissions", client.core.getopt(c, Opt.SPURIOUS_RETRANSMITS));
    ctx.fact("window reductions undone", client.core.getopt(c, Opt.UNDOS));
    ctx.fact("reordering seen (segments)", client.core.getopt(c, Opt.REORDERING));
    ctx.fact("reordering window now (ms)", client.core.getopt(c, Opt.REORDER_WINDOW));
    ctx.fact("D-SACK blocks sent by the server", server.core.stats().tcp_dsacks_sent);
    await ctx.settle();
  },
};

export const sackRecovery: Scenario = {
  name: "sack-recovery",
  title: "SACK recovery: three losses in one window, repaired in one round trip",
  explanation: "The client first sends 16 segments, which open its congestion window, then 16 more, all at once; " +
    "three of those (the 3rd, the 7th and the 11th) are lost. The server answers each segment after a gap with an " +
    "ACK whose SACK blocks list what did arrive (RFC 2018), so the client knows every hole, not just the first. RACK " +
    "(RFC 8985) deems each missing segment lost as soon as one sent after it is SACKed, and proportional rate " +
    "reduction (RFC 6937) lets the client resend each hole as the SACKs come in, instead of one hole per round trip " +
    "as NewReno without SACK would (RFC 6582). All three are resent within one round trip of the first SACK and one " +
    "cumulative ACK closes the recovery; the retransmission timer never fires. This uses the large build, whose " +
    "128 KiB receive window leaves room for the segments in flight.",
  async run(ctx) {
    const { client, server, c, s } = await opened(ctx, "wasmtcp-large.wasm", DISCARD_PORT);
    await ctx.wait(100);
    ctx.send(client, c, bytes(16 * 1448));
    await ctx.until(() => client.core.getopt(c, Opt.SND_QUEUED) === 0);
    ctx.recv(server, s);
    await ctx.wait(100);
    // The 3rd, 7th and 11th segments of the second burst, by sequence number: their first transmission only.
    const start = (client.core.getopt(c, Opt.SND_NXT) >>> 0);
    for (const k of [2, 6, 10]) {
      const seq = (start + k * 1448) >>> 0;
      ctx.lose({ from: "client", to: "server", match: (x) => hasData(x) && x.seq === seq, nth: 1 });
    }
    ctx.fact("client congestion window before the second burst (bytes)", client.core.getopt(c, Opt.CWND));
    ctx.send(client, c, bytes(16 * 1448));
    await ctx.until(() => client.core.getopt(c, Opt.SND_QUEUED) === 0);
    ctx.recv(server, s);
    ctx.fact("retransmissions", client.core.stats().tcp_retransmits);
    ctx.fact("retransmission timeouts", client.core.stats().tcp_rto_timeouts);
    ctx.fact("client congestion window after recovery (bytes)", client.core.getopt(c, Opt.CWND));
    await ctx.settle();
  },
};

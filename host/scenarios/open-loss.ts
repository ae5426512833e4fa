// Opening a connection when a segment of the handshake is lost.
import { State, Opt } from "../abi.js";
import type { Scenario } from "./types.js";
import { pair, opened, SERVER_IP, PORT, isSyn, isSynAck, isPureAck } from "./common.js";

export const synLost: Scenario = {
  name: "syn-lost",
  title: "The SYN is lost",
  explanation: "Nothing comes back, so after the initial retransmission timeout of 1 s (RFC 6298) the client sends the " +
    "same SYN again, with the same ISN. Had that one been lost too, the next try would come 2 s later, then 4 s, and so " +
    "on. Without timestamps, a retransmitted SYN leaves the handshake with no trustworthy round-trip sample (which " +
    "copy did the SYN-ACK answer?), and the connection would start with a timeout of 3 s (RFC 6298 5.7). Here both " +
    "SYNs carry timestamps: the SYN-ACK echoes the second SYN's, which measures the round trip exactly (RFC 7323 4.1), " +
    "so the connection starts with the usual 1 s. Older texts give 3 s as the first timeout of every " +
    "connection: that was RFC 1122's initial RTO, which RFC 6298 lowered to 1 s in 2011.",
  async run(ctx) {
    ctx.lose({ from: "client", to: "server", match: isSyn, nth: 1 });
    const { client, c } = await opened(ctx);
    ctx.fact("client RTO after the handshake (ms)", client.core.getopt(c, Opt.RTO));
    await ctx.settle();
  },
};

export const synAckLost: Scenario = {
  name: "synack-lost",
  title: "The SYN-ACK is lost",
  explanation: "The server is in SYN_RECEIVED and the client still in SYN_SENT; both are waiting, and both have a " +
    "retransmission timer running. After 1 s the client resends its SYN and the server resends its SYN-ACK. The server " +
    "answers the repeated SYN with its SYN-ACK once more instead of treating it as a new connection, since it carries " +
    "the same ISN. The first SYN-ACK to arrive completes the handshake; the extra copy is answered with a plain ACK.",
  async run(ctx) {
    ctx.lose({ from: "server", to: "client", match: isSynAck, nth: 1 });
    await opened(ctx);
    await ctx.settle();
  },
};

export const ackLost: Scenario = {
  name: "ack-lost",
  title: "The last ACK of the handshake is lost",
  explanation: "The client is ESTABLISHED as soon as it sends its ACK, but the server stays in SYN_RECEIVED without it. " +
    "It does not need that particular segment: every later segment from the client carries the same acknowledgment, so " +
    "when the client's first data arrives, its ACK field completes the server's handshake, and the data is accepted. " +
    "The server's SYN-ACK retransmission timer is cancelled before it fires.",
  async run(ctx) {
    const { client, server } = pair(ctx);
    ctx.lose({ from: "client", to: "server", match: isPureAck, nth: 1 });
    const l = ctx.listen(server, PORT);
    const c = ctx.connect(client, SERVER_IP, PORT);
    await ctx.untilState(client, c, State.ESTABLISHED);
    await ctx.wait(100);
    ctx.send(client, c, "hello");
    const s = await ctx.acceptWhenReady(server, l);
    const got = ctx.recv(server, s);
    ctx.fact("server read", typeof got === "number" ? got : JSON.stringify(new TextDecoder().decode(got)));
    await ctx.settle();
  },
};

export const synAckRetriesExhausted: Scenario = {
  name: "synack-retries-exhausted",
  title: "The final ACK never arrives: the half-open connection is dropped",
  explanation: "Every segment from the client after its SYN is lost for the first minute. The server resends its SYN-ACK with the " +
    "timeout doubling each time (1, 2, 4, 8, 16 s), and the client, ESTABLISHED, answers each copy with an ACK that is " +
    "lost too. After 5 retries (Linux's tcp_synack_retries) and a last 32 s wait, 1+2+4+8+16+32 = 63 s after the first " +
    "SYN-ACK, the server gives up and forgets the half-open connection without a word: it never was established. When the client finally sends data, the server knows no such connection " +
    "and answers with a RST, so the client learns the connection is gone (ECONNRESET).",
  async run(ctx) {
    const { client, server } = pair(ctx);
    // The server gives up after its 5 retries' doubling waits and a last one (63 s with a 1 s RTO).
    let giveUp = 0;
    for (let i = 0, r = ctx.initialRto; i < 6; i++, r *= 2) giveUp += Math.min(r, 60_000);
    ctx.lose({ from: "client", to: "server", match: (x) => !isSyn(x), when: () => ctx.now < giveUp + 2000 });
    ctx.listen(server, PORT);
    const c = ctx.connect(client, SERVER_IP, PORT);
    await ctx.until(() => ctx.reached("server", "CLOSED", "SYN_RECEIVED"));
    await ctx.wait(giveUp + 7000 - ctx.now);
    ctx.send(client, c, "hello");
    await ctx.untilState(client, c, State.CLOSED);
    ctx.fact("client error", ctx.error(client, c));
    await ctx.settle();
  },
};

export const synRetriesExhausted: Scenario = {
  name: "syn-retries-exhausted",
  title: "No answer to the SYN: connect() gives up with ETIMEDOUT",
  explanation: "Every SYN the client sends is lost, so it retransmits the same SYN with its timeout doubling each time " +
    "(1, 2, 4, 8, 16, 32 s), capped at 60 s (RFC 6298 2.5). This stack retries 7 times: the last SYN leaves at " +
    "1+2+4+8+16+32+60 = 123 s, and after a last 60 s wait connect() fails with ETIMEDOUT at 183 s, meeting RFC 1122 " +
    "4.2.3.5's \"at least 3 minutes\". The course's 1+2+4+8+16+32 = 63 s is Linux's server giving up on a SYN-ACK after 5 retries (see " +
    "synack-retries-exhausted); Linux's client default of 6 SYN retries gives up after 127 s.",
  async run(ctx) {
    const { client, server } = pair(ctx);
    ctx.lose({ from: "client", to: "server", match: isSyn });
    ctx.listen(server, PORT);
    const c = ctx.connect(client, SERVER_IP, PORT);
    await ctx.untilState(client, c, State.CLOSED);
    ctx.fact("client error", ctx.error(client, c));
    ctx.fact("connect() failed after (s)", ctx.now / 1000);
    await ctx.settle();
  },
};

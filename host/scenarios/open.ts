// Opening a connection: the three-way handshake and its variations without loss.
import { State } from "../abi.js";
import type { Scenario } from "./types.js";
import { pair, opened, CLIENT_IP, SERVER_IP, PORT, isSynAck } from "./common.js";

export const handshake: Scenario = {
  name: "handshake",
  title: "The three-way handshake",
  explanation: "The client sends a SYN carrying its initial sequence number (ISN); the server answers with its own SYN, " +
    "which also acknowledges the client's (SYN-ACK); the client's ACK acknowledges the server's ISN. Each side must " +
    "see its own ISN acknowledged before it trusts the connection, which takes three segments. The options in the SYNs " +
    "(MSS, window scaling, SACK) are agreed here too, because they can only be offered at the start.",
  async run(ctx) {
    await opened(ctx);
    await ctx.settle();
  },
};

export const simultaneousOpen: Scenario = {
  name: "simultaneous-open",
  title: "Simultaneous open: both sides connect at once",
  explanation: "A and B each call connect() to the other's port at the same moment, so their SYNs cross. Each side, in " +
    "SYN_SENT, receives a SYN without an ACK and moves to SYN_RECEIVED, answering with a SYN-ACK that repeats its own SYN. " +
    "It reuses the SYN's sequence number, which is why the stack reports it as a retransmission. Each SYN-ACK " +
    "acknowledges the other's ISN, so both reach ESTABLISHED: four segments, and one connection, not two (RFC 9293 3.5, Figure 8).",
  async run(ctx) {
    const a = ctx.addStack("A", CLIENT_IP), b = ctx.addStack("B", SERVER_IP);
    const ha = ctx.connect(a, SERVER_IP, 6000, 5000);
    const hb = ctx.connect(b, CLIENT_IP, 5000, 6000);
    await ctx.until(() => ctx.state(a, ha) === State.ESTABLISHED && ctx.state(b, hb) === State.ESTABLISHED);
    await ctx.settle();
  },
};

export const dataOnThirdAck: Scenario = {
  name: "data-on-third-ack",
  title: "Data on the third segment of the handshake",
  explanation: "The client writes its request while still in SYN_SENT. The data waits in the send buffer, and when the " +
    "SYN-ACK arrives it leaves together with the ACK that completes the handshake: the third segment carries the " +
    "request. RFC 9293 allows data in any segment once the peer's SYN has been acknowledged, so this saves a round trip " +
    "for protocols where the client speaks first, such as HTTP.",
  async run(ctx) {
    const { client, server } = pair(ctx);
    const l = ctx.listen(server, PORT);
    const c = ctx.connect(client, SERVER_IP, PORT);
    ctx.send(client, c, "GET / HTTP/1.0\r\n\r\n");
    const s = await ctx.acceptWhenReady(server, l);
    const got = ctx.recv(server, s);
    ctx.fact("server read", typeof got === "number" ? got : JSON.stringify(new TextDecoder().decode(got)));
    await ctx.settle();
  },
};

export const synWithData: Scenario = {
  name: "syn-with-data",
  title: "Data on the SYN",
  explanation: "The first two segments of a handshake carry no data the receiver accepts: a SYN alone proves nothing " +
    "about its sender (it may be an old duplicate, or forged), so nothing it brings may be acknowledged or delivered " +
    "before the third segment shows the peer is real. RFC 9293 still allows text on a SYN and says to queue it for " +
    "processing once the connection is ESTABLISHED (3.10.7.2). So the SYN-ACK acknowledges only the SYN (ack 1); this " +
    "stack keeps the five bytes aside, and when the client's ACK completes the handshake it takes them in and " +
    "acknowledges them at once (ack 6); the application reads them after accept(). Linux instead drops text on a SYN " +
    "and the client sends it again. The client here is raw frames, because an ordinary connect() sends its SYN before " +
    "any data can be written (TCP Fast Open, RFC 7413, is the extension that lets a server accept SYN data at once).",
  async run(ctx) {
    const server = ctx.addStack("server", SERVER_IP);
    const client = ctx.addRaw("client", [CLIENT_IP]);
    ctx.columns(["client", "server"]);
    const l = ctx.listen(server, PORT);
    const from = { ip: CLIENT_IP, port: 40000 }, to = { ip: SERVER_IP, port: PORT };
    client.onTcp = (seg) => {
      if (!isSynAck(seg)) return;
      ctx.inject(client, { from, to, seq: seg.ack!, ack: seg.seq! + 1, flags: "." });
      ctx.fact("SYN-ACK acknowledges", seg.ack! - 1000);
    };
    await ctx.wait(10);
    ctx.app("client", "SYN with 5 bytes");
    ctx.inject(client, { from, to, seq: 1000, flags: "S", options: [{ kind: "mss", value: 1460 }], data: "hello" });
    const s = await ctx.acceptWhenReady(server, l);
    const got = ctx.recv(server, s);
    ctx.fact("server read", typeof got === "number" ? got : JSON.stringify(new TextDecoder().decode(got)));
    await ctx.settle();
  },
};

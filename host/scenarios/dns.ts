// Names: a DNS lookup (RFC 1035) before a connection, its first query lost and sent again by the resolver.
import { State } from "../abi.js";
import { parseIp, parseMac } from "../addr.js";
import { buildUdp } from "../frame.js";
import type { Scenario } from "./types.js";
import { pair, CLIENT_IP, PORT } from "./common.js";

const DNS_IP = "10.0.0.53", NAME = "www.example.test";

/** A reply to the query `q` (a DNS message) with one A record for its question, TTL 300 s. */
function answer(q: Uint8Array, ip: number): Uint8Array {
  let end = 12;
  while (end < q.length && q[end] !== 0) end += q[end] + 1;
  const question = q.subarray(12, end + 5);
  const out = new Uint8Array(12 + question.length + 16);
  out.set(q.subarray(0, 2), 0); // the query's ID
  out.set([0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0], 2); // QR RD RA; one question, one answer
  out.set(question, 12);
  out.set([0xc0, 12, 0, 1, 0, 1, 0, 0, 1, 0x2c, 0, 4, ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255], 12 + question.length);
  return out;
}

export const dnsLookup: Scenario = {
  name: "dns",
  title: "A name before a connection: DNS lookup, a lost query resent",
  explanation: "Before connecting to www.example.test, the client asks its DNS server for the name's IPv4 address: one UDP " +
    "datagram to port 53 with a random 16-bit ID from a random source port (RFC 5452 9.2), so that an off-path attacker " +
    "cannot guess which reply the client would accept. The first query is lost, and UDP does not retransmit: the " +
    "resolver itself sends the same query again after its 1 s timeout (RFC 1035 4.2.1), to the second server when it " +
    "has one. The reply counts only because it comes from the server asked, from port 53, to the query's port, with the " +
    "query's ID and question; its address is cached for the record's TTL of 300 s, so the second lookup sends nothing. " +
    "Then the connection opens with the usual three-way handshake.",
  async run(ctx) {
    const { client, server } = pair(ctx);
    const dns = ctx.addRaw("dns", [DNS_IP]);
    ctx.columns(["client", "dns", "server"]);
    client.setDnsServers([DNS_IP]);
    dns.onUdp = (s) => {
      if (s.dport !== 53 || !s.payload || s.payload.length < 17) return;
      dns.transmit(buildUdp({ mac: dns.mac, ip: parseIp(DNS_IP), port: 53 }, { mac: parseMac(ctx.party("client").mac), ip: parseIp(CLIENT_IP), port: s.sport! },
        answer(s.payload, parseIp(ctx.party("server").ip))));
    };
    ctx.sim.link.drop({ from: "client", to: "dns", nth: 1, match: (s) => s.proto === 17 });
    const l = ctx.listen(server, PORT);
    const lookup = async () => {
      ctx.app("client", `lookup(${NAME})`);
      let ip = "";
      void client.lookup(NAME).then((a) => { ip = a; });
      await ctx.until(() => ip !== "");
      ctx.app("client", `${NAME} is ${ip}`);
      return ip;
    };
    const t0 = ctx.now;
    const ip = await lookup();
    ctx.fact("address", ip);
    ctx.fact("lookup took (ms)", ctx.now - t0);
    await ctx.wait(100);
    await lookup(); // from the cache: nothing on the wire
    const c = ctx.connect(client, ip, PORT);
    await ctx.acceptWhenReady(server, l);
    await ctx.untilState(client, c, State.ESTABLISHED);
    const st = client.core.stats();
    ctx.fact("queries sent", st.dns_queries);
    ctx.fact("answered from the cache", st.dns_cache_hits);
    await ctx.settle();
  },
};

// UDP and DHCP traffic for the differential test: a lease taken, renewed, rebound and lost, a NAK, a
// DECLINE, INIT-REBOOT (ACKed with its options in the file and sname fields, NAKed, unanswered), a conflict
// defended then given up, datagrams both ways, ICMP errors, and malformed DHCP replies (mutated bytes of
// sound ones), all through one Peer in virtual time; the ABI recorder turns the calls into a replay script.
import { Peer, PEER_IP, PEER_MAC, STACK_IP, STACK_MAC } from "../../../host/node/peer.js";
import { buildUdp, buildIcmpUnreachable } from "../../../host/frame.js";
import { dhcpReply, dhcpOptionBytes, parseDhcp, DHCP, type ReplySpec } from "../../../host/dhcp-wire.js";
import { arpFrame } from "./frames.js";

export function dhcpUdpTraffic(seed = 5): { frames: number; stats: Record<string, number> } {
  const p = new Peer();
  let rnd = seed;
  const rand = () => ((rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const mac = [...STACK_MAC];
  const lease = { serverId: PEER_IP, lease: 100, mask: 0xffffff00, router: (STACK_IP & 0xffffff00) + 254, dns: [PEER_IP] };
  const send = (s: Omit<ReplySpec, "chaddr">, mutate = false) => {
    const payload = dhcpReply({ chaddr: mac, ...s });
    if (mutate) for (let k = 0; k < 3; k++) payload[Math.floor(rand() * payload.length)] = Math.floor(rand() * 256);
    p.raw(buildUdp({ mac: PEER_MAC, ip: PEER_IP, port: 67 }, { mac: STACK_MAC, ip: STACK_IP, port: 68 }, payload));
  };
  const nextDhcp = () => {
    for (let d = p.next(); d; d = p.next()) if (d.type === "udp" && d.dport === 67) return parseDhcp(d.data!);
    return undefined;
  };
  let frames = 0;
  const acquire = () => {
    const d = nextDhcp()!;
    for (let i = 0; i < 20; i++, frames++) send({ type: DHCP.OFFER, xid: d.xid, yiaddr: STACK_IP, ...lease }, true);
    send({ type: DHCP.OFFER, xid: d.xid, yiaddr: STACK_IP, ...lease });
    const r = nextDhcp()!;
    for (let i = 0; i < 20; i++, frames++) send({ type: DHCP.ACK, xid: r.xid, yiaddr: STACK_IP, ...lease }, true);
    send({ type: DHCP.ACK, xid: r.xid, yiaddr: STACK_IP, ...lease });
    p.advance(8000);
    return r.xid;
  };
  p.e.init(0x0200, 1, 0, 0, 0, 0, 77, p.now);
  const name = new TextEncoder().encode("board");
  new Uint8Array(p.e.memory.buffer, p.e.io_buffer(), name.length).set(name);
  p.e.set_hostname(name.length);
  p.e.dhcp_start(p.now);
  // A DECLINE first: the address answers the probe.
  const d = nextDhcp()!;
  send({ type: DHCP.OFFER, xid: d.xid, yiaddr: STACK_IP, ...lease });
  const r = nextDhcp()!;
  send({ type: DHCP.ACK, xid: r.xid, yiaddr: STACK_IP, ...lease });
  p.advance(1000);
  p.raw(arpFrame(2, [2, 0, 0, 0, 0, 9], STACK_IP, mac, 0));
  nextDhcp(); // the DECLINE
  p.advance(10_000);
  acquire();
  // Datagrams both ways, a closed port, an ICMP error for the endpoint and for a connection.
  const drain = () => { while (p.next()); };
  drain();
  const h = p.e.udp_bind(5000);
  for (let i = 0; i < 5; i++) p.raw(buildUdp({ mac: PEER_MAC, ip: PEER_IP, port: 6000 + i }, { mac: STACK_MAC, ip: STACK_IP, port: 5000 }, new Uint8Array(100 * i + 1).fill(i)));
  for (let i = 0; i < 3; i++) p.e.udp_recvfrom(h, 50);
  new Uint8Array(p.e.memory.buffer, p.e.io_buffer(), 4).set([1, 2, 3, 4]);
  p.e.udp_sendto(h, PEER_IP, 6000, 4, p.now >>> 0);
  const sent = p.next()!.frame;
  p.raw(buildIcmpUnreachable({ mac: PEER_MAC, ip: PEER_IP }, { mac: STACK_MAC, ip: STACK_IP }, 3, sent.slice(14, 42)));
  for (let i = 0; i < 15; i++) p.raw(buildUdp({ mac: PEER_MAC, ip: PEER_IP, port: 7000 }, { mac: STACK_MAC, ip: STACK_IP, port: 9 }, new Uint8Array(8)));
  drain();
  const t = p.activeOpen();
  p.send(t, "hello");
  p.advance(10);
  // Renewal at T1, then a NAK at the next renewal; then a lease that runs out through REBINDING.
  const waitDhcp = () => {
    for (let i = 0; i < 400; i++) { const m = nextDhcp(); if (m) return m; p.advance(1000); }
    throw new Error("the client went quiet");
  };
  const renew = waitDhcp();
  send({ type: DHCP.ACK, xid: renew.xid, yiaddr: STACK_IP, ...lease });
  send({ type: DHCP.NAK, xid: waitDhcp().xid, serverId: PEER_IP });
  acquire();
  p.advance(200_000);
  // INIT-REBOOT, ACKed with the lease's parameters lent to the file and sname fields (option 52), among
  // mutated ones; then another host claims the address twice: defended, then given up.
  drain();
  p.e.dhcp_reboot(p.now >>> 0, STACK_IP);
  const rb = waitDhcp();
  const { serverId, dns, ...rest } = lease;
  const overloaded = { type: DHCP.ACK, xid: rb.xid, yiaddr: STACK_IP, extra: [52, 1, 3], file: [...dhcpOptionBytes(rest), 255],
    sname: [...dhcpOptionBytes({ serverId, dns }), 255] };
  send({ ...overloaded, extra: [52, 1, 4] });
  send({ ...overloaded, file: [...new Array(122).fill(0), 6, 8] });
  for (let i = 0; i < 20; i++, frames++) send(overloaded, true);
  send(overloaded);
  p.advance(8000);
  const claim = () => p.raw(arpFrame(1, [2, 0, 0, 0, 0, 9], STACK_IP, [0, 0, 0, 0, 0, 0], STACK_IP));
  claim();
  p.advance(10_000);
  claim();
  p.advance(3000);
  claim();
  // INIT-REBOOT NAKed, then unanswered.
  drain();
  p.e.dhcp_reboot(p.now >>> 0, STACK_IP);
  send({ type: DHCP.NAK, xid: waitDhcp().xid, serverId: PEER_IP });
  p.e.dhcp_reboot(p.now >>> 0, STACK_IP);
  p.advance(40_000);
  p.e.udp_close(h);
  p.e.dhcp_release(p.now >>> 0);
  p.advance(1000);
  return { frames, stats: p.stats() };
}

// The DHCPv4 client (RFC 2131) through the real .wasm in virtual time, against a scripted server: the exact
// messages it sends, the ARP probe before using an address (RFC 5227), renewal, rebinding, NAK, expiry,
// DECLINE, RELEASE, and malformed replies dropped and counted. Nothing else may be sent.
import test from "node:test";
import assert from "node:assert/strict";
import { PEER_MAC, STACK_MAC, State, Err, Opt } from "./support/peer.js";
import { DHCP, parseDhcp, type DhcpMessage } from "../../host/dhcp-wire.js";
import { arpFrame } from "./support/frames.js";
import { DhcpState, Trace } from "../../host/abi.js";
import { ip4 } from "./support/wasm.js";
import { SERVER, LEASED, BCAST, MASK, ROUTER, DNS1, DNS2, mac, lease, client, nextDhcp, opt, optList, u32, reply, bind,
  type Sent } from "./support/dhcp-client.js";

test("init_dhcpStart_discoverBroadcastExact", () => {
  const p = client();
  const d = nextDhcp(p);
  assert.deepEqual([d.src, d.dst, d.ethDst], [0, BCAST, [255, 255, 255, 255, 255, 255]]);
  assert.deepEqual([d.msg.op, d.msg.secs, d.msg.flags, d.msg.ciaddr, d.msg.yiaddr, d.msg.chaddr, d.msg.type, d.msg.length],
    [1, 0, 0, 0, 0, mac, DHCP.DISCOVER, 300]);
  assert.deepEqual(optList(d.msg), [[53, [1]], [61, [1, ...mac]], [12, [...new TextEncoder().encode("board")]], [55, [1, 3, 6, 51, 58, 59]]]);
  assert.equal(p.e.dhcp_state(), DhcpState.SELECTING);
  assert.equal(p.e.udp_bind(68), Err.ADDRINUSE, "the client's port");
  p.none();
});

test("init_noHostname_noOption12", () => {
  const p = client("");
  assert.equal(opt(nextDhcp(p).msg, 12), undefined);
  p.none();
});

test("selecting_noOffer_sameXidBackoffFourEightSixteenSecondsPlusMinusOne", () => {
  const p = client();
  const first = nextDhcp(p);
  p.advance(70_000);
  let at = first.at;
  for (const base of [4000, 8000, 16000, 32000]) {
    const d = nextDhcp(p);
    assert.equal(d.msg.xid, first.msg.xid);
    assert.ok(d.at - at >= base - 1000 && d.at - at <= base + 1000, `${d.at - at} ms after the last, want ${base} +- 1000`);
    assert.equal(d.msg.secs, Math.floor(d.at / 1000), "secs since the start (RFC 2131 2)");
    at = d.at;
  }
  p.none();
  assert.equal(p.stats().dhcp_discovers, 5);
});

test("selecting_offer_requestWithServerIdAndRequestedAddress", () => {
  const p = client();
  const d = nextDhcp(p);
  assert.equal(reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, ...lease }), 0);
  const r = nextDhcp(p);
  assert.deepEqual([r.src, r.dst, r.msg.xid, r.msg.ciaddr, r.msg.type], [0, BCAST, d.msg.xid, 0, DHCP.REQUEST]);
  assert.deepEqual(optList(r.msg), [[53, [3]], [61, [1, ...mac]], [50, u32(LEASED)], [54, u32(SERVER)],
    [12, [...new TextEncoder().encode("board")]], [55, [1, 3, 6, 51, 58, 59]]]);
  assert.equal(p.e.dhcp_state(), DhcpState.REQUESTING);
  assert.equal(p.e.ip_address(), 0, "no address before the ACK and the probe");
  p.none();
});

test("requesting_ack_threeProbesThenAnnouncedAndConfigured", () => {
  const p = client();
  const d = nextDhcp(p);
  reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, ...lease }, BCAST);
  const r = nextDhcp(p);
  reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease });
  p.advance(10_000);
  const probes = [p.next()!, p.next()!, p.next()!];
  for (const f of probes) assert.deepEqual([f.type, f.arpOp, f.arpSender, f.arpTarget], ["arp", 1, 0, LEASED], "RFC 5227 2.1.1 probe");
  assert.ok(probes[0].sentAt <= 1000, "PROBE_WAIT: within 1 s");
  for (let i = 1; i < 3; i++) {
    const gap = probes[i].sentAt - probes[i - 1].sentAt;
    assert.ok(gap >= 1000 && gap <= 2000, `PROBE_MIN..PROBE_MAX: ${gap}`);
  }
  const announce = p.next()!;
  assert.deepEqual([announce.arpOp, announce.arpSender, announce.arpTarget], [1, LEASED, LEASED]);
  assert.equal(announce.sentAt - probes[2].sentAt, 2000, "ANNOUNCE_WAIT");
  p.none();
  assert.deepEqual([p.e.ip_address() >>> 0, p.e.ip_netmask() >>> 0, p.e.ip_gateway() >>> 0, p.e.dns_server(0) >>> 0, p.e.dns_server(1) >>> 0],
    [LEASED, MASK, ROUTER, DNS1, DNS2]);
  assert.equal(p.e.dhcp_server() >>> 0, SERVER);
  assert.deepEqual(p.core.traces.filter((t) => t[0] === Trace.ADDRESS).map((t) => t.map((x) => x >>> 0)), [[Trace.ADDRESS, LEASED, MASK, ROUTER]]);
  assert.deepEqual([p.stats().dhcp_offers, p.stats().dhcp_acks], [1, 1]);
});

test("checking_addressInUse_declineThenDiscoverTenSecondsLater", () => {
  const p = client();
  const d = nextDhcp(p);
  reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, ...lease });
  const r = nextDhcp(p);
  reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease });
  p.advance(1000);
  assert.equal(p.next()!.arpTarget, LEASED);
  // The address's holder answers the probe.
  p.raw(arpFrame(2, [2, 0, 0, 0, 0, 9], LEASED, [...STACK_MAC], 0));
  const dec = nextDhcp(p);
  assert.deepEqual([dec.dst, dec.msg.type, dec.msg.ciaddr], [BCAST, DHCP.DECLINE, 0]);
  assert.deepEqual(optList(dec.msg), [[53, [4]], [61, [1, ...mac]], [50, u32(LEASED)], [54, u32(SERVER)]]);
  assert.equal(p.e.ip_address(), 0);
  assert.equal(p.e.dhcp_state(), DhcpState.INIT);
  p.advance(9999);
  p.none();
  p.advance(1);
  const again = nextDhcp(p);
  assert.equal(again.msg.type, DHCP.DISCOVER);
  assert.notEqual(again.msg.xid, d.msg.xid, "a new transaction");
  assert.equal(p.stats().dhcp_declines, 1);
});

test("bound_t1_renewUnicastAckConnectionSurvives", () => {
  const p = client();
  bind(p);
  const h = p.activeOpen();
  p.at(50_000);
  const r = nextDhcp(p);
  assert.equal(r.at, 50_000, "T1 = half the lease, from the REQUEST (RFC 2131 4.4.5)");
  assert.deepEqual([r.src, r.dst, r.ethDst, r.msg.ciaddr, r.msg.type], [LEASED, SERVER, [...PEER_MAC], LEASED, DHCP.REQUEST]);
  assert.equal(opt(r.msg, 50), undefined, "no requested address while renewing (RFC 2131 4.3.2)");
  assert.equal(opt(r.msg, 54), undefined, "no server identifier while renewing");
  assert.equal(p.e.dhcp_state(), DhcpState.RENEWING);
  assert.equal(reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease }), 0);
  assert.equal(p.e.dhcp_state(), DhcpState.BOUND);
  assert.equal(p.state(h), State.ESTABLISHED);
  assert.equal(p.getopt(h, Opt.SO_ERROR), 0);
  assert.equal(p.stats().dhcp_renewals, 1);
  p.none();
  p.at(100_000);
  assert.equal(nextDhcp(p).at, 100_000, "the next T1 counts from the renewal");
});

test("renewing_noAnswer_rebindAtT2ThenExpiryLosesAddressAndConnection", () => {
  const p = client();
  bind(p);
  const h = p.activeOpen();
  p.at(100_000);
  const renew = nextDhcp(p);
  const rebind = nextDhcp(p);
  assert.deepEqual([renew.at, renew.dst], [50_000, SERVER]);
  assert.deepEqual([rebind.at, rebind.src, rebind.dst, rebind.msg.ciaddr], [87_500, LEASED, BCAST, LEASED], "T2 = 7/8 of the lease, broadcast");
  const d = nextDhcp(p);
  assert.deepEqual([d.at, d.src, d.msg.type], [100_000, 0, DHCP.DISCOVER], "the lease ran out: start again");
  assert.equal(p.state(h), State.CLOSED);
  assert.equal(p.getopt(h, Opt.SO_ERROR), Err.ADDRNOTAVAIL, "the connection is told the address went");
  assert.equal(p.e.ip_address(), 0);
  assert.equal(p.stats().dhcp_leases_lost, 1);
  p.none();
});

test("renewing_nak_addressLostDiscoverAtOnce", () => {
  const p = client();
  bind(p);
  p.at(50_000);
  const r = nextDhcp(p);
  assert.equal(reply(p, { type: DHCP.NAK, xid: r.msg.xid, serverId: SERVER }), 0);
  assert.equal(p.e.ip_address(), 0);
  const d = nextDhcp(p);
  assert.deepEqual([d.src, d.msg.type], [0, DHCP.DISCOVER]);
  assert.deepEqual([p.stats().dhcp_naks, p.stats().dhcp_leases_lost], [1, 1]);
  p.none();
});

test("requesting_noAck_fourRetriesThenNewDiscover", () => {
  const p = client();
  const d = nextDhcp(p);
  reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, ...lease });
  p.advance(130_000);
  const types: number[] = [];
  let x: Sent;
  do { x = nextDhcp(p); types.push(x.msg.type); } while (x.msg.type !== DHCP.DISCOVER);
  assert.deepEqual(types, [3, 3, 3, 3, 3, 1]);
  assert.notEqual(x.msg.xid, d.msg.xid);
});

test("bound_release_releaseUnicastThenSilent", () => {
  const p = client();
  bind(p);
  assert.equal(p.e.dhcp_release(p.now), Err.OK);
  const r = nextDhcp(p);
  assert.deepEqual([r.src, r.dst, r.msg.type, r.msg.ciaddr], [LEASED, SERVER, DHCP.RELEASE, LEASED]);
  assert.deepEqual(optList(r.msg), [[53, [7]], [61, [1, ...mac]], [54, u32(SERVER)]]);
  assert.deepEqual([p.e.ip_address(), p.e.dhcp_state()], [0, DhcpState.OFF]);
  p.advance(1_000_000);
  p.none();
  assert.equal(p.e.dhcp_release(p.now), Err.NOTCONN);
});

test("bound_renewNow_requestAtOnce", () => {
  const p = client();
  bind(p);
  p.advance(1000);
  assert.equal(p.e.dhcp_renew(p.now), Err.OK);
  p.advance(0);
  const r = nextDhcp(p);
  assert.deepEqual([r.dst, r.msg.type, r.msg.ciaddr], [SERVER, DHCP.REQUEST, LEASED]);
});

test("bound_serverT1T2_honoured", () => {
  const p = client();
  bind(p, { t1: 10, t2: 20, lease: 3600 });
  p.at(25_000);
  assert.deepEqual([nextDhcp(p).at, nextDhcp(p).at], [10_000, 20_000]);
  assert.ok(p.e.dhcp_lease_left(p.now) > 3500);
});

test("bound_infiniteLease_noTimer", () => {
  const p = client();
  bind(p, { lease: 0xffffffff });
  assert.equal(p.e.dhcp_lease_left(p.now) >>> 0, 0xffffffff);
  p.advance(3_000_000);
  p.none();
});

test("selecting_malformedOrForeignReplies_droppedCountedNothingSent", () => {
  const p = client();
  const d = nextDhcp(p);
  const x = d.msg.xid;
  const idx = (n: string) => Object.keys(p.stats()).indexOf(n);
  const offer = { type: DHCP.OFFER, xid: x, yiaddr: LEASED, ...lease };
  assert.equal(reply(p, { ...offer, cookie: 0x63825364 }), idx("drop_dhcp_malformed"), "magic cookie");
  assert.equal(reply(p, { ...offer, xid: x ^ 1 }), idx("drop_dhcp_not_ours"), "xid");
  assert.equal(reply(p, { ...offer, chaddr: [2, 0, 0, 0, 0, 7] }), idx("drop_dhcp_not_ours"), "chaddr");
  assert.equal(reply(p, { ...offer, extra: [51, 10, 1, 2] }), idx("drop_dhcp_malformed"), "an option running past the end");
  assert.equal(reply(p, { ...offer, extra: [53, 2, 2, 2] }), idx("drop_dhcp_malformed"), "a message type of two bytes");
  assert.equal(reply(p, { ...offer, serverId: undefined }), idx("drop_dhcp_malformed"), "no server identifier");
  assert.equal(reply(p, { ...offer, yiaddr: ip4("224.0.0.1") }), idx("drop_dhcp_malformed"), "a multicast address offered");
  assert.equal(reply(p, { ...offer, type: DHCP.ACK }), idx("drop_dhcp_unexpected"), "an ACK while selecting");
  assert.equal(reply(p, offer, LEASED, 1067), idx("drop_udp_not_for_us"), "not from port 67");
  p.none();
  assert.equal(p.e.dhcp_state(), DhcpState.SELECTING);
  assert.equal(reply(p, offer), 0, "a sound offer still works");
  assert.equal(nextDhcp(p).msg.type, DHCP.REQUEST);
});

test("requesting_ackFromOtherServer_ignored", () => {
  const p = client();
  const d = nextDhcp(p);
  reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, ...lease });
  const r = nextDhcp(p);
  const idx = Object.keys(p.stats()).indexOf("drop_dhcp_unexpected");
  assert.equal(reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease, serverId: ip4("10.0.0.3") }), idx);
  assert.equal(reply(p, { type: DHCP.NAK, xid: r.msg.xid, serverId: ip4("10.0.0.3") }), idx);
  assert.equal(p.e.dhcp_state(), DhcpState.REQUESTING);
  p.none();
});

test("requesting_nak_restartsWithDiscover", () => {
  const p = client();
  const d = nextDhcp(p);
  reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, ...lease });
  const r = nextDhcp(p);
  assert.equal(reply(p, { type: DHCP.NAK, xid: r.msg.xid, serverId: SERVER }), 0);
  assert.equal(nextDhcp(p).msg.type, DHCP.DISCOVER);
  assert.equal(p.e.ip_address(), 0);
  p.none();
});

test("renewing_noAnswer_retransmitHalfTheTimeToT2ThenToExpiryDownToSixtySeconds", () => {
  const p = client();
  bind(p, { lease: 3600 }); // T1 1800 s, T2 3150 s (7/8), expiry 3600 s, all from the REQUEST at 0
  p.at(3_600_000);
  const sent: [number, number, number][] = [];
  for (let d = p.next(); d; d = p.next()) {
    assert.equal(d.type, "udp");
    const m = parseDhcp(d.data!);
    sent.push([d.sentAt, m.type, d.dst!]);
  }
  // RFC 2131 4.4.5: half the time left to T2 (RENEWING) or to the lease's end (REBINDING), at least 60 s.
  assert.deepEqual(sent, [
    [1_800_000, DHCP.REQUEST, SERVER], [2_475_000, DHCP.REQUEST, SERVER], [2_812_500, DHCP.REQUEST, SERVER],
    [2_981_250, DHCP.REQUEST, SERVER], [3_065_625, DHCP.REQUEST, SERVER], [3_125_625, DHCP.REQUEST, SERVER],
    [3_150_000, DHCP.REQUEST, BCAST], [3_375_000, DHCP.REQUEST, BCAST], [3_487_500, DHCP.REQUEST, BCAST],
    [3_547_500, DHCP.REQUEST, BCAST], [3_600_000, DHCP.DISCOVER, BCAST],
  ]);
});

test("rebinding_ackToRetransmission_leaseCountsFromFirstRequest", () => {
  const p = client();
  bind(p, { lease: 3600 });
  p.at(3_375_000);
  const sent: DhcpMessage[] = [];
  for (let d = p.next(); d; d = p.next()) sent.push(parseDhcp(d.data!));
  const rebind = sent.at(-1)!;
  assert.equal(p.e.dhcp_state(), DhcpState.REBINDING);
  assert.equal(sent.filter((m) => m.xid === rebind.xid).length, 2, "REBINDING's REQUEST at T2 and its retransmission");
  p.at(3_400_000);
  assert.equal(reply(p, { type: DHCP.ACK, xid: rebind.xid, yiaddr: LEASED, ...lease, lease: 3600 }), 0);
  assert.equal(p.e.dhcp_lease_left(p.now), 3350, "RFC 2131 4.4.1: from the first REQUEST at T2 (3150 s), not the retransmission");
  p.at(4_950_000);
  assert.equal(nextDhcp(p).at, 4_950_000, "T1 = 3150 + 1800 s");
  p.none();
});

test("selecting_noOffer_backoffRandomisedFromTheSeed", () => {
  const times = (seed: number) => {
    const p = client("board", seed);
    p.advance(70_000);
    const at: number[] = [];
    for (let d = p.next(); d; d = p.next()) at.push(d.sentAt);
    return at;
  };
  assert.deepEqual(times(42), times(42), "the same seed, the same times");
  assert.notDeepEqual(times(42), times(43), "another seed, other jitter (RFC 2131 4.1)");
  assert.ok(times(7).some((t) => t % 1000 !== 0), "jitter finer than whole seconds");
});

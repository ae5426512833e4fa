// Ongoing address conflict detection (RFC 5227 2.4) through the real .wasm in virtual time: while the
// lease's address is in use, an ARP from another host with it as sender address is a conflict. The first
// is defended with one announcement; a second within DEFEND_INTERVAL (10 s) gives the address up: the
// connections on it are told (ADDRNOTAVAIL) and the client starts again in INIT. Nothing else may be sent.
import test from "node:test";
import assert from "node:assert/strict";
import { PEER_IP, State, Err, Opt } from "./support/peer.js";
import { DHCP } from "../../host/dhcp-wire.js";
import { arpFrame } from "./support/frames.js";
import { DhcpState, Trace } from "../../host/abi.js";
import { LEASED, BCAST, MASK, ROUTER, mac, client, nextDhcp, reply, bind, probed, lease } from "./support/dhcp-client.js";
import type { Peer } from "./support/peer.js";

const INTRUDER = [2, 0, 0, 0, 0, 9];
/** Another host's gratuitous ARP request for our address (op 1), or its broadcast reply to someone else
 *  (op 2, as RFC 5227 2.6 allows): both with our address as sender's. */
const claim = (p: Peer, op = 1) => p.raw(arpFrame(op, INTRUDER, LEASED, op === 1 ? [0, 0, 0, 0, 0, 0] : [255, 255, 255, 255, 255, 255], op === 1 ? LEASED : PEER_IP));

/** The one announcement that defends the address (RFC 5227 2.4 (b)): ours, broadcast. */
function defended(p: Peer): void {
  const a = p.next()!;
  assert.deepEqual([a.type, a.arpOp, a.arpSender, a.arpTarget, [...a.frame.subarray(0, 6)], [...a.frame.subarray(6, 12)]],
    ["arp", 1, LEASED, LEASED, [255, 255, 255, 255, 255, 255], mac]);
}

function bound(): { p: Peer; h: number } {
  const p = client();
  bind(p);
  const h = p.activeOpen();
  return { p, h };
}

test("bound_conflictingArp_defendedOnceAddressKept", () => {
  const { p, h } = bound();
  p.advance(1000);
  assert.equal(claim(p), 0);
  defended(p);
  p.none();
  assert.deepEqual([p.e.ip_address() >>> 0, p.e.dhcp_state(), p.state(h)], [LEASED, DhcpState.BOUND, State.ESTABLISHED]);
  assert.deepEqual([p.stats().dhcp_conflicts, p.stats().dhcp_defences, p.stats().dhcp_leases_lost], [1, 1, 0]);
});

test("bound_secondConflictWithinDefendInterval_addressGivenUpConnectionToldDiscover", () => {
  const { p, h } = bound();
  const x = p.now;
  claim(p);
  defended(p);
  p.advance(9999);
  assert.equal(claim(p, 2), 0, "an ARP reply claims the address as well");
  const d = nextDhcp(p);
  assert.deepEqual([d.at, d.src, d.dst, d.msg.type, d.msg.ciaddr], [x + 9999, 0, BCAST, DHCP.DISCOVER, 0], "RFC 5227 2.4 (b): cease using it; start again in INIT");
  p.none();
  assert.deepEqual([p.e.ip_address(), p.e.dhcp_state()], [0, DhcpState.SELECTING]);
  assert.equal(p.state(h), State.CLOSED);
  assert.equal(p.getopt(h, Opt.SO_ERROR), Err.ADDRNOTAVAIL, "the connection is told the address went");
  assert.deepEqual(p.core.traces.filter((t) => t[0] === Trace.ADDRESS).map((t) => t.slice(1).map((v) => v >>> 0)), [[LEASED, MASK, ROUTER], [0, 0, 0]]);
  assert.deepEqual([p.stats().dhcp_conflicts, p.stats().dhcp_defences, p.stats().dhcp_leases_lost, p.stats().dhcp_declines], [2, 1, 1, 0],
    "no DECLINE: that is for an address not yet in use");
});

test("bound_conflictsDefendIntervalApart_eachDefended", () => {
  const { p, h } = bound();
  claim(p);
  defended(p);
  p.advance(10_000);
  claim(p);
  defended(p);
  p.advance(10_000);
  claim(p, 2);
  defended(p);
  p.none();
  assert.deepEqual([p.e.ip_address() >>> 0, p.state(h)], [LEASED, State.ESTABLISHED]);
  assert.deepEqual([p.stats().dhcp_conflicts, p.stats().dhcp_defences], [3, 3]);
});

test("bound_probeForOurAddress_answeredNoConflict", () => {
  const { p } = bound();
  assert.equal(p.raw(arpFrame(1, INTRUDER, 0, [0, 0, 0, 0, 0, 0], LEASED)), 0);
  const a = p.next()!;
  assert.deepEqual([a.arpOp, a.arpSender, a.arpTarget, [...a.frame.subarray(0, 6)]], [2, LEASED, 0, INTRUDER], "RFC 5227 2.1.1: the prober learns the address is taken");
  p.none();
  assert.deepEqual([p.stats().dhcp_conflicts, p.e.ip_address() >>> 0], [0, LEASED]);
});

test("bound_ourOwnArpEchoed_noConflict", () => {
  const { p } = bound();
  p.raw(arpFrame(1, mac, LEASED, [0, 0, 0, 0, 0, 0], LEASED));
  p.none();
  assert.equal(p.stats().dhcp_conflicts, 0);
});

test("renewing_conflictTwice_addressGivenUpRenewalAbandoned", () => {
  const { p, h } = bound();
  p.at(50_000);
  const r = nextDhcp(p);
  assert.equal(p.e.dhcp_state(), DhcpState.RENEWING);
  claim(p);
  defended(p);
  claim(p);
  const d = nextDhcp(p);
  assert.equal(d.msg.type, DHCP.DISCOVER);
  assert.equal(p.getopt(h, Opt.SO_ERROR), Err.ADDRNOTAVAIL);
  assert.notEqual(reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease }), 0, "the renewal's late ACK belongs to an abandoned transaction");
  assert.equal(p.e.ip_address(), 0);
  p.none();
});

test("newLease_conflictWithinDefendIntervalOfTheOldOne_defended", () => {
  const { p } = bound();
  claim(p);
  defended(p);
  claim(p);
  const t = p.now;
  const d = nextDhcp(p);
  reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, ...lease });
  const r = nextDhcp(p);
  reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease });
  probed(p);
  assert.ok(p.now - t < 10_000);
  claim(p);
  defended(p);
  p.none();
  assert.equal(p.e.ip_address() >>> 0, LEASED, "a new lease starts with no recent conflict");
});

// The DHCP client's INIT-REBOOT (RFC 2131 3.2, 4.3.2, 4.4.2) through the real .wasm in virtual time: a host
// that kept its last address asks for it again with a broadcast REQUEST (option 50, no server identifier);
// an ACK is probed (RFC 5227) and bound, a NAK or silence starts over in INIT. Nothing else may be sent.
import test from "node:test";
import assert from "node:assert/strict";
import { Err } from "./support/peer.js";
import { DHCP } from "../../host/dhcp-wire.js";
import { arpFrame } from "./support/frames.js";
import { DhcpState } from "../../host/abi.js";
import { ip4 } from "./support/wasm.js";
import { SERVER, LEASED, BCAST, MASK, ROUTER, DNS1, DNS2, mac, lease, idleClient, nextDhcp, optList, u32, reply, probed,
  statIndex, HOSTNAME_OPT, PARAMS_OPT, CLIENT_ID_OPT } from "./support/dhcp-client.js";
import type { Peer } from "./support/peer.js";

/** A client started in INIT-REBOOT for LEASED; returns the REQUEST it broadcast. */
function reboot(p: Peer = idleClient()) {
  assert.equal(p.e.dhcp_reboot(p.now, LEASED), Err.OK);
  return { p, r: nextDhcp(p) };
}

test("initReboot_dhcpReboot_requestBroadcastWithRequestedAddressNoServerId", () => {
  const { p, r } = reboot();
  assert.deepEqual([r.src, r.dst, r.ethDst, r.msg.ciaddr, r.msg.yiaddr, r.msg.secs, r.msg.flags, r.msg.type, r.msg.length],
    [0, BCAST, [255, 255, 255, 255, 255, 255], 0, 0, 0, 0, DHCP.REQUEST, 300], "RFC 2131 4.3.2 INIT-REBOOT: ciaddr 0, broadcast");
  assert.deepEqual(optList(r.msg), [[53, [3]], CLIENT_ID_OPT, [50, u32(LEASED)], HOSTNAME_OPT, PARAMS_OPT], "option 50, no 54");
  assert.equal(p.e.dhcp_state(), DhcpState.REBOOTING);
  assert.equal(p.e.ip_address(), 0, "the remembered address is not used before the ACK");
  assert.equal(p.stats().dhcp_requests, 1);
  p.none();
});

test("initReboot_unusableAddress_invalNothingSent", () => {
  const p = idleClient();
  for (const a of [0, BCAST, ip4("224.0.0.251"), ip4("127.0.0.1"), ip4("240.0.0.1")]) assert.equal(p.e.dhcp_reboot(p.now, a), Err.INVAL);
  assert.equal(p.e.dhcp_state(), DhcpState.OFF);
  p.advance(100_000);
  p.none();
});

test("rebooting_ack_probedThenBoundAndRenewsWithItsServer", () => {
  const { p, r } = reboot();
  p.advance(500);
  assert.equal(reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease }), 0);
  p.none();
  probed(p);
  assert.deepEqual([p.e.ip_address() >>> 0, p.e.ip_netmask() >>> 0, p.e.ip_gateway() >>> 0, p.e.dns_server(0) >>> 0, p.e.dns_server(1) >>> 0],
    [LEASED, MASK, ROUTER, DNS1, DNS2]);
  assert.equal(p.e.dhcp_server() >>> 0, SERVER, "the ACK's server identifier");
  assert.deepEqual([p.stats().dhcp_acks, p.stats().dhcp_offers, p.stats().dhcp_discovers], [1, 0, 0]);
  p.at(50_000);
  const renew = nextDhcp(p);
  assert.deepEqual([renew.at, renew.src, renew.dst, renew.msg.ciaddr, renew.msg.type], [50_000, LEASED, SERVER, LEASED, DHCP.REQUEST],
    "T1 counts from the REQUEST at 0 (RFC 2131 4.4.1); renewal unicast to the server that ACKed");
  p.none();
});

test("rebooting_ackFromAnyServer_taken", () => {
  const { p, r } = reboot();
  const other = ip4("10.0.0.3");
  assert.equal(reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease, serverId: other }), 0, "no server chosen yet: any may answer");
  assert.equal(p.e.dhcp_state(), DhcpState.CHECKING);
  assert.equal(p.e.dhcp_server() >>> 0, other);
});

test("rebooting_ackWithoutServerId_droppedMalformed", () => {
  const { p, r } = reboot();
  assert.equal(reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease, serverId: undefined }), statIndex(p, "drop_dhcp_malformed"),
    "option 54 is a MUST in an ACK (RFC 2131 Table 3): without it there is no one to renew with");
  assert.equal(reply(p, { type: DHCP.OFFER, xid: r.msg.xid, yiaddr: LEASED, ...lease }), statIndex(p, "drop_dhcp_unexpected"), "an OFFER");
  assert.equal(p.e.dhcp_state(), DhcpState.REBOOTING);
  p.none();
});

test("rebooting_nak_discoverAtOnce", () => {
  const { p, r } = reboot();
  p.advance(300);
  assert.equal(reply(p, { type: DHCP.NAK, xid: r.msg.xid, serverId: SERVER }), 0);
  const d = nextDhcp(p);
  assert.deepEqual([d.at, d.src, d.dst, d.msg.type, d.msg.ciaddr, d.msg.secs], [300, 0, BCAST, DHCP.DISCOVER, 0, 0],
    "RFC 2131 3.2 step 3: the remembered address cannot be reused; restart in INIT");
  assert.notEqual(d.msg.xid, r.msg.xid, "a new transaction");
  assert.equal(optList(d.msg).some(([c]) => c === 50), false, "the NAKed address is not asked for again");
  assert.deepEqual([p.e.dhcp_state(), p.e.ip_address()], [DhcpState.SELECTING, 0]);
  assert.deepEqual([p.stats().dhcp_naks, p.stats().dhcp_leases_lost], [1, 0], "nothing was in use to lose");
  p.none();
});

test("rebooting_noAnswer_twoRetransmissionsBackingOffThenDiscover", () => {
  const { p, r } = reboot();
  p.advance(60_000);
  let at = r.at;
  for (const base of [4000, 8000]) {
    const x = nextDhcp(p);
    assert.deepEqual([x.msg.type, x.msg.xid, x.dst], [DHCP.REQUEST, r.msg.xid, BCAST], "the same transaction");
    assert.deepEqual(optList(x.msg), optList(r.msg), "the same address asked for");
    assert.ok(x.at - at >= base - 1000 && x.at - at <= base + 1000, `${x.at - at} ms after the last, want ${base} +- 1000 (RFC 2131 4.1)`);
    assert.equal(x.msg.secs, Math.floor(x.at / 1000), "secs since the start");
    at = x.at;
  }
  const d = nextDhcp(p);
  assert.equal(d.msg.type, DHCP.DISCOVER, "RFC 2131 3.2 step 2 allows using the address until the lease ends; its end is unknown here: INIT");
  assert.ok(d.at - at >= 15_000 && d.at - at <= 17_000, `the last wait ${d.at - at} ms, want 16 s +- 1`);
  assert.equal(p.e.ip_address(), 0);
  assert.equal(p.stats().dhcp_requests, 3);
});

test("rebooting_ackedAddressInUse_declineThenDiscover", () => {
  const { p, r } = reboot();
  reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease });
  p.advance(1000);
  assert.equal(p.next()!.arpTarget, LEASED, "the first probe");
  p.raw(arpFrame(2, [2, 0, 0, 0, 0, 9], LEASED, mac, 0));
  const dec = nextDhcp(p);
  assert.deepEqual([dec.dst, dec.msg.type, optList(dec.msg)], [BCAST, DHCP.DECLINE, [[53, [4]], CLIENT_ID_OPT, [50, u32(LEASED)], [54, u32(SERVER)]]],
    "RFC 2131 3.2 step 3: an address in use is declined");
  assert.deepEqual([p.e.dhcp_state(), p.e.ip_address()], [DhcpState.INIT, 0]);
  p.advance(10_000);
  assert.equal(nextDhcp(p).msg.type, DHCP.DISCOVER);
  p.none();
});

test("bound_dhcpReboot_addressForgottenThenRequest", () => {
  const { p, r } = reboot();
  reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, ...lease });
  probed(p);
  assert.equal(p.e.dhcp_reboot(p.now, LEASED), Err.OK);
  assert.equal(p.e.ip_address(), 0, "as dhcp_start: the address goes until the server confirms it");
  const again = nextDhcp(p);
  assert.deepEqual([again.src, again.msg.type, again.msg.ciaddr], [0, DHCP.REQUEST, 0]);
  assert.equal(p.stats().dhcp_leases_lost, 1);
  p.none();
});

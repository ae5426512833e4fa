// Option overload (RFC 2131 4.1, RFC 2132 9.3) through the real .wasm: option 52 lends the file (1), sname
// (2) or both (3) fields to options, read after the options field, then file, then sname; the lease's
// parameters may live there. A bad option 52 or an option running off its field is dropped and counted.
import test from "node:test";
import assert from "node:assert/strict";
import { DHCP, dhcpOptionBytes } from "../../host/dhcp-wire.js";
import { DhcpState } from "../../host/abi.js";
import { ip4 } from "./support/wasm.js";
import { SERVER, LEASED, MASK, ROUTER, DNS1, DNS2, client, nextDhcp, opt, u32, reply, probed, statIndex } from "./support/dhcp-client.js";

const END = 255;

test("selecting_offerServerIdInFile_requestNamesIt", () => {
  const p = client();
  const d = nextDhcp(p);
  assert.equal(reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, extra: [52, 1, 1], file: [...dhcpOptionBytes({ serverId: SERVER, lease: 100 }), END] }), 0);
  const r = nextDhcp(p);
  assert.deepEqual([r.msg.type, [...opt(r.msg, 54)!], [...opt(r.msg, 50)!]], [DHCP.REQUEST, u32(SERVER), u32(LEASED)]);
  p.none();
});

test("requesting_ackParametersInFileAndSname_leaseConfigured", () => {
  const p = client();
  const d = nextDhcp(p);
  reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, serverId: SERVER });
  const r = nextDhcp(p);
  // Only the message type and option 52 in the options field; the rest split over file and sname, each
  // padded (option 0) before its END.
  const file = [0, 0, ...dhcpOptionBytes({ mask: MASK, router: ROUTER, lease: 100 }), END];
  const sname = [...dhcpOptionBytes({ serverId: SERVER, dns: [DNS1, DNS2] }), END];
  assert.equal(reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, extra: [52, 1, 3], file, sname }), 0);
  probed(p);
  assert.deepEqual([p.e.ip_address() >>> 0, p.e.ip_netmask() >>> 0, p.e.ip_gateway() >>> 0, p.e.dns_server(0) >>> 0, p.e.dns_server(1) >>> 0, p.e.dhcp_server() >>> 0],
    [LEASED, MASK, ROUTER, DNS1, DNS2, SERVER]);
  p.at(50_000);
  assert.equal(nextDhcp(p).at, 50_000, "T1 from the lease time in the file field");
});

test("requesting_ackOptionInOptionsAndSname_snameReadLast", () => {
  const p = client();
  const d = nextDhcp(p);
  reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, serverId: SERVER });
  const r = nextDhcp(p);
  const later = ip4("10.0.0.253");
  assert.equal(reply(p, { type: DHCP.ACK, xid: r.msg.xid, yiaddr: LEASED, serverId: SERVER, lease: 100, router: ROUTER, extra: [52, 1, 2],
    sname: [...dhcpOptionBytes({ router: later }), END] }), 0);
  probed(p);
  assert.equal(p.e.ip_gateway() >>> 0, later, "RFC 2131 4.1: options, then file, then sname");
});

test("selecting_fileWithoutOverload_notRead", () => {
  const p = client();
  const d = nextDhcp(p);
  assert.equal(reply(p, { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, file: [...dhcpOptionBytes({ serverId: SERVER }), END] }),
    statIndex(p, "drop_dhcp_malformed"), "without option 52 the file field is a file name: no server identifier");
  p.none();
});

test("selecting_malformedOverload_droppedCountedByReasonNothingSent", () => {
  const p = client();
  const d = nextDhcp(p);
  const offer = { type: DHCP.OFFER, xid: d.msg.xid, yiaddr: LEASED, serverId: SERVER };
  const value = statIndex(p, "drop_dhcp_overload_value"), field = statIndex(p, "drop_dhcp_overload_field");
  const cases: [string, Partial<typeof offer> & { extra?: number[]; file?: number[]; sname?: number[] }, number][] = [
    ["overload 0", { extra: [52, 1, 0] }, value],
    ["overload 4", { extra: [52, 1, 4] }, value],
    ["overload of two bytes", { extra: [52, 2, 1, 1] }, value],
    ["option 52 inside the file it lends", { extra: [52, 1, 1], file: [52, 1, 2, END] }, value],
    ["an option running off the file field", { extra: [52, 1, 1], file: [...new Array(122).fill(0), 6, 8, 10, 0, 0, 53] }, field],
    ["a length byte past the sname field", { extra: [52, 1, 2], sname: [...new Array(63).fill(0), 3] }, field],
    ["the sname field lent but the file field broken", { extra: [52, 1, 3], file: [...new Array(127).fill(0), 1] }, field],
  ];
  for (const [what, c, why] of cases) assert.equal(reply(p, { ...offer, ...c }), why, what);
  assert.deepEqual([p.stats().drop_dhcp_overload_value, p.stats().drop_dhcp_overload_field], [4, 3]);
  assert.equal(reply(p, { ...offer, extra: [52, 1, 3], file: [0, 0, 0], sname: [...dhcpOptionBytes({ lease: 60 }), END] }), 0,
    "a lent field of padding without END, and one ended by END, are sound");
  assert.equal(p.e.dhcp_state(), DhcpState.REQUESTING);
  assert.equal(nextDhcp(p).msg.type, DHCP.REQUEST);
  p.none();
});

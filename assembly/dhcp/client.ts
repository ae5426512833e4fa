// The DHCPv4 client (RFC 2131 4.4, Figure 5): INIT -> SELECTING -> REQUESTING (or INIT-REBOOT ->
// REBOOTING with a remembered address) -> (ARP probe, RFC 5227) -> BOUND -> RENEWING at T1 -> REBINDING
// at T2 -> lease gone. While the address is in use, another host's ARP claiming it is defended once, and
// a second claim within DEFEND_INTERVAL gives it up (RFC 5227 2.4). Retransmissions back off 4, 8, ... 64 s,
// each randomised by +-1 s from the seed (RFC 2131 4.1). The core has no clock: every deadline counts on
// `clock`, milliseconds since dhcp_start advanced by each call's `now` (so leases longer than the u32
// millisecond range still work).
import { DhcpState, Err, Trace } from "../abi";
import { ARP_LEN } from "../wire/arp";
import {
  dhcpParse, dhcpWriteHeader, dhcpOptBytes, dhcpOpt8, dhcpOpt32, dhcp_type, dhcp_xid, dhcp_yiaddr, dhcp_server_id,
  dhcp_lease, dhcp_t1, dhcp_t2, dhcp_mask, dhcp_router, dhcp_dns0, dhcp_dns1, DHCP_CLIENT_PORT, DHCP_SERVER_PORT,
  DHCP_MIN_LEN, DHCPDISCOVER, DHCPOFFER, DHCPREQUEST, DHCPDECLINE, DHCPACK, DHCPNAK, DHCPRELEASE, OPT_MSG_TYPE,
  OPT_CLIENT_ID, OPT_HOSTNAME, OPT_REQUESTED_IP, OPT_SERVER_ID, OPT_PARAM_LIST, OPT_END, OPT_SUBNET_MASK,
  OPT_ROUTER, OPT_DNS, OPT_LEASE_TIME, OPT_T1, OPT_T2,
} from "../wire/dhcp";
import { put8 } from "../wire/bytes";
import { MAC, TX, now, ip_addr, setIpConfig, setDnsServer, hostnamePtr, hostnameLen } from "../iface/netif";
import { TX_TRANSPORT } from "../iface/ip";
import { arpProbe, arpAnnounce } from "../iface/arp";
import { Stat, count, drop } from "../iface/stats";
import { trace } from "../host";
import { UDP_HLEN } from "../wire/udp";
import { udpOutput } from "../udp/output";
import { tcpAddressLost } from "../tcp/conn";
import { splitmix } from "../tcp/isn";

// RFC 5227 1.1's constants, in ms.
const PROBE_WAIT: u32 = 1000;
const PROBE_NUM: i32 = 3;
const PROBE_MIN: u32 = 1000;
const PROBE_MAX: u32 = 2000;
const ANNOUNCE_WAIT: u32 = 2000;
const DEFEND_INTERVAL: u64 = 10_000;
/** RFC 2131 3.1.5: after a DECLINE, wait at least ten seconds before starting again. */
const DECLINE_WAIT: u32 = 10_000;
/** REQUESTING gives up after this many retransmissions and starts again (as lwIP's 4 tries, about a minute). */
const REQUEST_TRIES: i32 = 4;
/** REBOOTING gives up sooner (the REQUEST and two retransmissions, then 16 s: about half a minute): on
 *  another network, servers with no record of the client stay silent (RFC 2131 4.3.2). */
const REBOOT_TRIES: i32 = 2;
/** RFC 2131 4.4.5: in RENEWING and REBINDING, wait half the time left, but at least 60 s. */
const RENEW_MIN_WAIT: u64 = 60_000;
/** The longest wait poll() reports, so a long lease needs no more than the i32 of ms poll returns. */
const MAX_WAIT: u64 = 1 << 30;
const INFINITE: u32 = 0xffffffff;
const NEVER: u64 = 0xffffffffffffffff;

let state: i32 = DhcpState.OFF;
let rng: u64 = 0;
let clock: u64 = 0; // ms since dhcp_start
let last_now: u32 = 0;
let xid: u32 = 0;
let started: u64 = 0; // when this acquisition began (the secs field)
let deadline: u64 = NEVER; // the next retransmission, probe, or restart
let tries: i32 = 0;
let offered: u32 = 0; // yiaddr of the offer taken, then of the lease
let server: u32 = 0; // server identifier (option 54) of the offer taken, then of the lease
let lease_mask: u32 = 0;
let lease_router: u32 = 0;
let lease_dns0: u32 = 0;
let lease_dns1: u32 = 0;
let lease_start: u64 = 0; // when the REQUEST that the lease answers was sent (RFC 2131 4.4.1)
let t1_at: u64 = NEVER;
let t2_at: u64 = NEVER;
let expiry_at: u64 = NEVER;
let conflict_at: u64 = NEVER; // the last conflicting ARP defended while the address was in use (RFC 5227 2.4)

export function dhcpReset(seed: u64): void {
  state = DhcpState.OFF;
  rng = splitmix(seed ^ 0x6468637000000000); // "dhcp": a stream of its own, apart from the ISN keys
  clock = 0; last_now = now;
  deadline = NEVER; t1_at = NEVER; t2_at = NEVER; expiry_at = NEVER; conflict_at = NEVER;
  offered = 0; server = 0; tries = 0;
}

export function dhcpState(): i32 { return state; }
export function dhcpActive(): bool { return state != DhcpState.OFF; }
/** BOUND, RENEWING or REBINDING: the lease's address is configured and in use. */
function leased(): bool { return state >= DhcpState.BOUND && state <= DhcpState.REBINDING; }
export function dhcpServer(): u32 { return server; }
/** Seconds of lease left (0 without one; 0xffffffff for an infinite lease). */
export function dhcpLeaseLeft(): u32 {
  tick();
  if (!leased()) return 0;
  if (expiry_at == NEVER) return INFINITE;
  return expiry_at > clock ? <u32>((expiry_at - clock) / 1000) : 0;
}

/** Moves `clock` on by the time since the last call (u32 `now` wraps; the difference does not). */
function tick(): void {
  clock += <u64>(now - last_now);
  last_now = now;
}

function random(): u32 { rng = splitmix(rng); return <u32>(rng >> 32); }

/** RFC 2131 4.1: 4 s for the first retransmission, doubling to 64 s, each +-1 s at random. */
function backoff(n: i32): u64 { return (<u64>4000 << <u64>min(n, 4)) - 1000 + <u64>(random() % 2001); }

function setState(s: i32): void {
  state = s;
}

// ---- sending ----
/** Builds a message of `type` in TX (the UDP payload's place, so udpOutput's copy is in place) and sends
 *  it to `dst` (255.255.255.255, or the server's unicast address when we hold the lease). */
function send(type: u32, dst: u32, ciaddr: u32, requested: u32, serverId: u32): void {
  const p = TX + TX_TRANSPORT + UDP_HLEN;
  const secs = <u32>min((clock - started) / 1000, <u64>0xffff);
  let o = dhcpWriteHeader(p, xid, type == DHCPDECLINE || type == DHCPRELEASE ? 0 : secs, ciaddr, MAC);
  o = dhcpOpt8(o, OPT_MSG_TYPE, type);
  // Client identifier: hardware type 1 and the MAC (RFC 2132 9.14).
  put8(o, OPT_CLIENT_ID); put8(o + 1, 7); put8(o + 2, 1); memory.copy(o + 3, MAC, 6); o += 9;
  if (requested) o = dhcpOpt32(o, OPT_REQUESTED_IP, requested);
  if (serverId) o = dhcpOpt32(o, OPT_SERVER_ID, serverId);
  if (type != DHCPDECLINE && type != DHCPRELEASE) {
    if (hostnameLen()) o = dhcpOptBytes(o, OPT_HOSTNAME, hostnamePtr(), hostnameLen());
    put8(o, OPT_PARAM_LIST); put8(o + 1, 6);
    put8(o + 2, OPT_SUBNET_MASK); put8(o + 3, OPT_ROUTER); put8(o + 4, OPT_DNS);
    put8(o + 5, OPT_LEASE_TIME); put8(o + 6, OPT_T1); put8(o + 7, OPT_T2);
    o += 8;
  }
  put8(o, OPT_END); o++;
  let len = <i32>(o - p);
  if (len < DHCP_MIN_LEN) { memory.fill(o, 0, DHCP_MIN_LEN - len); len = DHCP_MIN_LEN; }
  count(type == DHCPDISCOVER ? Stat.DHCP_DISCOVERS : type == DHCPREQUEST ? Stat.DHCP_REQUESTS
    : type == DHCPDECLINE ? Stat.DHCP_DECLINES : Stat.DHCP_RELEASES);
  udpOutput(DHCP_CLIENT_PORT, dst, DHCP_SERVER_PORT, p, <u32>len);
}

/** A new transaction in state `s`. */
function begin(s: i32): void {
  setState(s);
  xid = random();
  started = clock;
  tries = 0;
}

function discover(): void {
  begin(DhcpState.SELECTING);
  send(DHCPDISCOVER, 0xffffffff, 0, 0, 0);
  deadline = clock + backoff(0);
}

/** REQUESTING: broadcast with options 50 and 54 (RFC 2131 4.3.2 SELECTING); REBOOTING: with option 50
 *  only, as `server` is 0 (4.3.2 INIT-REBOOT). */
function request(): void {
  send(DHCPREQUEST, 0xffffffff, 0, offered, server);
  deadline = clock + backoff(tries);
}

// ---- the API ----
/** dhcp_start: forgets any address and starts acquiring one (RFC 2131 4.4.1). */
export function dhcpStart(): i32 {
  tick();
  if (ip_addr != 0) loseAddress();
  discover();
  return Err.OK;
}

/** dhcp_reboot: INIT-REBOOT (RFC 2131 3.2, 4.4.2): asks for `addr`, the address of an earlier lease,
 *  without a DISCOVER. INVAL for an address no host may take. */
export function dhcpReboot(addr: u32): i32 {
  if (!usable(addr)) return Err.INVAL;
  tick();
  if (ip_addr != 0) loseAddress();
  begin(DhcpState.REBOOTING);
  offered = addr;
  server = 0;
  lease_start = clock;
  request();
  return Err.OK;
}

/** dhcp_release: gives the lease back (RFC 2131 4.4.6), forgets the address, stops. */
export function dhcpRelease(): i32 {
  tick();
  if (state == DhcpState.OFF) return Err.NOTCONN;
  if (leased()) {
    xid = random();
    send(DHCPRELEASE, server, offered, 0, server);
    if (ip_addr != 0) loseAddress();
  }
  setState(DhcpState.OFF);
  deadline = NEVER; t1_at = NEVER; t2_at = NEVER; expiry_at = NEVER;
  return Err.OK;
}

/** dhcp_renew: renews now, as if T1 had come (udhcpc's SIGUSR1). Only with a lease. */
export function dhcpRenew(): i32 {
  tick();
  if (!leased()) return Err.NOTCONN;
  if (state == DhcpState.BOUND) t1_at = clock; // else already renewing or rebinding
  return Err.OK;
}

// ---- receiving ----
/** A datagram to port 68 from port 67 while the client runs: always consumed; a bad one is counted. */
export function dhcpInput(src: u32, p: usize, len: u32): i32 {
  tick();
  const r = dhcpParse(p, <i32>len, MAC);
  if (r != Stat.NONE) return drop(r);
  if (dhcp_xid != xid) return drop(Stat.DROP_DHCP_NOT_OURS);
  if (state == DhcpState.SELECTING) {
    if (dhcp_type != DHCPOFFER) return drop(Stat.DROP_DHCP_UNEXPECTED);
    // An offer we could use: an address for us, from a server that names itself (RFC 2131 4.3.1).
    if (dhcp_server_id == 0 || !usable(dhcp_yiaddr)) return drop(Stat.DROP_DHCP_MALFORMED);
    count(Stat.DHCP_OFFERS);
    offered = dhcp_yiaddr;
    server = dhcp_server_id;
    setState(DhcpState.REQUESTING);
    tries = 0;
    lease_start = clock;
    request();
    return 0;
  }
  if (state == DhcpState.REQUESTING || state == DhcpState.REBOOTING || leased()) {
    if (dhcp_type != DHCPACK && dhcp_type != DHCPNAK) return drop(Stat.DROP_DHCP_UNEXPECTED);
    // REQUESTING and RENEWING talk to one server, which must answer; REBINDING and REBOOTING ask any
    // (RFC 2131 4.4.5, 3.2).
    const anyServer = state == DhcpState.REBINDING || state == DhcpState.REBOOTING;
    if (!anyServer && dhcp_server_id != 0 && dhcp_server_id != server) return drop(Stat.DROP_DHCP_UNEXPECTED);
    if (dhcp_type == DHCPNAK) {
      count(Stat.DHCP_NAKS);
      if (leased()) loseAddress();
      discover(); // RFC 2131 3.1 step 4, 3.2 step 3, 4.4.4: restart in INIT
      return 0;
    }
    // Without option 54 (a MUST in an ACK, RFC 2131 Table 3) REBOOTING would not know whom to renew with.
    if (state == DhcpState.REBOOTING && dhcp_server_id == 0) return drop(Stat.DROP_DHCP_MALFORMED);
    if (!usable(dhcp_yiaddr) || (leased() && dhcp_yiaddr != offered)) return drop(Stat.DROP_DHCP_MALFORMED);
    count(Stat.DHCP_ACKS);
    takeLease();
    if (!leased()) startProbe(); // RFC 2131 3.1 step 5, 3.2 step 3: check the address before using it
    else { count(Stat.DHCP_RENEWALS); setState(DhcpState.BOUND); deadline = NEVER; }
    return 0;
  }
  return drop(Stat.DROP_DHCP_UNEXPECTED);
}

/** An address a host may take: not 0, broadcast, multicast, class E or loopback. */
function usable(a: u32): bool { return a != 0 && (a >>> 28) < 14 && (a >>> 24) != 127 && (a >>> 24) != 0; }

/** The ACK's parameters; T1 and T2 default to 0.5 and 0.875 of the lease (RFC 2131 4.4.5). */
function takeLease(): void {
  if (!leased()) offered = dhcp_yiaddr;
  if (dhcp_server_id != 0) server = dhcp_server_id;
  lease_mask = dhcp_mask != 0 ? dhcp_mask : defaultMask(offered);
  lease_router = dhcp_router;
  lease_dns0 = dhcp_dns0;
  lease_dns1 = dhcp_dns1;
  const lease = dhcp_lease != 0 ? dhcp_lease : INFINITE;
  if (lease == INFINITE) { t1_at = NEVER; t2_at = NEVER; expiry_at = NEVER; }
  else {
    const l = <u64>lease * 1000;
    let t2 = dhcp_t2 != 0 && dhcp_t2 < lease ? <u64>dhcp_t2 * 1000 : l * 7 / 8;
    let t1 = dhcp_t1 != 0 && <u64>dhcp_t1 * 1000 < t2 ? <u64>dhcp_t1 * 1000 : min(l / 2, t2);
    t1_at = lease_start + t1;
    t2_at = lease_start + t2;
    expiry_at = lease_start + l;
  }
  // A renewal at the same address changes nothing the connections see; other parameters may move.
  if (leased()) configure();
}

/** The class's mask when the server gives none (RFC 2131 leaves it to the client; as lwIP does). */
function defaultMask(a: u32): u32 { return a < 0x80000000 ? 0xff000000 : a < 0xc0000000 ? 0xffff0000 : 0xffffff00; }

function configure(): void {
  setIpConfig(offered, lease_mask, lease_router);
  setDnsServer(0, lease_dns0);
  setDnsServer(1, lease_dns1);
}

// ---- RFC 5227 probe ----
function startProbe(): void {
  setState(DhcpState.CHECKING);
  tries = 0;
  deadline = clock + <u64>(random() % (PROBE_WAIT + 1));
}

/** Called for every sound ARP packet: during CHECKING, anyone else using or probing for the offered
 *  address is a conflict (RFC 5227 2.1.1); the lease is declined. While the address is in use, another
 *  host's ARP with it as sender address is a conflict (RFC 5227 2.4); true when that consumed the packet. */
export function dhcpArpSeen(op: u32, sha: usize, spa: u32, tpa: u32): bool {
  if (state != DhcpState.CHECKING && !leased()) return false;
  const fromOther = load<u32>(sha) != load<u32>(MAC) || load<u16>(sha + 4) != load<u16>(MAC + 4);
  if (!fromOther) return false;
  if (state == DhcpState.CHECKING) {
    if (spa == offered || (spa == 0 && tpa == offered && op == 1)) decline();
    return false;
  }
  if (spa != offered) return false;
  tick();
  count(Stat.DHCP_CONFLICTS);
  // RFC 5227 2.4 (b): defend with one announcement unless a conflict came within DEFEND_INTERVAL; then
  // cease using the address (connections are told) and start again in INIT. No DECLINE: that is for an
  // address not yet used (RFC 2131 3.1 step 5).
  if (conflict_at == NEVER || clock - conflict_at >= DEFEND_INTERVAL) {
    conflict_at = clock;
    count(Stat.DHCP_DEFENCES);
    arpAnnounce();
  } else {
    loseAddress();
    discover();
  }
  return true;
}

function decline(): void {
  tick();
  send(DHCPDECLINE, 0xffffffff, 0, offered, server);
  setState(DhcpState.INIT);
  offered = 0;
  deadline = clock + DECLINE_WAIT;
}

// ---- address loss ----
/** The address goes (NAK while renewing, lease expired, release, a conflict): connections on it are told
 *  (ADDRNOTAVAIL), the interface is unconfigured. */
function loseAddress(): void {
  count(Stat.DHCP_LEASES_LOST);
  tcpAddressLost();
  setIpConfig(0, 0, 0);
  setDnsServer(0, 0);
  setDnsServer(1, 0);
}

// ---- timers ----
/** Runs what is due; returns ms until the next deadline, or -1. */
export function dhcpPoll(): i32 {
  if (state == DhcpState.OFF) return -1;
  tick();
  if (leased()) leaseTimers();
  if (deadline != NEVER && deadline <= clock) fire();
  let next = deadline;
  if (state == DhcpState.BOUND) next = t1_at;
  else if (state == DhcpState.RENEWING) next = min(min(deadline, t2_at), expiry_at);
  else if (state == DhcpState.REBINDING) next = min(deadline, expiry_at);
  if (next == NEVER) return -1;
  return next <= clock ? 0 : <i32>min(next - clock, MAX_WAIT);
}

/** BOUND -> RENEWING at T1 -> REBINDING at T2 -> address lost at expiry. */
function leaseTimers(): void {
  if (expiry_at <= clock) {
    loseAddress();
    discover();
    return;
  }
  // Each a new transaction; a lease it brings counts from its first REQUEST (RFC 2131 4.4.1), not from
  // a retransmission.
  if (state == DhcpState.BOUND && t1_at <= clock) {
    begin(DhcpState.RENEWING);
    lease_start = clock;
    renewOrRebind();
  }
  if (state == DhcpState.RENEWING && t2_at <= clock) {
    const s = started;
    begin(DhcpState.REBINDING);
    started = s; // secs counts from the start of the renewal (RFC 2131 2)
    lease_start = clock;
    renewOrRebind();
  }
}

/** RENEWING: unicast to the server; REBINDING: broadcast; both with ciaddr and neither option 50 nor 54
 *  (RFC 2131 4.3.2). The next try after half the time left to T2 (or expiry), at least 60 s (4.4.5). */
function renewOrRebind(): void {
  const renewing = state == DhcpState.RENEWING;
  send(DHCPREQUEST, renewing ? server : 0xffffffff, offered, 0, 0);
  const until = renewing ? t2_at : expiry_at;
  const half = until > clock ? (until - clock) / 2 : 0;
  deadline = clock + max(half, RENEW_MIN_WAIT);
}

function fire(): void {
  deadline = NEVER;
  switch (state) {
    case DhcpState.INIT: discover(); break;
    case DhcpState.SELECTING:
      tries++;
      send(DHCPDISCOVER, 0xffffffff, 0, 0, 0);
      deadline = clock + backoff(tries);
      break;
    case DhcpState.REQUESTING:
    case DhcpState.REBOOTING:
      // REBOOTING unanswered: RFC 2131 3.2 step 2 lets the client use the address for the rest of its
      // lease, but the core does not know how much is left: start again in INIT, the conservative path.
      if (++tries > (state == DhcpState.REBOOTING ? REBOOT_TRIES : REQUEST_TRIES)) { discover(); break; }
      request();
      break;
    case DhcpState.CHECKING:
      if (tries < PROBE_NUM) {
        arpProbe(offered);
        tries++;
        deadline = clock + (tries < PROBE_NUM ? <u64>(PROBE_MIN + random() % (PROBE_MAX - PROBE_MIN + 1)) : <u64>ANNOUNCE_WAIT);
        break;
      }
      // No one answered: the address is ours (RFC 5227 2.3: announce it).
      setState(DhcpState.BOUND);
      conflict_at = NEVER;
      configure();
      arpAnnounce();
      break;
    case DhcpState.RENEWING:
    case DhcpState.REBINDING:
      renewOrRebind();
      break;
  }
}

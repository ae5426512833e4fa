// ARP cache (RFC 826): fixed slots with ageing, one pending frame per unresolved neighbour.
import { ARP_SLOTS, ARP_MAX_AGE_MS, ARP_REFRESH_MS, ARP_RETRY_MS, ARP_TRIES, FRAME_MAX } from "../config";
import { arpParse, arpWrite, arp_op, arp_sha, arp_spa, arp_tpa, ARP_LEN, ARP_REQUEST, ARP_REPLY } from "../wire/arp";
import { ethWriteHeader, copyMac, ETH_HLEN, ETHERTYPE_ARP } from "../wire/ethernet";
import { seqLeq } from "../wire/seq";
import { MAC, BROADCAST_MAC, TX, ip_addr, now } from "./netif";
import { Stat, count, drop } from "./stats";
import { link_send, trace } from "../host";
import { Trace } from "../abi";
import { dhcpArpSeen } from "../dhcp/client";

const FREE: u8 = 0;
const PENDING: u8 = 1;
const RESOLVED: u8 = 2;
const FAILED: u8 = 3; // requests went unanswered: reported (arpFailed) until the next poll frees the slot

// @ts-ignore: decorator
@unmanaged class ArpEntry {
  ip: u32;
  deadline: u32; // RESOLVED: expiry; PENDING: next request
  pending_len: i32; // bytes of the frame waiting for this neighbour, 0 if none
  state: u8;
  tries: u8;
  mac0: u16; // the MAC as 2 + 4 bytes, stored contiguously from mac0
  mac2: u32;
}
const ENTRY_SIZE: i32 = <i32>offsetof<ArpEntry>();
const TABLE = memory.data(ENTRY_SIZE * ARP_SLOTS);
const PENDING_FRAMES = memory.data(FRAME_MAX * ARP_SLOTS);
/** Frame staging for ARP packets, so a TCP frame under construction in TX is never disturbed. */
const ARP_TX = memory.data(ETH_HLEN + ARP_LEN + 18);

// @ts-ignore: decorator
@inline function entry(i: i32): ArpEntry { return changetype<ArpEntry>(TABLE + <usize>(i * ENTRY_SIZE)); }
// @ts-ignore: decorator
@inline function macOf(e: ArpEntry): usize { return changetype<usize>(e) + offsetof<ArpEntry>("mac0"); }
// @ts-ignore: decorator
@inline function pendingOf(i: i32): usize { return PENDING_FRAMES + <usize>i * FRAME_MAX; }

export function arpReset(): void { memory.fill(TABLE, 0, ENTRY_SIZE * ARP_SLOTS); }

function find(ip: u32): i32 {
  for (let i = 0; i < ARP_SLOTS; i++) if (entry(i).state != FREE && entry(i).ip == ip) return i;
  return -1;
}

/** A free slot, else the oldest resolved entry, else the pending one asked longest ago. */
function victim(): i32 {
  let best = -1;
  for (let i = 0; i < ARP_SLOTS; i++) {
    const e = entry(i);
    if (e.state == FREE || e.state == FAILED) return i;
    if (best < 0 || (e.state == RESOLVED && entry(best).state == PENDING) ||
        (e.state == entry(best).state && seqLeq(e.deadline, entry(best).deadline))) best = i;
  }
  if (entry(best).pending_len) count(Stat.DROP_ARP_PENDING_REPLACED);
  return best;
}

function sendArp(op: u32, tha: usize, tpa: u32, dstMac: usize, spa: u32 = ip_addr): void {
  ethWriteHeader(ARP_TX, dstMac, MAC, ETHERTYPE_ARP);
  arpWrite(ARP_TX + ETH_HLEN, op, MAC, spa, tha, tpa);
  // Pad to the 60-byte Ethernet minimum.
  memory.fill(ARP_TX + ETH_HLEN + ARP_LEN, 0, 18);
  count(Stat.ARP_OUT);
  count(Stat.ETH_OUT);
  link_send(ARP_TX, ETH_HLEN + ARP_LEN + 18);
}

/** An ARP probe for `ip` (RFC 5227 2.1.1): sender address 0, so no one's cache learns anything. */
export function arpProbe(ip: u32): void { sendArp(ARP_REQUEST, 0, ip, BROADCAST_MAC, 0); }

/** Gratuitous ARP (RFC 5227 3): announces our address at start-up. */
export function arpAnnounce(): void { sendArp(ARP_REQUEST, 0, ip_addr, BROADCAST_MAC); }

function learn(i: i32, ip: u32, mac: usize): void {
  const e = entry(i);
  e.ip = ip;
  memory.copy(macOf(e), mac, 6);
  e.state = RESOLVED;
  e.deadline = now + ARP_MAX_AGE_MS;
  e.tries = 0;
  if (e.pending_len) {
    const f = pendingOf(i);
    memory.copy(f, mac, 6);
    count(Stat.ETH_OUT);
    link_send(f, e.pending_len);
    e.pending_len = 0;
  }
  trace(Trace.ARP, <i32>ip, 1, 0);
}

export function arpInput(p: usize, avail: i32): i32 {
  count(Stat.ARP_IN);
  const r = arpParse(p, avail);
  if (r != Stat.NONE) return drop(r);
  // A conflict with the address DHCP is probing, or with the one in use (defended, or given up).
  if (dhcpArpSeen(arp_op, arp_sha, arp_spa, arp_tpa)) return 0;
  // Without an address (before DHCP's lease) nothing is for us, but existing entries are still updated.
  const mine = ip_addr != 0 && arp_tpa == ip_addr;
  if (arp_spa == 0 || arp_spa == ip_addr) {
    // A probe, our own announcement echoed, or a conflict: nothing to learn (RFC 5227).
    return mine && arp_op == ARP_REQUEST && arp_spa == 0 ? reply() : (mine ? 0 : drop(Stat.DROP_ARP_NOT_FOR_US));
  }
  // RFC 826 "Packet Reception": update an existing entry whoever the target is ...
  let i = find(arp_spa);
  if (i >= 0) learn(i, arp_spa, arp_sha);
  if (!mine) return i >= 0 ? 0 : drop(Stat.DROP_ARP_NOT_FOR_US);
  // ... and add the sender when the packet is for us.
  if (i < 0) learn(victim(), arp_spa, arp_sha);
  return arp_op == ARP_REQUEST ? reply() : 0;
}

function reply(): i32 {
  // arp_sha points into the receive buffer, which sendArp does not touch.
  sendArp(ARP_REPLY, arp_sha, arp_spa, arp_sha);
  return 0;
}

/** Sends the frame in TX (`len` bytes, Ethernet header written but for the destination) to `nextHop`,
 *  or parks it until ARP resolves. */
export function arpOutput(nextHop: u32, len: i32): void {
  let i = find(nextHop);
  if (i >= 0 && entry(i).state == RESOLVED) {
    const e = entry(i);
    if (e.tries == 0 && <i32>(e.deadline - now) < <i32>ARP_REFRESH_MS) {
      e.tries = 1;
      sendArp(ARP_REQUEST, macOf(e), nextHop, macOf(e));
    }
    copyMac(TX, macOf(e));
    count(Stat.ETH_OUT);
    link_send(TX, len);
    return;
  }
  if (i < 0 || entry(i).state == FAILED) {
    if (i < 0) i = victim();
    const e = entry(i);
    e.ip = nextHop;
    e.state = PENDING;
    e.tries = 1;
    e.pending_len = 0;
    e.deadline = now + ARP_RETRY_MS;
    sendArp(ARP_REQUEST, 0, nextHop, BROADCAST_MAC);
  }
  // One pending frame per neighbour: the newest wins, as in lwIP without queueing.
  if (entry(i).pending_len) count(Stat.DROP_ARP_PENDING_REPLACED);
  memory.copy(pendingOf(i), TX, len);
  entry(i).pending_len = len;
}

/** True while the last resolution of `ip` has gone unanswered (from the poll that gave up to the next). */
export function arpFailed(ip: u32): bool {
  const i = find(ip);
  return i >= 0 && entry(i).state == FAILED;
}

/** Ages entries and repeats requests. Returns the earliest deadline, relative to now, or -1. */
export function arpPoll(): i32 {
  let next: i32 = -1;
  for (let i = 0; i < ARP_SLOTS; i++) {
    const e = entry(i);
    if (e.state == FREE) continue;
    if (seqLeq(e.deadline, now)) {
      if (e.state != PENDING) { e.state = FREE; continue; }
      if (<i32>e.tries >= ARP_TRIES) {
        if (e.pending_len) count(Stat.DROP_ARP_UNRESOLVED);
        e.pending_len = 0;
        e.state = FAILED; // TCP asks in this same poll (arpFailed); the next poll frees the slot
        trace(Trace.ARP, <i32>e.ip, 0, 0);
        continue;
      }
      e.tries++;
      e.deadline = now + ARP_RETRY_MS;
      sendArp(ARP_REQUEST, 0, e.ip, BROADCAST_MAC);
    }
    // Expiry of resolved entries needs no wake-up: it is checked lazily on the next poll.
    if (e.state == PENDING) {
      const d = <i32>(e.deadline - now);
      if (next < 0 || d < next) next = d;
    }
  }
  return next;
}

// The exported ABI and nothing else. Numbers and pointers only; see README "The ABI".
// Times are u32 milliseconds from any origin the host likes; they may wrap (compared modulo 2^32).
import { stackInit, stackInput, stackPoll, rxBuffer, ioBuffer } from "./stack";
import * as api from "./tcp/api";
import * as udp from "./udp/api";
import * as dhcp from "./dhcp/client";
import { setNow } from "./iface/netif";
import { Err } from "./abi";
import { ip_addr as addrNow, ip_netmask as maskNow, ip_gateway as gwNow, dnsServer, setDnsServer, DNS_SERVER_SLOTS, setHostname, hostnamePtr, hostnameLen } from "./iface/netif";
import { statsPtr } from "./iface/stats";
import { ABI_VALUES, ABI_VALUES_COUNT, STAT_NAMES } from "./gen/abi-table";
import { IO_BUFFER_SIZE, FRAME_MAX, TCP_CONNECTIONS, TCP_LISTENERS, TCP_SND_BUF, TCP_RCV_BUF, TCP_OOO_RANGES } from "./config";
import { TCB_BYTES, tcbCountState } from "./tcp/tcb";

/** Brings the stack up: MAC as two halves (hi = first 2 bytes, lo = last 4), IPv4 address, netmask and
 *  gateway as big-endian u32 (10.0.0.1 = 0x0a000001), a 64-bit random seed as two halves. Sends a
 *  gratuitous ARP. May be called again to reset everything. */
export function init(mac_hi: u32, mac_lo: u32, ip: u32, netmask: u32, gateway: u32, seed_hi: u32, seed_lo: u32, now: u32): void {
  stackInit(mac_hi, mac_lo, ip, netmask, gateway, seed_hi, seed_lo, now);
}

/** Where the host writes one received Ethernet frame (FRAME_MAX bytes, FCS excluded). */
export function rx_buffer(): usize { return rxBuffer(); }
/** Processes the frame at rx_buffer(). Returns 0 if it was consumed, or the stats index of the drop reason. */
export function input(len: u32, now: u32): i32 { return stackInput(len, now); }
/** Runs due timers and flushes output. Returns ms until the next deadline, or -1 if none is armed. */
export function poll(now: u32): i32 { return stackPoll(now); }

/** The shared buffer for application data: tcp_send reads from it, tcp_recv writes to it. */
export function io_buffer(): usize { return ioBuffer(); }
export function io_buffer_size(): u32 { return IO_BUFFER_SIZE; }
export function frame_max(): u32 { return FRAME_MAX; }

/** Opens a passive socket on `port` with an accept queue of `backlog` (clamped to the configured maximum).
 *  Returns a handle or a negative Err. */
export function tcp_listen(port: u32, backlog: u32): i32 { return api.listen(port, backlog); }
/** Takes one established connection from a listener's accept queue: a handle, or Err.WOULDBLOCK. */
export function tcp_accept(listener: i32): i32 { return api.accept(listener); }
/** Active open to ip:port from `local_port` (0 = ephemeral, RFC 6056). Sends the SYN (after ARP).
 *  Returns a handle at once; tcp_events() reports CONNECTED or ERROR later. */
export function tcp_connect(ip: u32, port: u32, local_port: u32, now: u32): i32 { return api.connect(ip, port, local_port, now); }
/** Queues up to `len` bytes from io_buffer(); returns the count taken (may be less), or Err. */
export function tcp_send(h: i32, len: u32, now: u32): i32 { return api.send(h, len, now); }
/** Copies up to `len` received bytes into io_buffer(); returns the count, 0 at end of stream, or Err. */
export function tcp_recv(h: i32, len: u32, now: u32): i32 { return api.recv(h, len, now); }
/** tcp_recv without consuming (MSG_PEEK): copies up to `len` queued bytes into io_buffer(); the same
 *  results as tcp_recv; sends nothing and changes nothing. */
export function tcp_peek(h: i32, len: u32): i32 { return api.peek(h, len); }
/** In place, without io_buffer(): the length of the contiguous received bytes at the head of the receive
 *  ring (their address in ring_span()), 0 at end of stream, or Err as tcp_recv. */
export function tcp_recv_peek(h: i32): i32 { return api.recvPeek(h); }
/** Releases `n` bytes (at most what is queued) after tcp_recv_peek, as tcp_recv would; returns n or Err. */
export function tcp_recv_consume(h: i32, n: u32, now: u32): i32 { return api.recvConsume(h, n, now); }
/** In place: the length of the contiguous free room at the tail of the send ring (its address in
 *  ring_span()), or Err as tcp_send (WOULDBLOCK when full). */
export function tcp_send_reserve(h: i32): i32 { return api.sendReserve(h); }
/** Queues `n` bytes written at the span tcp_send_reserve gave (at most its length); returns n or Err. */
export function tcp_send_commit(h: i32, n: u32, now: u32): i32 { return api.sendCommit(h, n, now); }
/** The address of the span the last tcp_recv_peek or tcp_send_reserve returned the length of. */
export function ring_span(): usize { return api.span(); }
/** shutdown(2): Shut.WR queues our FIN after the data already written. */
export function tcp_shutdown(h: i32, how: u32, now: u32): i32 { return api.shutdown(h, how, now); }
/** close(2): releases the handle. The connection finishes its close in the background (FIN, TIME_WAIT);
 *  unread received data, or LINGER_ZERO, turns the close into an abort with RST (RFC 9293 3.10.4). */
export function tcp_close(h: i32, now: u32): i32 { return api.close(h, now); }
/** Sends RST (where the state calls for one) and releases the handle at once. */
export function tcp_abort(h: i32, now: u32): i32 { return api.abort(h, now); }
/** The RFC 9293 state of a handle, or Err.BADF. */
export function tcp_state(h: i32): i32 { return api.state(h); }
/** Ev bits for a handle, or Err.BADF. */
export function tcp_events(h: i32): i32 { return api.events(h); }
/** The next handle after `after` (-1 to start) whose Ev bits changed since tcp_events() last returned
 *  them, or -1 when none has: loop `for (h = tcp_pending(-1); h >= 0; h = tcp_pending(h)) tcp_events(h)`. */
export function tcp_pending(after: i32): i32 { return api.pending(after); }
/** Sets an Opt; `now` dates what it arms (KEEPALIVE's first probe is KEEPIDLE after now). */
export function tcp_setopt(h: i32, opt: u32, value: i32, now: u32): i32 { return api.setopt(h, opt, value, now); }
export function tcp_getopt(h: i32, opt: u32): i32 { return api.getopt(h, opt); }
export function tcp_remote_ip(h: i32): u32 { return api.remoteIp(h); }
export function tcp_remote_port(h: i32): i32 { return api.remotePort(h); }
export function tcp_local_port(h: i32): i32 { return api.localPort(h); }
/** Number of socket slots that are not free (any state, including TIME_WAIT and orphans closing). */
export function tcp_in_use(): i32 { return api.inUse(); }
/** Number of connections in a given State, whoever holds them (e.g. TIME_WAIT orphans). */
export function tcp_count_state(state: i32): i32 { return tcbCountState(state); }

/** Binds a UDP endpoint to `port` (0: an ephemeral port). Returns a handle or Err (ADDRINUSE, NOBUFS). */
export function udp_bind(port: u32): i32 { return udp.bind(port); }
/** Sends `len` bytes of io_buffer() as one datagram to ip:port (ARP first if need be). Returns len or Err
 *  (MSGSIZE above one frame's payload, ADDRNOTAVAIL while the interface has no address). */
export function udp_sendto(h: i32, ip: u32, port: u32, len: u32, now: u32): i32 { return udp.sendto(h, ip, port, len, now); }
/** Takes the oldest datagram: at most `len` bytes into io_buffer(). Returns its whole length (the part
 *  beyond `len` is discarded), or Err.WOULDBLOCK. Its source: udp_from_ip / udp_from_port. */
export function udp_recvfrom(h: i32, len: u32): i32 { return udp.recvfrom(h, len); }
export function udp_from_ip(h: i32): u32 { return udp.fromIp(h); }
export function udp_from_port(h: i32): i32 { return udp.fromPort(h); }
export function udp_local_port(h: i32): i32 { return udp.localPort(h); }
/** Ev bits: READABLE (a datagram waits), WRITABLE, ERROR (udp_error has an ICMP error). */
export function udp_events(h: i32): i32 { return udp.events(h); }
/** The pending error from an ICMP destination unreachable about the last datagram sent (CONNREFUSED for
 *  port unreachable, else HOSTUNREACH), cleared by reading; 0 if none. */
export function udp_error(h: i32): i32 { return udp.takeError(h); }
export function udp_close(h: i32): i32 { return udp.close(h); }
export function udp_in_use(): i32 { return udp.inUse(); }

/** The interface's address, netmask and gateway now (DHCP may change them; 0 while there is none). */
export function ip_address(): u32 { return addrNow; }
export function ip_netmask(): u32 { return maskNow; }
export function ip_gateway(): u32 { return gwNow; }
/** Sets DNS server `index` (0 or 1; DHCP's lease sets them too). Err.INVAL for another index. */
export function dns_set_server(index: i32, ip: u32): i32 {
  if (index < 0 || index >= DNS_SERVER_SLOTS) return Err.INVAL;
  setDnsServer(index, ip);
  return Err.OK;
}
export function dns_server(index: i32): u32 { return dnsServer(index); }
/** Sets the host name (DHCP option 12, mDNS NAME.local) from the `len` bytes at io_buffer(): one DNS
 *  label, letters, digits and inner hyphens, at most 63 bytes (0 clears it). Err.INVAL otherwise. */
export function set_hostname(len: u32): i32 { return len <= <u32>IO_BUFFER_SIZE && setHostname(ioBuffer(), len) ? Err.OK : Err.INVAL; }
/** The host name: hostname_len() bytes at hostname(). */
export function hostname(): usize { return hostnamePtr(); }
export function hostname_len(): u32 { return hostnameLen(); }
/** Starts looking up the IPv4 address of the dotted name of `len` bytes in io_buffer() (RFC 1035 A query
 *  to the DNS servers; answered from the cache when it can be). Returns a lookup handle, or INVAL (not a
 *  host name), NOBUFS (DNS_QUERIES lookups running), NOSERVER (no DNS server known). */
export function dns_resolve(len: u32, now: u32): i32 { setNow(now); return dns.dnsResolve(len); }
/** 0 when the lookup found an address, WOULDBLOCK while it runs, else its Err (NOTFOUND, TIMEDOUT...). */
export function dns_status(q: i32): i32 { return dns.dnsStatus(q); }
/** The address a finished lookup found (big-endian u32), 0 before. */
export function dns_address(q: i32): u32 { return dns.dnsAddress(q); }
/** Frees a lookup handle (running or finished). */
export function dns_release(q: i32): i32 { return dns.dnsRelease(q); }

/** Starts the mDNS responder (RFC 6762) for HOSTNAME.local: probes, announces, then answers A queries.
 *  INVAL when no hostname is set. */
export function mdns_start(now: u32): i32 { setNow(now); return mdns.mdnsStart(); }
/** Sends a goodbye for the name and stops answering; BADF when not running. */
export function mdns_stop(now: u32): i32 { setNow(now); return mdns.mdnsStop(); }
/** Writes the name the responder holds (after renaming on a conflict, e.g. "NAME-2.local") to
 *  io_buffer(); returns its length, 0 when the responder is off. */
export function mdns_name(): i32 { return mdns.mdnsName(); }

/** Starts the DHCP client (RFC 2131): forgets any address and broadcasts a DISCOVER. The lease sets the
 *  address, netmask, gateway and DNS servers (after an ARP probe, RFC 5227); ip_address() tells it.
 *  Call init() with ip 0 first, and set_hostname() before, for option 12. */
export function dhcp_start(now: u32): i32 { setNow(now); return dhcp.dhcpStart(); }
/** Starts the DHCP client in INIT-REBOOT (RFC 2131 3.2): asks for `ip`, an address leased before (kept by
 *  the host across a restart), with a broadcast REQUEST. An ACK is probed for and used as dhcp_start's
 *  lease; a NAK, or no answer in about half a minute, starts over with a DISCOVER. INVAL for an address no
 *  host may take (0, broadcast, multicast, loopback). */
export function dhcp_reboot(now: u32, ip: u32): i32 { setNow(now); return dhcp.dhcpReboot(ip); }
/** Gives the lease back with a DHCPRELEASE (shutdown), forgets the address (connections on it end with
 *  ADDRNOTAVAIL) and stops the client. Err.NOTCONN if it was not running. */
export function dhcp_release(now: u32): i32 { setNow(now); return dhcp.dhcpRelease(); }
/** Renews the lease now, as at T1. Err.NOTCONN without a lease. */
export function dhcp_renew(now: u32): i32 { setNow(now); return dhcp.dhcpRenew(); }
/** The client's DhcpState. */
export function dhcp_state(): i32 { return dhcp.dhcpState(); }
/** The server holding our lease (option 54), 0 before one. */
export function dhcp_server(): u32 { return dhcp.dhcpServer(); }
/** Seconds of the lease left at `now` (0 without one, 0xffffffff when infinite). */
export function dhcp_lease_left(now: u32): u32 { setNow(now); return dhcp.dhcpLeaseLeft(); }

/** Counters: an array of u32 at stats(), stats_count() long (assembly/abi.ts Stat). stat_names() holds
 *  their names in the same order: ASCII, each ended by a NUL. */
export function stats(): usize { return statsPtr(); }
export function stats_count(): i32 { return STATS_COUNT; }
export function stat_names(): usize { return STAT_NAMES; }

/** Every ABI value as this binary was compiled with it, as i32s in the order of the generated tables
 *  (host/gen/abi.ts ABI_TABLE, boards/common/wt_abi.h WT_ABI_VALUES): lets a host check it agrees. */
export function abi_values(): usize { return ABI_VALUES; }
export function abi_values_count(): i32 { return ABI_VALUES_COUNT; }

/** Configuration this binary was built with. */
export function config_connections(): i32 { return TCP_CONNECTIONS; }
export function config_listeners(): i32 { return TCP_LISTENERS; }
export function config_snd_buf(): i32 { return TCP_SND_BUF; }
export function config_rcv_buf(): i32 { return TCP_RCV_BUF; }
export function config_udp_endpoints(): i32 { return UDP_ENDPOINTS; }
/** Bytes of RAM one UDP endpoint takes: its record and its receive queue. */
export function config_bytes_per_udp_endpoint(): i32 { return UDP_ENDPOINT_BYTES; }
/** Bytes of RAM one connection slot takes: its TCB, both rings, its out-of-order ranges and SACK scoreboard. */
export function config_bytes_per_connection(): i32 { return TCB_BYTES + TCP_SND_BUF + TCP_RCV_BUF + 16 * TCP_OOO_RANGES + RACK_RECORD_BYTES; }
/** First byte above every static region (all the stack's RAM lies below it). */
export function static_top(): usize { return __heap_base; }
/** The invariants of every connection (assembly/tcp/invariants.ts): 0, or (slot << 8) | the rule broken. */
export function tcp_check(): i32 { return tcpCheck(); }

import { STATS_COUNT } from "./iface/stats";
import { UDP_ENDPOINTS } from "./config";
import { UDP_ENDPOINT_BYTES } from "./udp/endpoints";
import { setNow } from "./iface/netif";
import * as dns from "./dns/resolver";
import * as mdns from "./mdns/responder";
import { RACK_RECORD_BYTES } from "./tcp/rack";
import { tcpCheck } from "./tcp/invariants";

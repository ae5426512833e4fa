// The socket calls (RFC 9293 3.10.1-3.10.6: OPEN, SEND, RECEIVE, CLOSE, ABORT, STATUS) behind the ABI.
import { State, Err, Ev, Opt, Shut, Timer, Handle } from "../abi";
import {
  TCP_CONNECTIONS, TCP_LISTENERS, TCP_BACKLOG_MAX, TCP_SND_BUF, TCP_RCV_BUF, IO_BUFFER_SIZE,
  TCP_EPHEMERAL_FIRST, TCP_EPHEMERAL_LAST, TCP_FIN_WAIT_2_MS,
} from "../config";
import { IO, ip_addr, setNow, now, isBroadcast, isBadSource } from "../iface/netif";
import { Stat, count } from "../iface/stats";
import { ringWrite, ringRead } from "../storage/ring";
import {
  Tcb, tcb, tcbIndex, sndRing, rcvRing, tcbLookup, tcbInUse, isUsed, isSynchronized, setState, listener,
  listenerFind, TF_OWNED, TF_FIN_QUEUED, TF_FIN_RCVD, TF_RCV_SHUT, TF_NODELAY, TF_KEEPALIVE, TF_LINGER0,
  TF_CONNECTED, TF_ACK_NOW, TM_REXMT, TM_PERSIST, TM_DELACK, TM_KEEP, TM_2MSL, armTimer, initTcb, finAcked, inAcceptQueue,
} from "./tcb";
import { tcpOutput, windowUpdateDue } from "./output";
import { enterClosed, resetConnection, armKeepalive } from "./conn";
import { portOffset, nextEphemeral } from "./isn";
import { tcbAllocReclaim } from "./reclaim";
import { handleOf, slotOf, slotAfter, retire, reported, setReported } from "./handle";
import { rackReoWnd } from "./rack";
import { rtoInitialMs, rtoMinMs, setRtoInitial, setRtoMin } from "./rto-params";
import { seqGt } from "../wire/seq";

/** The connection behind an application handle, or null (not a connection, stale, free, or released). */
function owned(h: i32): Tcb | null {
  const slot = slotOf(h);
  if (slot < 0 || slot >= TCP_CONNECTIONS) return null;
  const t = tcb(slot);
  return (t.flags & TF_OWNED) ? t : null;
}
function listenerIndex(h: i32): i32 {
  const li = slotOf(h) - TCP_CONNECTIONS;
  return li >= 0 && li < TCP_LISTENERS && listener(li).port != 0 ? li : -1;
}

export function listen(port: u32, backlog: u32): i32 {
  if (port == 0 || port > 65535) return Err.INVAL;
  if (listenerFind(port) >= 0) return Err.ADDRINUSE;
  for (let i = 0; i < TCP_LISTENERS; i++) {
    const l = listener(i);
    if (l.port == 0) {
      l.port = port;
      l.backlog = <i32>min(max(backlog, 1), <u32>TCP_BACKLOG_MAX);
      l.next_order = 0;
      return handleOf(TCP_CONNECTIONS + i);
    }
  }
  return Err.NOBUFS;
}

export function accept(h: i32): i32 {
  const li = listenerIndex(h);
  if (li < 0) return owned(h) ? Err.OPNOTSUPP : Err.BADF;
  let best = -1;
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (inAcceptQueue(t, li) && (best < 0 || <i32>(t.accept_order - tcb(best).accept_order) < 0)) best = i;
  }
  if (best < 0) return Err.WOULDBLOCK;
  const t = tcb(best);
  t.flags |= TF_OWNED;
  t.listener = -1;
  return handleOf(best);
}

/** RFC 6056 3.3.3, Algorithm 3: a per-destination offset plus next_ephemeral, which advances on every
 *  port tried, so back-to-back connections to one server take different ports. */
function ephemeralPort(ip: u32, port: u32): u32 {
  const n = <u32>(TCP_EPHEMERAL_LAST - TCP_EPHEMERAL_FIRST + 1);
  const offset = portOffset(ip_addr, ip, port);
  for (let k: u32 = 0; k < n; k++) {
    const p = <u32>TCP_EPHEMERAL_FIRST + (offset + nextEphemeral()) % n;
    if (listenerFind(p) < 0 && !tcbLookup(ip, port, p)) return p;
  }
  return 0;
}

export function connect(ip: u32, port: u32, local_port: u32, t0: u32): i32 {
  setNow(t0);
  if (ip_addr == 0) return Err.INVAL; // before init (or without an address) there is no source to send from
  if (port == 0 || port > 65535 || local_port > 65535 || ip == ip_addr || isBadSource(ip) || isBroadcast(ip)) return Err.INVAL;
  const lport = local_port ? local_port : ephemeralPort(ip, port);
  if (lport == 0 || tcbLookup(ip, port, lport)) return Err.ADDRINUSE;
  const t = tcbAllocReclaim();
  if (!t) return Err.NOBUFS;
  initTcb(t, ip, port, lport);
  t.flags |= TF_OWNED;
  count(Stat.TCP_ACTIVE_OPENS);
  setState(t, State.SYN_SENT);
  tcpOutput(t); // <SEQ=ISS><CTL=SYN>
  return handleOf(tcbIndex(t));
}

/** SEND (RFC 9293 3.10.2). */
/** Why `t` cannot take data to send now (an Err), or 0. */
function sendRefused(t: Tcb): i32 {
  if (t.flags & TF_FIN_QUEUED) return Err.PIPE;
  const st = t.state;
  if (st == State.CLOSED) return t.error ? t.error : Err.NOTCONN;
  if (st != State.SYN_SENT && st != State.SYN_RECEIVED && st != State.ESTABLISHED && st != State.CLOSE_WAIT) return Err.PIPE;
  return 0;
}

export function send(h: i32, len: u32, t0: u32): i32 {
  setNow(t0);
  const t = owned(h);
  if (!t) return listenerIndex(h) >= 0 ? Err.OPNOTSUPP : Err.BADF;
  const refused = sendRefused(t);
  if (refused) return refused;
  if (len > <u32>IO_BUFFER_SIZE) return Err.INVAL;
  const n = min(len, <u32>TCP_SND_BUF - t.snd_len);
  if (n == 0) return len == 0 ? 0 : Err.WOULDBLOCK;
  ringWrite(sndRing(t), <u32>TCP_SND_BUF, t.snd_head + t.snd_len, IO, n);
  t.snd_len += n;
  tcpOutput(t);
  return <i32>n;
}


/** What RECEIVE may copy: a byte count (> 0), 0 at end of stream, or an Err. */
function receivable(h: i32, len: u32): i32 {
  const t = owned(h);
  if (!t) return listenerIndex(h) >= 0 ? Err.OPNOTSUPP : Err.BADF;
  if (len > <u32>IO_BUFFER_SIZE) return Err.INVAL;
  if (t.rcv_len == 0) return recvEmpty(t);
  return <i32>min(len, t.rcv_len);
}

/** RECEIVE (RFC 9293 3.10.3). */
export function recv(h: i32, len: u32, t0: u32): i32 {
  setNow(t0);
  const r = receivable(h, len);
  if (r <= 0) return r;
  const t = owned(h)!;
  const n = <u32>r;
  ringRead(rcvRing(t), <u32>TCP_RCV_BUF, t.rcv_head, IO, n);
  consumed(t, n);
  return <i32>n;
}

/** What RECEIVE returns with nothing queued: 0 at end of stream, the error of a closed connection, or
 *  WOULDBLOCK. */
function recvEmpty(t: Tcb): i32 {
  if (t.flags & (TF_FIN_RCVD | TF_RCV_SHUT)) return 0;
  if (t.state == State.CLOSED) return t.error ? t.error : 0;
  return Err.WOULDBLOCK;
}

/** The application took `n` bytes from the head of the receive ring. */
function consumed(t: Tcb, n: u32): void {
  t.rcv_head += n;
  t.rcv_len -= n;
  // The window opened: tell the peer once it is worth it (receiver SWS avoidance).
  if (isSynchronized(t.state) && !(t.flags & TF_FIN_RCVD) && windowUpdateDue(t)) {
    t.flags |= TF_ACK_NOW;
    tcpOutput(t);
  }
}

// In-place access to the rings, for hosts that would otherwise copy through io_buffer() (one copy fewer
// each way): a peek or reserve returns the length of one contiguous span and leaves its address for
// span(); consume or commit then moves the ring's edge. Spans end where the ring wraps.
let spanAt: usize = 0;
export function span(): usize { return spanAt; }

/** The contiguous received bytes at the head of the receive ring: their length (address in span()), or
 *  what recv() would return with nothing queued (0 at end of stream, an Err). */
export function recvPeek(h: i32): i32 {
  const t = owned(h);
  if (!t) return listenerIndex(h) >= 0 ? Err.OPNOTSUPP : Err.BADF;
  if (t.rcv_len == 0) return recvEmpty(t);
  const start = t.rcv_head & (<u32>TCP_RCV_BUF - 1);
  spanAt = rcvRing(t) + start;
  return <i32>min(t.rcv_len, <u32>TCP_RCV_BUF - start);
}

/** Releases `n` bytes from the head of the receive ring (at most what is queued), as recv() would. */
export function recvConsume(h: i32, n: u32, t0: u32): i32 {
  setNow(t0);
  const t = owned(h);
  if (!t) return listenerIndex(h) >= 0 ? Err.OPNOTSUPP : Err.BADF;
  if (n > t.rcv_len) return Err.INVAL;
  consumed(t, n);
  return <i32>n;
}

/** The contiguous free room at the tail of the send ring: its length (address in span()), or an Err
 *  (WOULDBLOCK when the ring is full, as send()). */
export function sendReserve(h: i32): i32 {
  const t = owned(h);
  if (!t) return listenerIndex(h) >= 0 ? Err.OPNOTSUPP : Err.BADF;
  const refused = sendRefused(t);
  if (refused) return refused;
  const free = <u32>TCP_SND_BUF - t.snd_len;
  if (free == 0) return Err.WOULDBLOCK;
  const tail = (t.snd_head + t.snd_len) & (<u32>TCP_SND_BUF - 1);
  spanAt = sndRing(t) + tail;
  return <i32>min(free, <u32>TCP_SND_BUF - tail);
}

/** Queues `n` bytes the application wrote at the span sendReserve() gave (at most its length), as send(). */
export function sendCommit(h: i32, n: u32, t0: u32): i32 {
  setNow(t0);
  const t = owned(h);
  if (!t) return listenerIndex(h) >= 0 ? Err.OPNOTSUPP : Err.BADF;
  const refused = sendRefused(t);
  if (refused) return refused;
  const tail = (t.snd_head + t.snd_len) & (<u32>TCP_SND_BUF - 1);
  if (n > <u32>TCP_SND_BUF - t.snd_len || n > <u32>TCP_SND_BUF - tail) return Err.INVAL;
  if (n == 0) return 0;
  t.snd_len += n;
  tcpOutput(t);
  return <i32>n;
}

/** recv(2) with MSG_PEEK: the same answer as RECEIVE, but the bytes stay queued. */
export function peek(h: i32, len: u32): i32 {
  const r = receivable(h, len);
  if (r > 0) { const t = owned(h)!; ringRead(rcvRing(t), <u32>TCP_RCV_BUF, t.rcv_head, IO, <u32>r); }
  return r;
}

/** CLOSE of our sending side (RFC 9293 3.10.4): FIN after the queued data. */
function closeSend(t: Tcb): void {
  const st = t.state;
  t.flags |= TF_FIN_QUEUED;
  // SYN-RECEIVED with nothing to send: FIN at once, after our SYN (3.10.4). With data queued, and in
  // SYN-SENT, the FIN waits for ESTABLISHED (establish() moves to FIN-WAIT-1).
  if (st == State.ESTABLISHED || (st == State.SYN_RECEIVED && t.snd_len == 0)) setState(t, State.FIN_WAIT_1);
  else if (st == State.CLOSE_WAIT) setState(t, State.LAST_ACK);
}

export function shutdown(h: i32, how: u32, t0: u32): i32 {
  setNow(t0);
  const t = owned(h);
  if (!t) return listenerIndex(h) >= 0 ? Err.OPNOTSUPP : Err.BADF;
  if (how > <u32>Shut.RDWR) return Err.INVAL;
  if (t.state == State.CLOSED) return Err.NOTCONN;
  if (how != Shut.WR) t.flags |= TF_RCV_SHUT;
  if (how != Shut.RD && !(t.flags & TF_FIN_QUEUED)) {
    closeSend(t);
    tcpOutput(t);
  }
  return Err.OK;
}

export function close(h: i32, t0: u32): i32 {
  setNow(t0);
  const li = listenerIndex(h);
  if (li >= 0) { closeListener(li); return Err.OK; }
  const t = owned(h);
  if (!t) return Err.BADF;
  // Unread data, or SO_LINGER 0, turns the close into an abort (RFC 9293 3.10.4 / RFC 1122 4.2.2.13).
  if ((t.flags & TF_LINGER0) || t.rcv_len > 0) return abort(h, t0);
  t.flags = (t.flags | TF_RCV_SHUT) & ~TF_OWNED;
  const st = t.state;
  if (st == State.CLOSED || st == State.SYN_SENT) { enterClosed(t); return Err.OK; } // SYN-SENT: delete the TCB
  if (!(t.flags & TF_FIN_QUEUED)) closeSend(t);
  if (t.state == State.FIN_WAIT_2) armTimer(t, Timer.FIN_WAIT_2, TCP_FIN_WAIT_2_MS);
  tcpOutput(t);
  return Err.OK;
}

/** ABORT (RFC 9293 3.10.5). */
export function abort(h: i32, t0: u32): i32 {
  setNow(t0);
  const li = listenerIndex(h);
  if (li >= 0) { closeListener(li); return Err.OK; }
  const t = owned(h);
  if (!t) return Err.BADF;
  t.flags &= ~TF_OWNED;
  resetConnection(t, Err.CONNABORTED);
  return Err.OK;
}

/** Closing a listener resets the connections it has not handed out yet. */
function closeListener(li: i32): void {
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const t = tcb(i);
    if (isUsed(t) && t.listener == li && !(t.flags & TF_OWNED)) resetConnection(t, Err.CONNABORTED);
  }
  listener(li).port = 0;
  retire(TCP_CONNECTIONS + li);
}

export function state(h: i32): i32 {
  if (listenerIndex(h) >= 0) return State.LISTEN;
  const t = owned(h);
  return t ? t.state : Err.BADF;
}

/** tcp_events(): the bits now, remembered as what the application has seen (see pending). */
export function events(h: i32): i32 {
  const e = currentEvents(h);
  if (e >= 0) setReported(slotOf(h), e);
  return e;
}

/** The first handle after `after` (-1: from the start) whose Ev bits differ from what tcp_events() last
 *  returned for it, or -1: a host calls events() on each one instead of asking every handle. */
export function pending(after: i32): i32 {
  for (let slot = slotAfter(after); slot < TCP_CONNECTIONS + TCP_LISTENERS; slot++) {
    const h = handleOf(slot);
    const e = currentEvents(h);
    if (e >= 0 && e != reported(slot)) return h;
  }
  return -1;
}

function currentEvents(h: i32): i32 {
  const li = listenerIndex(h);
  if (li >= 0) {
    for (let i = 0; i < TCP_CONNECTIONS; i++) {
      const t = tcb(i);
      if (inAcceptQueue(t, li)) return Ev.ACCEPTABLE;
    }
    return 0;
  }
  const t = owned(h);
  if (!t) return Err.BADF;
  let e = 0;
  const st = t.state;
  if (t.rcv_len > 0 || (t.flags & TF_FIN_RCVD) || st == State.CLOSED) e |= Ev.READABLE;
  if ((st == State.ESTABLISHED || st == State.CLOSE_WAIT) && !(t.flags & TF_FIN_QUEUED) && t.snd_len < <u32>TCP_SND_BUF) e |= Ev.WRITABLE;
  if (t.flags & TF_CONNECTED) e |= Ev.CONNECTED;
  if (t.flags & TF_FIN_RCVD) e |= Ev.EOF;
  if (t.error) e |= Ev.ERROR;
  if (st == State.CLOSED) e |= Ev.CLOSED;
  if ((t.flags & TF_CONNECTED) && t.snd_len == 0 && (!(t.flags & TF_FIN_QUEUED) || finAcked(t))) e |= Ev.SEND_DRAINED;
  return e;
}

/** The stack's own options (Handle.STACK). */
function stackSetopt(opt: u32, v: i32): i32 {
  switch (opt) {
    case Opt.RTO_INITIAL: return setRtoInitial(v) ? Err.OK : Err.INVAL;
    case Opt.RTO_MIN: return setRtoMin(v) ? Err.OK : Err.INVAL;
    default: return Err.OPNOTSUPP;
  }
}
function stackGetopt(opt: u32): i32 {
  if (opt == Opt.RTO_INITIAL) return <i32>rtoInitialMs;
  if (opt == Opt.RTO_MIN) return <i32>rtoMinMs;
  return Err.OPNOTSUPP;
}
function isStackOpt(opt: u32): bool { return opt == Opt.RTO_INITIAL || opt == Opt.RTO_MIN; }

export function setopt(h: i32, opt: u32, v: i32, t0: u32): i32 {
  setNow(t0);
  if (h == Handle.STACK) return stackSetopt(opt, v);
  const t = owned(h);
  // A listener keeps no per-connection options: only REUSEADDR means something there.
  if (!t) return listenerIndex(h) < 0 ? Err.BADF : (opt == Opt.REUSEADDR ? Err.OK : Err.OPNOTSUPP);
  if (isStackOpt(opt)) return Err.OPNOTSUPP;
  switch (opt) {
    case Opt.NODELAY: t.flags = v ? t.flags | TF_NODELAY : t.flags & ~TF_NODELAY; if (v) tcpOutput(t); return Err.OK;
    case Opt.KEEPALIVE:
      if (v) { t.flags |= TF_KEEPALIVE; if (isSynchronized(t.state)) armKeepalive(t); }
      else { t.flags &= ~TF_KEEPALIVE; t.timers &= ~TM_KEEP; }
      return Err.OK;
    case Opt.KEEPIDLE: if (v < 1 || v > 32767) return Err.INVAL; t.keep_idle_s = v; if (t.timers & TM_KEEP) armKeepalive(t); return Err.OK;
    case Opt.KEEPINTVL: if (v < 1 || v > 32767) return Err.INVAL; t.keep_intvl_s = v; return Err.OK;
    case Opt.KEEPCNT: if (v < 1 || v > 127) return Err.INVAL; t.keep_cnt = v; return Err.OK;
    case Opt.LINGER_ZERO: t.flags = v ? t.flags | TF_LINGER0 : t.flags & ~TF_LINGER0; return Err.OK;
    case Opt.REUSEADDR: return Err.OK;
    default: return Err.INVAL;
  }
}

export function getopt(h: i32, opt: u32): i32 {
  if (h == Handle.STACK) return stackGetopt(opt);
  const t = owned(h);
  if (!t) return Err.BADF;
  if (isStackOpt(opt)) return Err.OPNOTSUPP;
  switch (opt) {
    case Opt.NODELAY: return (t.flags & TF_NODELAY) ? 1 : 0;
    case Opt.KEEPALIVE: return (t.flags & TF_KEEPALIVE) ? 1 : 0;
    case Opt.KEEPIDLE: return t.keep_idle_s;
    case Opt.KEEPINTVL: return t.keep_intvl_s;
    case Opt.KEEPCNT: return t.keep_cnt;
    case Opt.LINGER_ZERO: return (t.flags & TF_LINGER0) ? 1 : 0;
    case Opt.SO_ERROR: { const e = t.error; t.error = 0; return e; }
    case Opt.SNDBUF: return TCP_SND_BUF;
    case Opt.RCVBUF: return TCP_RCV_BUF;
    case Opt.MSS: return <i32>t.snd_mss;
    case Opt.SND_QUEUED: return <i32>t.snd_len;
    case Opt.RCV_QUEUED: return <i32>t.rcv_len;
    case Opt.CWND: return <i32>min(t.cwnd, 0x7fffffff);
    case Opt.SRTT: return <i32>(t.srtt8 >> 3);
    case Opt.RTO: return <i32>t.rto;
    case Opt.SSTHRESH: return <i32>min(t.ssthresh, 0x7fffffff);
    case Opt.RETRANSMITS: return t.rexmt_count;
    case Opt.REUSEADDR: return 0;
    case Opt.SND_UNA: return <i32>t.snd_una;
    case Opt.SND_NXT: return <i32>t.snd_nxt;
    case Opt.SND_WND: return <i32>min(t.snd_wnd, 0x7fffffff);
    case Opt.RCV_NXT: return <i32>t.rcv_nxt;
    case Opt.RCV_WND: return seqGt(t.rcv_adv, t.rcv_nxt) ? <i32>(t.rcv_adv - t.rcv_nxt) : 0;
    case Opt.SSTHRESH: return <i32>min(t.ssthresh, 0x7fffffff);
    case Opt.ISS: return <i32>t.iss;
    case Opt.IRS: return <i32>t.irs;
    case Opt.TIMERS: return <i32>(t.timers & (TM_REXMT | TM_PERSIST | TM_DELACK | TM_KEEP | TM_2MSL));
    case Opt.REXMT_AT: return <i32>t.t_rexmt;
    case Opt.PERSIST_AT: return <i32>t.t_persist;
    case Opt.DELACK_AT: return <i32>t.t_delack;
    case Opt.KEEPALIVE_AT: return <i32>t.t_keep;
    case Opt.MSL2_AT: return <i32>t.t_2msl;
    case Opt.TLPS: return <i32>t.tlps;
    case Opt.REORDER_WINDOW: return <i32>rackReoWnd(t);
    case Opt.SPURIOUS_RETRANSMITS: return <i32>t.spurious;
    case Opt.UNDOS: return <i32>t.undos;
    case Opt.REORDERING: return <i32>t.reordering;
    default: return Err.INVAL;
  }
}

export function remoteIp(h: i32): u32 { const t = owned(h); return t ? t.remote_ip : 0; }
export function remotePort(h: i32): i32 { const t = owned(h); return t ? <i32>t.remote_port : Err.BADF; }
export function localPort(h: i32): i32 {
  const li = listenerIndex(h);
  if (li >= 0) return <i32>listener(li).port;
  const t = owned(h);
  return t ? <i32>t.local_port : Err.BADF;
}
export function inUse(): i32 { return tcbInUse(); }

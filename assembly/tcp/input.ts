// Segment arrival, RFC 9293 3.10.7: one function per case (no connection, LISTEN, SYN-SENT, the rest),
// each step of 3.10.7.4 in its order. Challenge ACKs and RST/SYN/ACK validation follow RFC 5961.
import { State, Err, Timer } from "../abi";
import {
  TCP_MSS, TCP_DEFAULT_MSS, TCP_RCV_BUF, TCP_HALF_OPEN_MAX, TCP_CHALLENGE_ACK_LIMIT, TCP_FIN_WAIT_2_MS,
  TCP_MSL_MS, TCP_SACK, TCP_RCV_SCALE,
} from "../config";
import {
  tcpParse, segLen, segTrimSyn, seg_sport, seg_dport, seg_seq, seg_ack, seg_flags, seg_wnd, seg_data, seg_datalen, seg_mss,
  seg_wscale, seg_sack_permitted, seg_sack_count,
  SYN, ACK, FIN, RST,
} from "../wire/tcp";
import { seqLt, seqGt, seqLeq, seqGeq, seqInRange, seqMin } from "../wire/seq";
import { now } from "../iface/netif";
import { Stat, count, countN, drop } from "../iface/stats";
import { ringWrite } from "../storage/ring";
import {
  Tcb, tcbAlloc, tcbLookup, setState, listener, listenerFind, acceptQueueCount, rcvRing, TF_CONNECTED, TF_OWNED, TF_ACK_NOW,
  TF_DELACK, TF_FIN_RCVD, TF_RCV_SHUT, TF_RTT_TIMING, TF_PASSIVE, TF_OOO_FIN, TF_SYN_ACKED, TF_FIN_ACKED,
  TF_FIN_QUEUED, TF_WSCALE, TF_SACK_OK, TM_REXMT, TM_PERSIST, armTimer, sndDataSeq,
  finAcked, rcvWnd, initTcb,
} from "./tcb";
import { tcpOutput, sendAck, sendRstTo, armRexmt, sackRemember } from "./output";
import { onNewAck, onDupAck, initialWindow, restartAfterIdle } from "./congestion";
import { rttSample } from "./rtt";
import { reassAdd, reassPull } from "./reass";
import { sackUpdate, sackPrune, sackedBytes } from "./sack";
import { enterClosed, dropWithError, resetConnection, enterTimeWait, establish } from "./conn";
import { rackOnAck, rackDsack } from "./rack";
import { dsackNote, dsackOutOfOrder, dsackReceived, dsackInStart, dsackInEnd } from "./dsack";
import { tsTakeSyn, tsAdmit, tsRtt, tsOptionLength } from "./timestamps";
import { synAdmit, SYN_COOKIE } from "./synqueue";
import { cookieCheckAck, cookieRebuild, sendCookieSynAck } from "./syncookie";
import { segmentAccepted, windowUpdate, takeInOrder, segWnd } from "./steps";
import { predicted, inOrderData } from "./predict";

export function tcpInput(p: usize, len: i32, src: u32, dst: u32): i32 {
  count(Stat.TCP_IN);
  const r = tcpParse(p, len, src, dst);
  if (r != Stat.NONE) return drop(r);
  if (seg_sport == 0 || seg_dport == 0) return drop(Stat.DROP_TCP_PORT_ZERO); // no socket has port 0 (RFC 6335 6)
  let t = tcbLookup(src, seg_sport, seg_dport);
  if (!t) {
    const li = listenerFind(seg_dport);
    if (li < 0) return closed(src);
    // RFC 4987 3.6: an ACK returning one of our SYN cookies stands for the SYN-RECEIVED state not kept.
    const mssIndex = cookieCheckAck(src);
    if (mssIndex < 0) return listen(li, src);
    if (acceptQueueCount(li) >= listener(li).backlog) return drop(Stat.DROP_TCP_BACKLOG_FULL);
    t = cookieRebuild(li, src, <u32>mssIndex);
    if (!t) return drop(Stat.DROP_TCP_NO_MEMORY);
  }
  if (predicted(t)) return inOrderData(t);
  const res = t.state == State.SYN_SENT ? synSent(t) : otherStates(t);
  // The segment may have closed and freed the connection; output only for one still in use.
  if (t.flags != 0 && t.state != State.CLOSED) tcpOutput(t);
  return res;
}

/** RFC 9293 3.10.7.1, CLOSED: an incoming RST is discarded; anything else is answered with a RST. */
function closed(src: u32): i32 {
  if (seg_flags & RST) return drop(Stat.DROP_TCP_NO_SOCKET);
  if (seg_flags & ACK) sendRstTo(src, seg_dport, seg_sport, seg_ack, 0, RST); // <SEQ=SEG.ACK><CTL=RST>
  else sendRstTo(src, seg_dport, seg_sport, 0, seg_seq + segLen(), RST | ACK); // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
  return drop(Stat.DROP_TCP_NO_SOCKET);
}

/** The options of the peer's SYN: its MSS, or 536 without one (RFC 9293 3.7.1, RFC 1122 4.2.2.6), never
 *  above ours; window scaling when both SYNs offer it (RFC 7323 2.2, shift at most 14); SACK (RFC 2018). */
function takeSynOptions(t: Tcb): void {
  const m = seg_mss ? seg_mss : <u32>TCP_DEFAULT_MSS;
  t.snd_mss = max(min(m, <u32>TCP_MSS), 64);
  if (seg_wscale >= 0) {
    t.flags |= TF_WSCALE;
    t.snd_scale = <u32>min(seg_wscale, 14);
    t.rcv_scale = <u32>TCP_RCV_SCALE;
  } else {
    t.flags &= ~TF_WSCALE;
    t.snd_scale = 0;
    t.rcv_scale = 0;
  }
  if (TCP_SACK && seg_sack_permitted) t.flags |= TF_SACK_OK;
  tsTakeSyn(t);
  // RFC 6691 2: the MSS counts no options, so the 12 bytes of TSopt on every segment come out of it
  // (as Linux: the sender's SMSS, for congestion control too, is what a segment can really carry).
  t.snd_mss -= <u32>tsOptionLength(t);
  t.cwnd = initialWindow(t.snd_mss);
}

/** RFC 9293 3.10.7.2, LISTEN. */
function listen(li: i32, src: u32): i32 {
  if (seg_flags & RST) return drop(Stat.DROP_TCP_RST_INVALID); // first: an incoming RST is ignored
  if (seg_flags & ACK) { // second: any ACK is bad here: <SEQ=SEG.ACK><CTL=RST>
    sendRstTo(src, seg_dport, seg_sport, seg_ack, 0, RST);
    return drop(Stat.DROP_TCP_BAD_ACK);
  }
  if (!(seg_flags & SYN)) return drop(Stat.DROP_TCP_FLAGS); // fourth: anything else is dropped
  if (seg_flags & FIN) return drop(Stat.DROP_TCP_FLAGS); // SYN+FIN is a scan, not an open (as Linux)
  // third: SYN. The backlog bounds completed connections not yet accepted; TCP_HALF_OPEN_MAX bounds
  // those still in the handshake.
  if (acceptQueueCount(li) >= listener(li).backlog) return drop(Stat.DROP_TCP_BACKLOG_FULL);
  const how = synAdmit(li); // half-open limits: keep state, or answer with a SYN cookie (synqueue.ts)
  if (how == SYN_COOKIE) { sendCookieSynAck(src); return 0; }
  const t = tcbAlloc();
  if (!t) return drop(Stat.DROP_TCP_NO_MEMORY);
  initTcb(t, src, seg_sport, seg_dport);
  t.listener = li;
  t.flags |= TF_PASSIVE;
  // RCV.NXT <- SEG.SEQ+1, IRS <- SEG.SEQ; SND.WND from the SYN.
  t.irs = seg_seq;
  t.rcv_nxt = seg_seq + 1;
  t.rcv_adv = t.rcv_nxt;
  t.snd_wnd = seg_wnd;
  t.max_snd_wnd = seg_wnd;
  t.snd_wl1 = seg_seq;
  t.snd_wl2 = t.iss;
  takeSynOptions(t);
  count(Stat.TCP_PASSIVE_OPENS);
  setState(t, State.SYN_RECEIVED);
  queueSynText(t);
  tcpOutput(t); // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
  return 0;
}

/** RFC 9293 3.10.7.3, SYN-SENT. */
function synSent(t: Tcb): i32 {
  let ackOk = false;
  if (seg_flags & ACK) {
    // first: an ACK of something we never sent gets a RST (unless it is one).
    if (seqLeq(seg_ack, t.iss) || seqGt(seg_ack, t.snd_max)) {
      if (!(seg_flags & RST)) sendRstTo(t.remote_ip, t.local_port, t.remote_port, seg_ack, 0, RST);
      return drop(Stat.DROP_TCP_BAD_ACK);
    }
    ackOk = true; // SND.UNA < SEG.ACK =< SND.NXT
  }
  if (seg_flags & RST) {
    // second: a RST is valid only if it acknowledges our SYN (RFC 5961 3.2 keeps this rule for SYN-SENT).
    if (!ackOk) return drop(Stat.DROP_TCP_RST_INVALID);
    count(Stat.TCP_RESETS_RECEIVED);
    dropWithError(t, Err.CONNREFUSED);
    return 0;
  }
  if (!(seg_flags & SYN)) return drop(Stat.DROP_TCP_FLAGS); // fifth: neither SYN nor RST
  // fourth: SYN. RCV.NXT <- SEG.SEQ+1, IRS <- SEG.SEQ.
  t.irs = seg_seq;
  t.rcv_nxt = seg_seq + 1;
  t.rcv_adv = t.rcv_nxt;
  takeSynOptions(t);
  t.snd_wnd = seg_wnd;
  t.max_snd_wnd = seg_wnd;
  t.snd_wl1 = seg_seq;
  t.snd_wl2 = seg_ack;
  if (ackOk) {
    ackAdvance(t, seg_ack);
    // Our SYN is acknowledged: ESTABLISHED, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
    establish(t);
    t.flags |= TF_ACK_NOW;
    // "If there are other controls or text in the segment, continue processing at the sixth step."
    // The SYN occupies SEG.SEQ: what follows starts one later.
    segTrimSyn();
    return textAndFin(t);
  }
  // Simultaneous open: SYN-RECEIVED, and <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
  setState(t, State.SYN_RECEIVED);
  t.snd_nxt = t.iss;
  queueSynText(t);
  return 0;
}

/** Text on a SYN (RFC 9293 3.10.7.2 third, 3.10.7.3 fourth): "queued for processing" once ESTABLISHED.
 *  RCV.NXT stays SEG.SEQ+1, so the SYN-ACK acknowledges the SYN alone: a SYN proves nothing about its
 *  sender (an old duplicate, a forged address), so nothing it carries is acknowledged or delivered before
 *  the handshake shows the peer is real. We keep the text (as 4.4BSD does; Linux without Fast Open drops
 *  it, and the peer sends it again): it waits in the receive ring as out-of-order text at RCV.NXT. */
function queueSynText(t: Tcb): void {
  const n = min(<u32>seg_datalen, <u32>TCP_RCV_BUF);
  if (n == 0) return;
  ringWrite(rcvRing(t), <u32>TCP_RCV_BUF, t.rcv_head + t.rcv_len, seg_data, n);
  reassAdd(t, t.rcv_nxt, t.rcv_nxt + n);
}

/** ESTABLISHED reached: the SYN's queued text is taken in and acknowledged at once (like a filled gap,
 *  RFC 5681 4.2; the peer's retransmission timer has been running since its SYN). */
function takeSynText(t: Tcb): void {
  const nxt = reassPull(t, t.rcv_nxt);
  if (nxt == t.rcv_nxt) return;
  t.rcv_len += nxt - t.rcv_nxt;
  countN(Stat.TCP_RX_BYTES, nxt - t.rcv_nxt);
  t.rcv_nxt = nxt;
  t.flags |= TF_ACK_NOW;
}

/** RCV.WND for the acceptability test: the window we last advertised (never shrunk, 3.8.6.2.2). */
/** RFC 9293 3.10.7.4 first step: the segment acceptability test (the table of four cases). */
function acceptable(t: Tcb): bool {
  const slen = segLen();
  const wnd = rcvWnd(t);
  if (slen == 0) return wnd == 0 ? seg_seq == t.rcv_nxt : seqInRange(seg_seq, t.rcv_nxt, t.rcv_nxt + wnd);
  if (wnd == 0) return false;
  return seqInRange(seg_seq, t.rcv_nxt, t.rcv_nxt + wnd) || seqInRange(seg_seq + slen - 1, t.rcv_nxt, t.rcv_nxt + wnd);
}

/** RFC 5961 7: challenge ACKs, at most TCP_CHALLENGE_ACK_LIMIT a second per connection. */
function challengeAck(t: Tcb): void {
  const second = now / 1000;
  if (second != t.chack_second) { t.chack_second = second; t.chack_count = 0; }
  if (t.chack_count >= TCP_CHALLENGE_ACK_LIMIT) { count(Stat.TCP_CHALLENGE_ACKS_LIMITED); return; }
  t.chack_count++;
  count(Stat.TCP_CHALLENGE_ACKS);
  sendAck(t);
}

/** RFC 9293 3.10.7.4: SYN-RECEIVED and every synchronized state. */
function otherStates(t: Tcb): i32 {
  const st = t.state;
  const ctl = seg_flags & (SYN | ACK | RST);
  // A retransmitted SYN of the connection we are opening means our SYN-ACK was lost: resend it
  // (4.4BSD and Linux do the same; the acceptability test would otherwise answer with a bare ACK).
  if (st == State.SYN_RECEIVED && ctl == SYN && seg_seq == t.irs) {
    t.snd_nxt = t.iss;
    t.flags &= ~TF_RTT_TIMING;
    return 0;
  }
  // Simultaneous open (RFC 9293 Figure 8, step 6): the peer's SYN-ACK repeats the SYN we already hold;
  // only its ACK is new, and it takes SYN-RECEIVED to ESTABLISHED.
  // Still opening: SYN-RECEIVED, or the FIN-WAIT-1 a CLOSE made of it (RFC 9293 3.10.4).
  const opening = !(t.flags & TF_CONNECTED);
  if (opening && ctl == (SYN | ACK) && seg_seq == t.irs && !(t.flags & TF_PASSIVE)) segTrimSyn();
  // RFC 9293 3.10.7.4 / RFC 1122 4.2.2.13: a new SYN above RCV.NXT may reopen a connection in TIME-WAIT.
  if (st == State.TIME_WAIT && ctl == SYN && seqGt(seg_seq, t.rcv_nxt) && !(t.flags & TF_OWNED)) {
    const li = listenerFind(seg_dport);
    if (li >= 0) {
      const src = t.remote_ip;
      enterClosed(t);
      return listen(li, src);
    }
  }

  // RFC 7323 3.2, 5.3 R1: timestamps missing, or older than TS.Recent (PAWS), before the sequence check.
  const tsDrop = tsAdmit(t);
  if (tsDrop != Stat.NONE) {
    if (tsDrop == Stat.DROP_TCP_PAWS) sendAck(t);
    return drop(tsDrop);
  }
  // first: sequence number check.
  if (!acceptable(t)) {
    if (seg_flags & RST) return drop(Stat.DROP_TCP_NOT_ACCEPTABLE);
    // "Special allowance should be made to accept valid ACKs": a zero-window probe's, and an old
    // duplicate's (a retransmission of data we have), whose ACK may be the only news it brings (4.4BSD).
    // Not while opening (SYN-RECEIVED, or the FIN-WAIT-1 a CLOSE made of it): there an ACK must take the
    // fifth step, which completes the handshake.
    if ((seg_flags & ACK) && !(seg_flags & SYN) && !opening && ackAcceptable(t) &&
        ((rcvWnd(t) == 0 && seg_seq == t.rcv_nxt) || seqLeq(seg_seq + segLen(), t.rcv_nxt))) processAck(t);
    if (t.flags == 0 || t.state == State.CLOSED) return drop(Stat.DROP_TCP_NOT_ACCEPTABLE);
    if (seqLt(seg_seq, t.rcv_nxt)) count(Stat.TCP_DUP_SEGMENTS);
    if (seg_datalen > 0 && seqLt(seg_seq, t.rcv_nxt)) dsackNote(t, seg_seq, seqMin(seg_seq + <u32>seg_datalen, t.rcv_nxt));
    // A retransmitted FIN in TIME-WAIT restarts the 2*MSL wait (as Linux), and is acknowledged again.
    if (t.state == State.TIME_WAIT && (seg_flags & FIN) && seg_seq + <u32>seg_datalen + 1 == t.rcv_nxt) armTimer(t, Timer.TIME_WAIT, 2 * TCP_MSL_MS);
    sendAck(t); // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    return drop(Stat.DROP_TCP_NOT_ACCEPTABLE);
  }
  segmentAccepted(t);

  // second: RST (RFC 5961 3.2: exactly RCV.NXT resets; elsewhere in the window gets a challenge ACK).
  if (seg_flags & RST) {
    if (seg_seq != t.rcv_nxt) { challengeAck(t); return drop(Stat.DROP_TCP_RST_INVALID); }
    if (st == State.TIME_WAIT) return drop(Stat.DROP_TCP_RST_INVALID); // RFC 1337: TIME-WAIT ignores RST
    count(Stat.TCP_RESETS_RECEIVED);
    if (st == State.SYN_RECEIVED) {
      // Passive open: back to LISTEN (the listener remains; this attempt goes). Active: refused.
      if (t.flags & TF_PASSIVE) enterClosed(t); else dropWithError(t, Err.CONNREFUSED);
    } else {
      // ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT; CLOSING and LAST-ACK too, where the RFC only
      // deletes the TCB: an application that shut down its side still reads ECONNRESET (as Linux).
      dropWithError(t, Err.CONNRESET);
    }
    return 0;
  }

  // third (security) does not apply: no compartments.
  // fourth: SYN in a synchronized state gets a challenge ACK (RFC 5961 4.2); in a passively opened
  // SYN-RECEIVED the attempt returns to LISTEN.
  if (seg_flags & SYN) {
    if (st == State.SYN_RECEIVED && (t.flags & TF_PASSIVE)) { enterClosed(t); return drop(Stat.DROP_TCP_SYN_INVALID); }
    challengeAck(t);
    return drop(Stat.DROP_TCP_SYN_INVALID);
  }

  // fifth: ACK.
  if (!(seg_flags & ACK)) return drop(Stat.DROP_TCP_NO_ACK);
  if (opening) {
    if (!(seqLt(t.snd_una, seg_ack) && seqLeq(seg_ack, t.snd_max))) {
      sendRstTo(t.remote_ip, t.local_port, t.remote_port, seg_ack, 0, RST); // <SEQ=SEG.ACK><CTL=RST>
      return drop(Stat.DROP_TCP_BAD_ACK);
    }
    // The accept queue may have filled since the SYN: keep waiting (the SYN-ACK is retransmitted).
    if (t.listener >= 0 && acceptQueueCount(t.listener) >= listener(t.listener).backlog) return drop(Stat.DROP_TCP_BACKLOG_FULL);
    t.snd_wnd = segWnd(t); // SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK
    t.snd_wl1 = seg_seq;
    t.snd_wl2 = seg_ack;
    if (t.snd_wnd > t.max_snd_wnd) t.max_snd_wnd = t.snd_wnd;
    establish(t);
    takeSynText(t);
  }
  if (!ackAcceptable(t)) {
    challengeAck(t);
    return drop(Stat.DROP_TCP_BAD_ACK);
  }
  processAck(t);
  if (t.flags == 0 || t.state == State.CLOSED) return 0;
  if (st == State.TIME_WAIT) return timeWait(t);
  // sixth: URG. Urgent data is delivered inline (RFC 6093 4: the urgent pointer carries no separate data).
  return textAndFin(t);
}

/** RFC 5961 5.2: SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT (we use SND.MAX: after a timeout SND.NXT
 *  is rewound, yet ACKs of everything sent remain valid). */
function ackAcceptable(t: Tcb): bool {
  return seqLeq(seg_ack, t.snd_max) && seqGeq(seg_ack, t.snd_una - t.max_snd_wnd);
}

/** SND.UNA moves to `ack`: the acknowledged bytes leave the send ring. */
function ackAdvance(t: Tcb, ack: u32): u32 {
  const dataSeq = sndDataSeq(t);
  const dataAcked: u32 = seqGt(ack, dataSeq) ? min(ack - dataSeq, t.snd_len) : 0;
  if ((t.flags & TF_FIN_QUEUED) && seqGt(ack, dataSeq + t.snd_len)) t.flags |= TF_FIN_ACKED;
  t.snd_head += dataAcked;
  t.snd_len -= dataAcked;
  if (seqGt(ack, t.iss)) t.flags |= TF_SYN_ACKED;
  t.snd_una = ack;
  if (seqLt(t.snd_nxt, ack)) t.snd_nxt = ack;
  sackPrune(t);
  // RTT sample from the echoed timestamp (RFC 7323 4.1), else from the timed segment if it was not
  // retransmitted (Karn; RFC 6298 3).
  const tsSample = tsRtt(t);
  if (tsSample >= 0) {
    t.flags &= ~TF_RTT_TIMING;
    rttSample(t, <u32>tsSample);
  } else if ((t.flags & TF_RTT_TIMING) && seqGt(ack, t.rtt_seq)) {
    t.flags &= ~TF_RTT_TIMING;
    rttSample(t, now - t.rtt_start);
  }
  t.rexmt_count = 0;
  // RFC 6298 5.2: all acknowledged, stop the timer; 5.3: new data acknowledged, restart it.
  if (t.snd_una == t.snd_max) t.timers &= ~TM_REXMT; else armRexmt(t);
  return dataAcked;
}

/** RFC 9293 3.10.7.4 fifth step for ESTABLISHED and the states after it. */
function processAck(t: Tcb): void {
  const ack = seg_ack;
  const oldWnd = t.snd_wnd;
  const wnd = segWnd(t);
  const una0 = t.snd_una, sacked0 = sackedBytes(t);
  const dsack = (t.flags & TF_SACK_OK) != 0 && dsackReceived();
  if ((t.flags & TF_SACK_OK) && seg_sack_count > 0) sackUpdate(t, dsack);
  const advanced = seqGt(ack, t.snd_una);
  if (advanced) {
    // Only data counts for the congestion window, not our SYN or FIN.
    const acked = ackAdvance(t, ack);
    if (acked > 0) onNewAck(t, acked);
  } else if (ack == t.snd_una && seg_datalen == 0 && !(seg_flags & (SYN | FIN)) && wnd == oldWnd && wnd != 0 &&
             t.snd_max != t.snd_una && !(t.timers & TM_PERSIST)) {
    onDupAck(t); // RFC 5681 2, "DUPLICATE ACKNOWLEDGMENT"
  }
  if (dsack) rackDsack(t, dsackInStart, dsackInEnd);
  // RFC 6937 DeliveredData: what this ACK newly acknowledged, cumulatively or selectively.
  if (advanced || seg_sack_count > 0) rackOnAck(t, advanced, (t.snd_una - una0) + sackedBytes(t) - sacked0);
  windowUpdate(t, ack, wnd);
  restartAfterIdle(t);
  const st = t.state;
  if (st == State.FIN_WAIT_1 && finAcked(t)) {
    setState(t, State.FIN_WAIT_2);
    // An orphan cannot wait for the peer's FIN forever (Linux tcp_fin_timeout).
    if (!(t.flags & TF_OWNED)) armTimer(t, Timer.FIN_WAIT_2, TCP_FIN_WAIT_2_MS);
  } else if (st == State.CLOSING && finAcked(t)) {
    enterTimeWait(t);
  } else if (st == State.LAST_ACK && finAcked(t)) {
    enterClosed(t);
  }
}

/** Sixth to eighth steps in TIME-WAIT (RFC 9293 3.10.7.4): text is ignored; "the only thing that can
 *  arrive in this state is a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL
 *  timeout." Any other segment but a bare ACK at RCV.NXT is acknowledged too, as Linux and BSD do. */
function timeWait(t: Tcb): i32 {
  if (seg_flags & FIN) armTimer(t, Timer.TIME_WAIT, 2 * TCP_MSL_MS);
  if ((seg_flags & FIN) || seg_datalen > 0 || seg_seq != t.rcv_nxt) t.flags |= TF_ACK_NOW;
  return 0;
}

/** Sixth to eighth steps: segment text, then FIN. */
function textAndFin(t: Tcb): i32 {
  const st = t.state;
  const finSeg = seg_seq + <u32>seg_datalen;
  let finInOrder = (seg_flags & FIN) != 0;
  if (seg_datalen > 0) {
    if (st == State.ESTABLISHED || st == State.FIN_WAIT_1 || st == State.FIN_WAIT_2) {
      // Data after the application closed its receive side: nobody will read it (RFC 9293 3.10.4,
      // RFC 1122 4.2.2.13): reset.
      if ((t.flags & TF_RCV_SHUT) && seqGt(finSeg, t.rcv_nxt)) {
        resetConnection(t, Err.CONNABORTED);
        return drop(Stat.DROP_TCP_AFTER_CLOSE);
      }
      finInOrder = receiveText(t, seg_seq, seg_data, seg_datalen, finInOrder);
    } else {
      finInOrder = false; // CLOSE-WAIT and later: the peer's FIN was already processed; text is ignored
    }
  } else if (finInOrder) {
    if (seqGt(finSeg, t.rcv_nxt)) {
      // A bare FIN beyond a hole: remember where the stream ends.
      t.flags |= TF_OOO_FIN | TF_ACK_NOW;
      t.ooo_fin = finSeg;
      finInOrder = false;
    } else finInOrder = finSeg == t.rcv_nxt && !(t.flags & TF_FIN_RCVD);
  }
  if (finInOrder || ((t.flags & TF_OOO_FIN) && t.ooo_fin == t.rcv_nxt && !(t.flags & TF_FIN_RCVD))) processFin(t);
  return 0;
}

/** Puts text at `seq` into the receive ring; advances RCV.NXT over what is now contiguous. Returns
 *  whether a FIN following this text is in order. */
function receiveText(t: Tcb, seq0: u32, data0: usize, n0: i32, fin: bool): bool {
  let seq = seq0;
  let data = data0;
  let n = <u32>n0;
  if (seqLt(seq, t.rcv_nxt)) {
    const skip = t.rcv_nxt - seq;
    if (skip >= n) {
      count(Stat.TCP_DUP_SEGMENTS);
      dsackNote(t, seq, seq + n);
      t.flags |= TF_ACK_NOW;
      return fin && seq + n == t.rcv_nxt && !(t.flags & TF_FIN_RCVD);
    }
    dsackNote(t, seq, t.rcv_nxt); // the part below RCV.NXT is a duplicate (RFC 2883 4.1.1)
    data += <usize>skip;
    n -= skip;
    seq = t.rcv_nxt;
  } else dsackOutOfOrder(t, seq, seq + n); // or part of what is held beyond a hole (4.2.2)
  const space = <u32>TCP_RCV_BUF - t.rcv_len;
  const off = seq - t.rcv_nxt;
  if (off >= space) { t.flags |= TF_ACK_NOW; return false; }
  if (off + n > space) { n = space - off; fin = false; } // beyond the window: trimmed, FIN with it
  ringWrite(rcvRing(t), <u32>TCP_RCV_BUF, t.rcv_head + t.rcv_len + off, data, n);
  if (off != 0) {
    // Out of order: keep it, and send a duplicate ACK at once (RFC 5681 4.2).
    count(Stat.TCP_OOO_SEGMENTS);
    t.flags |= TF_ACK_NOW;
    const fresh = t.ooo_count == 0;
    if (!reassAdd(t, seq, seq + n)) { count(Stat.DROP_TCP_OOO_FULL); return false; }
    sackRemember(t, seq, fresh);
    if (fin) { t.flags |= TF_OOO_FIN; t.ooo_fin = seq + n; }
    return false;
  }
  takeInOrder(t, n);
  return fin && seq + n == t.rcv_nxt;
}

/** Eighth step: the peer's FIN, in order. */
function processFin(t: Tcb): void {
  t.rcv_nxt += 1;
  t.flags |= TF_FIN_RCVD | TF_ACK_NOW;
  t.flags &= ~TF_OOO_FIN;
  const st = t.state;
  if (st == State.SYN_RECEIVED || st == State.ESTABLISHED) setState(t, State.CLOSE_WAIT);
  else if (st == State.FIN_WAIT_1) { if (finAcked(t)) enterTimeWait(t); else setState(t, State.CLOSING); }
  else if (st == State.FIN_WAIT_2) enterTimeWait(t);
}

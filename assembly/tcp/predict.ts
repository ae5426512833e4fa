// Header prediction (Van Jacobson's, as 4.4BSD's tcp_input has it): the segment a bulk receive is made
// of takes a short path. It is in order, carries data and only ACK (and PSH), acknowledges nothing new,
// has no SACK blocks, passes PAWS, and fits the ring, with nothing held out of order; every check and
// update of RFC 9293 3.10.7.4 that such a segment would pass through unchanged is skipped, the rest are
// the general path's own functions (steps.ts), in its order, with the same results.
import { State, Stat } from "../abi";
import { TCP_RCV_BUF } from "../config";
import { seg_flags, seg_seq, seg_ack, seg_data, seg_datalen, seg_sack_count, ACK, PSH } from "../wire/tcp";
import { ringWrite } from "../storage/ring";
import { Tcb, rcvRing, rcvWnd, TF_CONNECTED, TF_RCV_SHUT, TF_OOO_FIN } from "./tcb";
import { tsAdmit } from "./timestamps";
import { restartAfterIdle } from "./congestion";
import { tcpOutput, outputIdle } from "./output";
import { segmentAccepted, windowUpdate, takeInOrder, segWnd } from "./steps";

/** The segment is the predicted one for `t` (found for its 4-tuple, checksum and options verified). */
export function predicted(t: Tcb): bool {
  const st = t.state;
  return (st == State.ESTABLISHED || st == State.FIN_WAIT_2) && (seg_flags & ~PSH) == ACK &&
    seg_seq == t.rcv_nxt && seg_ack == t.snd_una && seg_datalen > 0 && seg_sack_count == 0 &&
    t.ooo_count == 0 && (t.flags & (TF_CONNECTED | TF_RCV_SHUT | TF_OOO_FIN)) == TF_CONNECTED &&
    <u32>seg_datalen <= <u32>TCP_RCV_BUF - t.rcv_len && rcvWnd(t) != 0 && tsAdmit(t) == Stat.NONE;
}

/** The predicted segment: acceptable (first step: at RCV.NXT, in an open window), no RST or SYN, an ACK of
 *  SND.UNA (fifth step: only the window update), then its text (seventh). Output only if any is due. */
export function inOrderData(t: Tcb): i32 {
  segmentAccepted(t);
  windowUpdate(t, seg_ack, segWnd(t));
  restartAfterIdle(t);
  const n = <u32>seg_datalen;
  ringWrite(rcvRing(t), <u32>TCP_RCV_BUF, t.rcv_head + t.rcv_len, seg_data, n);
  takeInOrder(t, n);
  if (!outputIdle(t)) tcpOutput(t);
  return 0;
}

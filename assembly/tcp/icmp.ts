// ICMP destination unreachable for a connection (RFC 1122 4.2.3.9) with RFC 5927's defences: only a
// message quoting a sequence number we have in flight counts, and in synchronized states even "hard"
// codes are soft (RFC 5927 7.2), so a forged ICMP can never reset an established connection.
import { State, Err, Trace } from "../abi";
import { seqGeq, seqLt } from "../wire/seq";
import { Stat, count, drop } from "../iface/stats";
import { trace } from "../host";
import { tcbLookup, tcbHandle } from "./tcb";
import { dropWithError } from "./conn";

/** Codes 2 (protocol) and 3 (port unreachable) are hard errors (RFC 1122 4.2.3.9); 4 (fragmentation
 *  needed) belongs to path MTU discovery, which we do not do, so it is soft like the rest. */
function isHard(code: u32): bool { return code == 2 || code == 3; }

/** An unreachable quoting our segment to remote_ip:remote_port from local_port with sequence `seq`. */
export function tcpIcmpError(remote_ip: u32, remote_port: u32, local_port: u32, seq: u32, code: u32): i32 {
  const t = tcbLookup(remote_ip, remote_port, local_port);
  if (!t || t.state == State.LISTEN || t.state == State.TIME_WAIT) return drop(Stat.DROP_ICMP_NO_SOCKET);
  // RFC 5927 5.1: SND.UNA <= seq < SND.NXT, else not a segment of ours still in flight.
  if (!seqGeq(seq, t.snd_una) || !seqLt(seq, t.snd_max)) return drop(Stat.DROP_ICMP_SEQ);
  const err = isHard(code) ? Err.CONNREFUSED : Err.HOSTUNREACH;
  trace(Trace.ICMP_ERROR, tcbHandle(t), 0, <i32>code);
  if (t.state == State.SYN_SENT && isHard(code)) {
    // Not yet synchronized: the connect fails at once (RFC 1122 4.2.3.9, as Linux does).
    count(Stat.ICMP_HARD_ERRORS);
    dropWithError(t, err);
    return 0;
  }
  count(Stat.ICMP_SOFT_ERRORS);
  t.soft_error = err;
  return 0;
}

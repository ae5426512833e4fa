// Round-trip time estimation and the retransmission timeout (RFC 6298).
import { TCP_RTO_MAX_MS } from "../config";
import { rtoMinMs } from "./rto-params";
import { Tcb, TF_HAD_SAMPLE } from "./tcb";

/** Feeds one measurement R (ms). Scaled as 4.4BSD: srtt8 = 8*SRTT, rttvar4 = 4*RTTVAR. */
export function rttSample(t: Tcb, r: u32): void {
  let rr = <i32>min(r, 1 << 20);
  if (!(t.flags & TF_HAD_SAMPLE)) {
    // RFC 6298 2.2: SRTT <- R, RTTVAR <- R/2.
    t.srtt8 = <u32>(rr << 3);
    t.rttvar4 = <u32>(rr << 1);
    t.flags |= TF_HAD_SAMPLE;
  } else {
    // RFC 6298 2.3: RTTVAR <- 3/4 RTTVAR + 1/4 |SRTT - R|, then SRTT <- 7/8 SRTT + 1/8 R.
    let delta = rr - <i32>(t.srtt8 >> 3);
    let ad = delta < 0 ? -delta : delta;
    t.rttvar4 = <u32>(<i32>t.rttvar4 + ad - <i32>(t.rttvar4 >> 2));
    t.srtt8 = <u32>max(<i32>t.srtt8 + delta, 1);
  }
  t.rto = rtoFrom(t);
}

/** RTO <- SRTT + max(G, 4*RTTVAR) (RFC 6298 2.3, G = 1 ms), bounded by 2.4 and 2.5. A minimum below
 *  RFC 6298's 1 s applies to the variance term instead, as Linux does: then SRTT plus at least that much
 *  always outlasts a peer's delayed ACK, which a bare floor of 200 ms does not. */
function rtoFrom(t: Tcb): u32 {
  const floor = rtoMinMs < 1000 ? rtoMinMs : 1;
  const rto = (t.srtt8 >> 3) + max(floor, t.rttvar4);
  return min(max(rto, rtoMinMs), TCP_RTO_MAX_MS);
}

/** RFC 6298 5.5: back off. */
export function rtoBackoff(t: Tcb): void { t.rto = min(t.rto * 2, TCP_RTO_MAX_MS); }

// CUBIC's rules (RFC 9438) in integer bytes and milliseconds, on a connection slot set up by hand: SMSS
// 1000, so the figures read as segments. (The large build runs them: WASMTCP_CUBIC=1.)
import { tcb, Tcb, TF_CUBIC_EPOCH } from "../../assembly/tcp/tcb";
import { setNow } from "../../assembly/iface/netif";
import { icbrt, cubicWindow, cubicAvoid, cubicReduce, cubicTimeout, cubicUndo } from "../../assembly/tcp/cubic";

/** Slot 0 with a window of `cwnd` bytes, SMSS 1000, no congestion event yet. */
function conn(cwnd: u32): Tcb {
  const t = tcb(0);
  memory.fill(changetype<usize>(t), 0, offsetof<Tcb>());
  t.snd_mss = 1000;
  t.cwnd = cwnd;
  t.ssthresh = 0x7fffffff;
  return t;
}

/** A loss with 10 segments in flight and cwnd 10, then recovery ended at cwnd = ssthresh. */
function afterLoss(): Tcb {
  const t = conn(10000);
  cubicReduce(t, 10000);
  t.cwnd = t.ssthresh;
  return t;
}

/** afterLoss, its first ACK of congestion avoidance at 1000 ms and the next at K (1957 ms) later. */
function atK(): Tcb {
  const t = afterLoss();
  setNow(1000);
  cubicAvoid(t, 1000, 100);
  setNow(1000 + 1957);
  cubicAvoid(t, 1000, 100);
  return t;
}

describe("CUBIC", () => {
  test("icbrt_cubesAndNeighbours_floorOfTheRoot", () => {
    expect<u64>(icbrt(0)).toBe(0);
    expect<u64>(icbrt(26)).toBe(2);
    expect<u64>(icbrt(27)).toBe(3);
    expect<u64>(icbrt(7_500_000_000)).toBe(1957); // 1957^3 = 7,495,014,493; 1958^3 = 7,506,509,912
    expect<u64>(icbrt(u64.MAX_VALUE)).toBe(2642245);
  });

  test("ESTABLISHED_congestionEvent_ssthreshSevenTenthsOfFlightWmaxTheWindow", () => {
    const t = afterLoss();
    expect<u32>(t.ssthresh).toBe(7000); // RFC 9438 4.6: beta 0.7, not Reno's half
    expect<u32>(t.cubic_w_max).toBe(10000);
    expect<u32>(t.cubic_cwnd_prior).toBe(10000);
    expect<bool>((t.flags & TF_CUBIC_EPOCH) != 0).toBe(false);
  });

  test("ESTABLISHED_lossBelowTheLastWmax_fastConvergenceLowersWmax", () => {
    const t = afterLoss();
    t.cwnd = 8000;
    cubicReduce(t, 8000);
    expect<u32>(t.cubic_w_max).toBe(6800); // RFC 9438 4.7: (1 + beta) / 2 of the window
    expect<u32>(t.ssthresh).toBe(5600);
    expect<u32>(t.cubic_undo_w_max).toBe(10000);
  });

  test("ESTABLISHED_reductionFoundSpurious_wmaxRestoredCurveRestarts", () => {
    const t = afterLoss();
    t.cwnd = 8000;
    cubicReduce(t, 8000);
    cubicUndo(t);
    expect<u32>(t.cubic_w_max).toBe(10000); // RFC 9438 4.9
    expect<bool>((t.flags & TF_CUBIC_EPOCH) != 0).toBe(false);
  });

  test("CONGESTION_AVOIDANCE_firstAckAfterLoss_renoFriendlyWindowTaken", () => {
    const t = afterLoss();
    setNow(1000);
    cubicAvoid(t, 1000, 100);
    expect<u32>(t.cubic_epoch).toBe(1000);
    expect<u32>(t.cubic_k).toBe(1957); // cbrt((10 - 7) / 0.4) s
    // W_cubic(0) = 10000 - 2998 = 7002; W_est = 7000 + 9/17 of 1000 * 1000 / 7000 (142) = 7075 (RFC 9438 4.3).
    expect<u32>(cubicWindow(t, 0)).toBe(7002);
    expect<u32>(t.cubic_w_est).toBe(7075);
    expect<u32>(t.cwnd).toBe(7075);
  });

  test("CONGESTION_AVOIDANCE_ackAtK_growsTowardWmaxOneRttAhead", () => {
    const t = atK();
    // RFC 9438 4.4: target W_cubic(K + RTT) = 10000; cwnd += (10000 - 7075) * 1000 / 7075 = 413.
    expect<u32>(cubicWindow(t, 1957)).toBe(10000);
    expect<u32>(t.cwnd).toBe(7488);
    expect<u32>(t.cubic_w_est).toBe(7149);
  });

  test("CONGESTION_AVOIDANCE_curveFarAhead_targetCappedAtOneAndAHalfWindows", () => {
    const t = atK();
    setNow(1000 + 1957 + 5000);
    cubicAvoid(t, 1000, 100);
    // W_cubic(K + 5.1 s) = 63060 > 1.5 * 7488 = 11232 (RFC 9438 4.2): cwnd += (11232 - 7488) / 7.488.
    expect<u32>(cubicWindow(t, 1957 + 5100)).toBe(63060);
    expect<u32>(t.cwnd).toBe(7988);
  });

  test("CONGESTION_AVOIDANCE_afterTimeout_curveStartsAtTheWindowRenoRateOnceAtCwndPrior", () => {
    const t = conn(4000);
    cubicTimeout(t, 10000);
    expect<u32>(t.ssthresh).toBe(7000); // RFC 9438 4.8: beta_cubic for ssthresh
    t.cwnd = 7000; // slow start brought it back to ssthresh
    setNow(5000);
    cubicAvoid(t, 1000, 100);
    expect<u32>(t.cubic_k).toBe(0); // W_max is the window the stage started with
    expect<u32>(t.cubic_w_max).toBe(7000);
    // W_est is past cwnd_prior (4000): alpha_cubic 1, W_est = 7000 + 142, above W_cubic(0) = 7000.
    expect<u32>(t.cwnd).toBe(7142);
  });
});

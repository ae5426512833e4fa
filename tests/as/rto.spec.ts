// The RTO computation (RFC 6298 2.2-2.5) under the stack's run-time bounds (assembly/tcp/rto-params.ts):
// a sample below the minimum is raised to it, a minimum under 1 s also floors the variance term (as
// Linux), and out-of-range bounds are refused without changing anything.
import { tcb } from "../../assembly/tcp/tcb";
import { rttSample } from "../../assembly/tcp/rtt";
import { rtoInitialMs, rtoMinMs, rtoParamsReset, setRtoInitial, setRtoMin } from "../../assembly/tcp/rto-params";
import { TF_HAD_SAMPLE } from "../../assembly/tcp/tcb";

/** A first sample of `r` ms on a fresh connection slot; the RTO it gives. */
function firstSample(r: u32): u32 {
  const t = tcb(0);
  t.flags &= ~TF_HAD_SAMPLE;
  rttSample(t, r);
  return t.rto;
}

describe("RTO bounds", () => {
  test("rttSample_defaultMinimum_100msRaisedTo1s", () => {
    rtoParamsReset();
    expect<u32>(firstSample(100)).toBe(1000); // 100 + 4 * 50 = 300 < 1 s (RFC 6298 2.4)
    expect<u32>(firstSample(400)).toBe(1200); // 400 + 4 * 200
  });
  test("rttSample_minimum200_100msGives300", () => {
    rtoParamsReset();
    expect<bool>(setRtoMin(200)).toBe(true);
    expect<u32>(firstSample(100)).toBe(300);
    expect<u32>(firstSample(20)).toBe(220); // 20 + max(200, 4 * 10): the floor applies to the variance
    rtoParamsReset();
  });
  test("rttSample_minimum5000_400msRaisedTo5s", () => {
    rtoParamsReset();
    expect<bool>(setRtoMin(5000)).toBe(true);
    expect<u32>(firstSample(400)).toBe(5000);
    rtoParamsReset();
  });
  test("setRto_outOfRange_refusedAndUnchanged", () => {
    rtoParamsReset();
    expect<bool>(setRtoInitial(0)).toBe(false);
    expect<bool>(setRtoInitial(-5)).toBe(false);
    expect<bool>(setRtoInitial(60001)).toBe(false);
    expect<bool>(setRtoMin(0)).toBe(false);
    expect<bool>(setRtoMin(60001)).toBe(false);
    expect<u32>(rtoInitialMs).toBe(1000);
    expect<u32>(rtoMinMs).toBe(1000);
    expect<bool>(setRtoInitial(60000)).toBe(true);
    expect<u32>(rtoInitialMs).toBe(60000);
    rtoParamsReset();
    expect<u32>(rtoInitialMs).toBe(1000);
  });
});

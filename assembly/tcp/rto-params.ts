// The stack-wide bounds of the retransmission timeout a host may change at run time (tcp_setopt on
// Handle.STACK): RFC 6298 2.1's initial RTO and 2.4's lower bound. Build defaults in config.ts; init()
// restores them.
import { TCP_RTO_INITIAL_MS, TCP_RTO_MIN_MS, TCP_RTO_MAX_MS } from "../config";

/** RFC 6298 2.1: the RTO before any round-trip sample, for connections opened from now on. */
export let rtoInitialMs: u32 = TCP_RTO_INITIAL_MS;
/** RFC 6298 2.4: the least RTO a sample may give. */
export let rtoMinMs: u32 = TCP_RTO_MIN_MS;

export function rtoParamsReset(): void { rtoInitialMs = TCP_RTO_INITIAL_MS; rtoMinMs = TCP_RTO_MIN_MS; }

/** Both in 1 ms .. RFC 6298 2.5's upper bound; false (nothing changed) otherwise. */
export function setRtoInitial(ms: i32): bool {
  if (ms < 1 || <u32>ms > TCP_RTO_MAX_MS) return false;
  rtoInitialMs = <u32>ms;
  return true;
}
export function setRtoMin(ms: i32): bool {
  if (ms < 1 || <u32>ms > TCP_RTO_MAX_MS) return false;
  rtoMinMs = <u32>ms;
  return true;
}

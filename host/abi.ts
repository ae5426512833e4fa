// The numbers that cross the ABI: generated from assembly/abi.ts (tools/abi-gen.mjs writes host/gen/abi.ts
// at build time), plus names for display. tests/node/abi.test.ts checks them against the .wasm.
import { State, Err, Ev, Opt, Trace, Timer } from "./gen/abi.js";
export { State, Err, Ev, Opt, Shut, Trace, Timer, Handle, DhcpState, Stat, STAT_NAMES, ABI_TABLE } from "./gen/abi.js";

export const STATE_NAMES = Object.keys(State) as (keyof typeof State)[];

/** The errno-style code Node uses for each error (err.code). */
export function errCode(e: number): string {
  const name = Object.entries(Err).find(([, v]) => v === e)?.[0] ?? "UNKNOWN";
  return name === "WOULDBLOCK" ? "EAGAIN" : `E${name}`;
}

// Names for display and logs. Keys are the enum names above (RFC 9293's states with '_' for '-').
function nameOf(table: Record<string, number>, v: number): string {
  for (const k in table) if (table[k] === v) return k;
  return String(v);
}
export function stateName(s: number): string { return nameOf(State, s); }
export function errName(e: number): string { return nameOf(Err, e); }
export function traceName(k: number): string { return nameOf(Trace, k); }
export function timerName(t: number): string { return nameOf(Timer, t); }
export function optName(o: number): string { return nameOf(Opt, o); }
/** Ev bits as names, e.g. "READABLE|CONNECTED" ("" for none, the number for a negative Err). */
export function evNames(bits: number): string {
  if (bits < 0) return String(bits);
  return Object.entries(Ev).filter(([, b]) => bits & b).map(([k]) => k).join("|");
}

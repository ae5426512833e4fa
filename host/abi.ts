// The numbers that cross the ABI, mirrored from assembly/abi.ts (tests/node/abi.test.ts checks them).
export const State = {
  CLOSED: 0, LISTEN: 1, SYN_SENT: 2, SYN_RECEIVED: 3, ESTABLISHED: 4, FIN_WAIT_1: 5, FIN_WAIT_2: 6,
  CLOSE_WAIT: 7, CLOSING: 8, LAST_ACK: 9, TIME_WAIT: 10,
} as const;
export const STATE_NAMES = Object.keys(State) as (keyof typeof State)[];

export const Err = {
  OK: 0, WOULDBLOCK: -1, INVAL: -2, NOBUFS: -3, ADDRINUSE: -4, NOTCONN: -5, BADF: -6, PIPE: -7, CONNRESET: -8,
  CONNREFUSED: -9, TIMEDOUT: -10, ISCONN: -11, OPNOTSUPP: -12, HOSTUNREACH: -13, CONNABORTED: -14,
} as const;
/** The errno-style code Node uses for each error (err.code). */
export function errCode(e: number): string {
  const name = Object.entries(Err).find(([, v]) => v === e)?.[0] ?? "UNKNOWN";
  return name === "WOULDBLOCK" ? "EAGAIN" : `E${name}`;
}

export const Ev = { READABLE: 1, WRITABLE: 2, ACCEPTABLE: 4, CONNECTED: 8, EOF: 16, ERROR: 32, CLOSED: 64, SEND_DRAINED: 128 } as const;
export const Opt = {
  NODELAY: 1, KEEPALIVE: 2, KEEPIDLE: 3, KEEPINTVL: 4, KEEPCNT: 5, LINGER_ZERO: 6, SO_ERROR: 7, SNDBUF: 8,
  RCVBUF: 9, MSS: 10, SND_QUEUED: 11, RCV_QUEUED: 12, CWND: 13, SRTT: 14, RTO: 15, REUSEADDR: 16,
  SSTHRESH: 17, RETRANSMITS: 18,
} as const;
export const Shut = { RD: 0, WR: 1, RDWR: 2 } as const;
export const Trace = { STATE: 1, DROP: 2, RETRANSMIT: 3, TIMER: 4, ERROR: 5, ARP: 6 } as const;
export const Timer = { REXMT: 1, PERSIST: 2, DELACK: 3, KEEPALIVE: 4, TIME_WAIT: 5, FIN_WAIT_2: 6 } as const;

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

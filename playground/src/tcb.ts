// A connection's TCB as a side panel shows it: RFC 9293's names, sequence numbers relative to each
// side's ISN like the ladder (or absolute), and the running timers counting down from the time shown.
import type { ConnView } from "./session.js";
import { Timer } from "../../host/abi.js";

const TIMERS: [bit: number, at: keyof ConnView, name: string][] = [
  [1 << Timer.REXMT, "rexmtAt", "retransmission"], [1 << Timer.PERSIST, "persistAt", "persist"], [1 << Timer.DELACK, "delackAt", "delayed ACK"],
  [1 << Timer.KEEPALIVE, "keepaliveAt", "keepalive"], [1 << Timer.TIME_WAIT, "msl2At", ""],
];

export function tcbTable(v: ConnView, state: string, now: number, absolute: boolean): string {
  const seq = (x: number, base: number) => String(absolute ? x >>> 0 : (x - base) >>> 0);
  const irsKnown = state !== "SYN_SENT";
  const big = (x: number) => (x >= 0x3fffffff ? "∞" : String(x));
  const rows: [string, string, string, string][] = [
    ["SND.UNA", seq(v.sndUna, v.iss), "SND.NXT", seq(v.sndNxt, v.iss)],
    ["SND.WND", String(v.sndWnd), "RCV.NXT", irsKnown ? seq(v.rcvNxt, v.irs) : "—"],
    ["RCV.WND", String(v.rcvWnd), "MSS", String(v.mss)],
    ["cwnd", String(v.cwnd), "ssthresh", big(v.ssthresh)],
    ["SRTT", v.srtt ? `${v.srtt} ms` : "—", "RTO", `${v.rto} ms`],
    ["unacked", `${v.sndQueued} B`, "unread", `${v.rcvQueued} B`],
  ];
  const timers = TIMERS.filter(([bit]) => v.timers & bit).map(([, at, name]) => {
    const left = (((v[at] as number) - now) | 0) / 1000;
    const label = name || (state === "TIME_WAIT" ? "2MSL (TIME_WAIT)" : "FIN_WAIT_2 timeout");
    return `<li data-timer="${at}">${label} in <b>${left.toFixed(3)} s</b></li>`;
  });
  return `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</table>` +
    `<ul class="timers">${timers.join("") || "<li>no timer running</li>"}</ul>`;
}

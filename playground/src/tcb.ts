// A connection's TCB as a side panel shows it: RFC 9293's names, sequence numbers relative to each
// side's ISN like the ladder (or absolute), and the running timers counting down from the time shown.
import type { ConnView } from "./session.js";
import { Timer } from "../../host/abi.js";
import { t } from "./i18n.js";

const TIMERS: [bit: number, at: "rexmtAt" | "persistAt" | "delackAt" | "keepaliveAt" | "msl2At"][] = [
  [1 << Timer.REXMT, "rexmtAt"], [1 << Timer.PERSIST, "persistAt"], [1 << Timer.DELACK, "delackAt"],
  [1 << Timer.KEEPALIVE, "keepaliveAt"], [1 << Timer.TIME_WAIT, "msl2At"],
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
    [t("tcb.unacked"), `${v.sndQueued} B`, t("tcb.unread"), `${v.rcvQueued} B`],
  ];
  const timers = TIMERS.filter(([bit]) => v.timers & bit).map(([, at]) => {
    const left = ((v[at] - now) | 0) / 1000;
    // One slot times both 2MSL and the FIN_WAIT_2 timeout: the state says which.
    const label = at !== "msl2At" ? t(`timer.${at}`) : state === "TIME_WAIT" ? t("timer.2msl") : t("timer.finwait2");
    return `<li data-timer="${at}">${t("timer.in", label, left.toFixed(3))}</li>`;
  });
  return `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</table>` +
    `<ul class="timers">${timers.join("") || `<li>${t("timer.none")}</li>`}</ul>`;
}

// The shareable link: the scenario, the segments lost, the free mode's calls and the event shown, in
// the page's URL fragment, so a teacher can hand out an exact situation (the run is deterministic).
import type { LossChoice, NetFault } from "./session.js";
import type { FreeAction } from "./free.js";
import { ATTACKS, type Attack } from "./attack.js";
import { isLang, type Lang } from "./i18n.js";

export interface Situation {
  scenario: string; losses: LossChoice[]; actions: FreeAction[]; net: NetFault[]; attacks: Attack[];
  cursor: number; absolute: boolean; lang: Lang;
  /** Following a real stack (`wasmtcp tap --view`) rather than running one here. */
  live: boolean;
  /** Large type, for a projector. */
  big: boolean;
}

export function writeLink(s: Situation): string {
  const q = new URLSearchParams(s.live ? { live: "1" } : { s: s.scenario, e: String(s.cursor) });
  if (s.lang !== "en") q.set("lang", s.lang);
  if (s.big) q.set("big", "1");
  if (s.live) return q.toString();
  if (s.absolute) q.set("abs", "1");
  const segs = (effect?: string) => s.losses.filter((l) => l.effect === effect).map((l) => [l.from, l.to, l.nth, ...(effect ? [l.ms ?? 0] : [])].join(">")).join(",");
  if (segs()) q.set("lose", segs());
  if (segs("delay")) q.set("delay", segs("delay"));
  if (segs("duplicate")) q.set("dup", segs("duplicate"));
  if (s.net.length) q.set("net", s.net.map((f) => [f.from, f.to, f.loss, f.delayMs, f.reorder].join(">")).join(","));
  if (s.attacks.length) q.set("atk", s.attacks.map((a) => [a.t, a.at, a.target, a.kind].join(":")).join(","));
  if (s.actions.length) q.set("calls", s.actions.map((a) => [a.t, a.at, a.party, a.op, a.n ?? ""].join(":")).join(","));
  return q.toString();
}

export function readLink(hash: string): Situation | null {
  if (!hash) return null;
  const q = new URLSearchParams(hash);
  const scenario = q.get("s") || "handshake";
  const list = (k: string) => (q.get(k) ?? "").split(",").filter(Boolean);
  const segs = (k: string, effect?: "delay" | "duplicate") => list(k).map((x) => {
    const [from, to, nth, ms] = x.split(">");
    return effect ? { from, to, nth: Number(nth), effect, ms: Math.max(0, Number(ms) || 0) } : { from, to, nth: Number(nth) };
  }).filter((l) => l.from && l.to && l.nth > 0);
  const losses: LossChoice[] = [...segs("lose"), ...segs("delay", "delay"), ...segs("dup", "duplicate")];
  const net = list("net").map((x) => {
    const [from, to, loss, delayMs, reorder] = x.split(">");
    return { from, to, loss: Number(loss) || 0, delayMs: Number(delayMs) || 0, reorder: Number(reorder) || 0 };
  }).filter((f) => f.from && f.to);
  const attacks = list("atk").map((x) => {
    const [t, at, target, kind] = x.split(":");
    return { t: Number(t) || 0, at: Number(at) || 0, target, kind } as Attack;
  }).filter((a) => a.target && (ATTACKS as readonly string[]).includes(a.kind));
  const actions = (q.get("calls") ?? "").split(",").filter(Boolean).map((x) => {
    const [t, at, party, op, n] = x.split(":");
    return { t: Number(t), at: Number(at), party, op, n: n ? Number(n) : undefined } as FreeAction;
  });
  const lang = q.get("lang");
  return { scenario, losses, actions, net, attacks, cursor: Math.max(0, Number(q.get("e")) || 0), absolute: q.get("abs") === "1", lang: isLang(lang) ? lang : "en", live: q.get("live") === "1", big: q.get("big") === "1" };
}

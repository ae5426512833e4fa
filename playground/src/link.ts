// The shareable link: the scenario, the segments lost, the free mode's calls and the event shown, in
// the page's URL fragment, so a teacher can hand out an exact situation (the run is deterministic).
import type { LossChoice } from "./session.js";
import type { FreeAction } from "./free.js";
import { isLang, type Lang } from "./i18n.js";

export interface Situation { scenario: string; losses: LossChoice[]; actions: FreeAction[]; cursor: number; absolute: boolean; lang: Lang }

export function writeLink(s: Situation): string {
  const q = new URLSearchParams({ s: s.scenario, e: String(s.cursor) });
  if (s.absolute) q.set("abs", "1");
  if (s.lang !== "en") q.set("lang", s.lang);
  if (s.losses.length) q.set("lose", s.losses.map((l) => `${l.from}>${l.to}>${l.nth}`).join(","));
  if (s.actions.length) q.set("calls", s.actions.map((a) => [a.t, a.at, a.party, a.op, a.n ?? ""].join(":")).join(","));
  return q.toString();
}

export function readLink(hash: string): Situation | null {
  if (!hash) return null;
  const q = new URLSearchParams(hash);
  const scenario = q.get("s") || "handshake";
  const losses = (q.get("lose") ?? "").split(",").filter(Boolean).map((x) => {
    const [from, to, nth] = x.split(">");
    return { from, to, nth: Number(nth) };
  }).filter((l) => l.from && l.to && l.nth > 0);
  const actions = (q.get("calls") ?? "").split(",").filter(Boolean).map((x) => {
    const [t, at, party, op, n] = x.split(":");
    return { t: Number(t), at: Number(at), party, op, n: n ? Number(n) : undefined } as FreeAction;
  });
  const lang = q.get("lang");
  return { scenario, losses, actions, cursor: Math.max(0, Number(q.get("e")) || 0), absolute: q.get("abs") === "1", lang: isLang(lang) ? lang : "en" };
}

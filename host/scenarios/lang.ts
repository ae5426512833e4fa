// The languages a scenario is told in: English as written in the catalogue, and Simplified Chinese (the
// language of the course the catalogue follows). The CLI's --lang and the playground choose with these.
import type { Scenario } from "./types.js";
import { zhCN } from "./zh-CN.js";

export type Lang = "en" | "zh-CN";
export const LANGS: readonly Lang[] = ["en", "zh-CN"];
/** Each language's name in itself, for a language menu. */
export const LANG_NAMES: Record<Lang, string> = { "en": "English", "zh-CN": "简体中文" };

/** The language a tag names (case-insensitive, "zh_CN" as "zh-CN"), or undefined if none of LANGS. */
export function parseLang(s: string): Lang | undefined {
  const t = s.trim().replace(/_/g, "-").toLowerCase();
  return LANGS.find((l) => l.toLowerCase() === t);
}

/** What a run with --rto adds to the explanation: its figures of 1 s are not this run's. */
export function rtoNote(ms: number, lang: Lang): string {
  return lang === "zh-CN"
    ? `本次运行以 --rto ${ms} 把初始 RTO 及其下限设为 ${ms} ms（RFC 6298 2.1、2.4 节），而不是 1000 ms：时序图上的重传时刻由它决定，上文按 1 s 给出的数字不适用于本次运行。`
    : `This run sets the initial RTO and its lower bound to ${ms} ms with --rto (RFC 6298 2.1, 2.4) instead of 1000 ms: the retransmission times on the ladder follow from it, not from the figures of 1 s above.`;
}

/** A scenario's title and explanation in `lang`; English where a translation is missing. */
export function scenarioText(s: Scenario, lang: Lang): { title: string; explanation: string } {
  const t = lang === "zh-CN" ? zhCN[s.name] : undefined;
  return t ? { title: t.title, explanation: t.explanation } : { title: s.title, explanation: s.explanation };
}

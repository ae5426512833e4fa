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

/** A scenario's title and explanation in `lang`; English where a translation is missing. */
export function scenarioText(s: Scenario, lang: Lang): { title: string; explanation: string } {
  const t = lang === "zh-CN" ? zhCN[s.name] : undefined;
  return t ? { title: t.title, explanation: t.explanation } : { title: s.title, explanation: s.explanation };
}

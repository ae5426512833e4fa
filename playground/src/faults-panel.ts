// The fault panel's controls drawn by the script: seeded random loss, delay and reordering for each
// direction between the run's stacks, and the attacker's buttons aimed at a chosen stack.
import type { NetFault } from "./session.js";
import { ATTACKS, type AttackKind } from "./attack.js";
import { t } from "./i18n.js";

function el<T extends HTMLElement = HTMLElement>(tag: string, props: Record<string, string> = {}, ...kids: (Node | string)[]): T {
  const e = Object.assign(document.createElement(tag), props) as unknown as T;
  e.append(...kids);
  return e;
}

/** One row per direction: loss %, extra delay in ms, reorder %; a change calls `onChange` with the row. */
export function netControls(stacks: string[], net: NetFault[], onChange: (f: NetFault) => void): HTMLElement {
  const table = el("table", { className: "net" });
  table.append(el("tr", {}, el("th"), el("th", { textContent: t("net.loss") }), el("th", { textContent: t("net.delay") }), el("th", { textContent: t("net.reorder") })));
  for (const from of stacks) for (const to of stacks) {
    if (from === to) continue;
    const now = net.find((f) => f.from === from && f.to === to) ?? { from, to, loss: 0, delayMs: 0, reorder: 0 };
    const field = (k: "loss" | "delayMs" | "reorder", max: number) => {
      const inp = el<HTMLInputElement>("input", { type: "number", min: "0", max: String(max), value: String(now[k]) });
      inp.dataset.net = `${from}>${to}>${k}`;
      inp.setAttribute("aria-label", `${from} → ${to} ${t(k === "loss" ? "net.loss" : k === "delayMs" ? "net.delay" : "net.reorder")}`);
      inp.onchange = () => {
        now[k] = Math.max(0, Math.min(max, Math.round(Number(inp.value) || 0)));
        inp.value = String(now[k]);
        onChange({ ...now });
      };
      return el("td", {}, inp);
    };
    table.append(el("tr", {}, el("td", { textContent: `${from} → ${to}` }), field("loss", 100), field("delayMs", 10_000), field("reorder", 100)));
  }
  return table;
}

/** A target chooser and one button per forgery. */
export function attackControls(stacks: string[], onAttack: (target: string, kind: AttackKind) => void): HTMLElement {
  const target = el<HTMLSelectElement>("select", { id: "attack-target" });
  target.setAttribute("aria-label", t("attack.target"));
  for (const s of stacks) target.add(new Option(s, s));
  target.value = stacks.includes("server") ? "server" : stacks[stacks.length - 1] ?? "";
  const div = el("div", { className: "attack" }, el("label", {}, `${t("attack.target")} `, target), el("br"));
  for (const k of ATTACKS) {
    const b = el("button", { textContent: t(`attack.${k}`), title: t(`attack.${k}.title`) });
    b.dataset.attack = k;
    b.onclick = () => onAttack(target.value, k);
    div.append(b, " ");
  }
  return div;
}

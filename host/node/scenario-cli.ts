// `wasmtcp scenario`: list the catalogue, or run one scenario, print its ladder and explanation, and
// write the SVG, pcap and JSON files asked for.
import { writeFileSync } from "node:fs";
import "./wasm-files.js";
import { scenarios, findScenario } from "../scenarios/registry.js";
import { runScenario, type ScenarioRun } from "../scenarios/runner.js";
import { renderReport, renderText } from "../scenarios/text.js";
import type { ScenarioTrace } from "../scenarios/types.js";
import { renderSvg } from "../svg.js";

export const scenarioUsage = `  wasmtcp scenario --list                      the catalogue of handshake, teardown and loss cases
  wasmtcp scenario NAME [--svg F] [--pcap F] [--json F]
                                               run one: ladder diagram and explanation, and the files asked for`;

/** Writes the files asked for; returns the paths written. */
export function writeOutputs(r: ScenarioRun, o: { svg?: string; pcap?: string; json?: string }): string[] {
  const out: string[] = [];
  if (o.svg) { writeFileSync(o.svg, renderSvg(r.trace)); out.push(o.svg); }
  if (o.pcap) { writeFileSync(o.pcap, r.pcap.bytes()); out.push(o.pcap); }
  if (o.json) { writeFileSync(o.json, JSON.stringify(r.trace, null, 1) + "\n"); out.push(o.json); }
  return out;
}

export async function scenarioCommand(args: string[]): Promise<number> {
  if (args.includes("--list")) {
    const w = Math.max(...scenarios.map((s) => s.name.length));
    for (const s of scenarios) console.log(`${s.name.padEnd(w)}  ${s.title}`);
    return 0;
  }
  const opt = (n: string) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : undefined; };
  const name = args.find((a, i) => !a.startsWith("--") && !["--svg", "--pcap", "--json"].includes(args[i - 1]));
  const s = name ? findScenario(name) : undefined;
  if (!s) {
    console.error(name ? `no scenario "${name}"; try: wasmtcp scenario --list` : `usage:\n${scenarioUsage}`);
    return 2;
  }
  let run;
  try {
    run = await runScenario(s);
  } catch (e) {
    const tr = (e as { trace?: ScenarioTrace }).trace;
    if (tr) console.error(renderText(tr));
    console.error((e as Error).message);
    return 1;
  }
  console.log(renderReport(run.trace));
  for (const f of writeOutputs(run, { svg: opt("--svg"), pcap: opt("--pcap"), json: opt("--json") })) console.log(`wrote ${f}`);
  return 0;
}

// `wasmtcp scenario`: list the catalogue, or run one scenario, print its ladder and explanation, and
// write the SVG, pcapng and JSON files asked for.
import { accessSync, constants, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import "./wasm-files.js";
import { scenarios, findScenario } from "../scenarios/registry.js";
import { runScenario, type ScenarioRun } from "../scenarios/runner.js";
import { renderReport, renderText } from "../scenarios/text.js";
import type { ScenarioTrace } from "../scenarios/types.js";
import { renderSvg } from "../svg.js";
import { parse, intOption, UsageError, type Options, type Parsed } from "./args.js";
import { LANGS, parseLang, scenarioText, type Lang } from "../scenarios/lang.js";

export const scenarioUsage = `  wasmtcp scenario --list                      the catalogue of handshake, teardown and loss cases
  wasmtcp scenario NAME [--svg F] [--pcap F] [--json F] [--drop N] [--latency MS] [--rto MS] [--absolute]
                        [--lang L]
                                               run one: ladder diagram and explanation, and the files asked for
                                               (--pcap writes pcapng; --drop N loses the Nth TCP segment of the
                                               run; --latency sets the one-way delay, 1 ms by default;
                                               --absolute prints sequence numbers as sent;
                                               --rto MS sets every stack's initial RTO and its lower bound,
                                               1000 by default (RFC 6298 2.1, 2.4), from 1 to 60000;
                                               --lang ${LANGS.join(" or ")} tells the title and explanation)`;

export const scenarioOptions: Options = {
  list: { type: "boolean" }, svg: { type: "string" }, pcap: { type: "string" }, json: { type: "string" },
  drop: { type: "string" }, latency: { type: "string" }, absolute: { type: "boolean" },
  lang: { type: "string" }, rto: { type: "string" },
};

/** --lang: one of LANGS, English when absent. */
function langOption(p: Parsed): Lang {
  const v = p.values.lang as string | undefined;
  if (v === undefined) return "en";
  const l = parseLang(v);
  if (!l) throw new UsageError(`--lang: expected ${LANGS.join(" or ")}, got "${v}"`);
  return l;
}

/** Writes the files asked for; returns the paths written. */
export function writeOutputs(r: ScenarioRun, o: { svg?: string; pcap?: string; json?: string }): string[] {
  const out: string[] = [];
  if (o.svg) { writeFileSync(o.svg, renderSvg(r.trace)); out.push(o.svg); }
  if (o.pcap) { writeFileSync(o.pcap, r.pcap.bytes()); out.push(o.pcap); }
  if (o.json) { writeFileSync(o.json, JSON.stringify(r.trace, null, 1) + "\n"); out.push(o.json); }
  return out;
}

export async function scenarioCommand(args: string[]): Promise<number> {
  const p = parse(args, scenarioOptions, 1);
  const [name] = p.positionals;
  const lang = langOption(p);
  if (p.values.list) {
    if (name) throw new UsageError(`--list takes no scenario name (got "${name}")`);
    const w = Math.max(...scenarios.map((s) => s.name.length));
    for (const s of scenarios) console.log(`${s.name.padEnd(w)}  ${scenarioText(s, lang).title}`);
    return 0;
  }
  if (!name) throw new UsageError("a scenario name is required (wasmtcp scenario --list shows them)");
  const s = findScenario(name);
  if (!s) throw new UsageError(`no scenario "${name}"; try: wasmtcp scenario --list`);
  const opts = { drop: intOption(p, "drop", 1), latencyMs: intOption(p, "latency", 0, 60_000), absolute: p.values.absolute === true || undefined, lang, rtoMs: intOption(p, "rto", 1, 60_000) };
  const files = { svg: p.values.svg as string | undefined, pcap: p.values.pcap as string | undefined, json: p.values.json as string | undefined };
  // An output that cannot be written fails now (one line, exit 2), not after the run.
  for (const f of Object.values(files)) if (f) accessSync(dirname(resolve(f)), constants.W_OK);
  let run;
  try {
    run = await runScenario(s, opts);
  } catch (e) {
    const tr = (e as { trace?: ScenarioTrace }).trace;
    if (tr) console.error(renderText(tr));
    console.error((e as Error).message);
    return 1;
  }
  console.log(renderReport(run.trace));
  for (const f of writeOutputs(run, files)) console.log(`wrote ${f}`);
  return 0;
}

// Runs one scenario on a fresh simulation; returns its JSON trace and its capture.
import { writeFileSync } from "node:fs";
import { ScenarioContext } from "./context.js";
import type { Scenario, ScenarioTrace } from "./types.js";
import type { PcapngWriter } from "../pcapng.js";
import { renderSvg } from "../svg.js";

export interface ScenarioRun { trace: ScenarioTrace; pcap: PcapngWriter }

export async function runScenario(s: Scenario): Promise<ScenarioRun> {
  const ctx = new ScenarioContext(s);
  try {
    await s.run(ctx);
  } catch (e) {
    // The ladder so far is the best clue to what the stack did instead.
    throw Object.assign(new Error(`scenario ${s.name}: ${(e as Error).message}`), { cause: e, trace: ctx.trace() });
  }
  ctx.annotateCapture();
  return { trace: ctx.trace(), pcap: ctx.pcap };
}

/** Writes the files asked for; returns the paths written. */
export function writeOutputs(r: ScenarioRun, o: { svg?: string; pcap?: string; json?: string }): string[] {
  const out: string[] = [];
  if (o.svg) { writeFileSync(o.svg, renderSvg(r.trace)); out.push(o.svg); }
  if (o.pcap) { r.pcap.write(o.pcap); out.push(o.pcap); }
  if (o.json) { writeFileSync(o.json, JSON.stringify(r.trace, null, 1) + "\n"); out.push(o.json); }
  return out;
}

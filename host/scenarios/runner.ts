// Runs one scenario on a fresh simulation; returns its JSON trace and its capture.
import { ScenarioContext, type ScenarioOptions } from "./context.js";
import type { Scenario, ScenarioTrace } from "./types.js";
import type { PcapngWriter } from "../pcapng.js";

export interface ScenarioRun { trace: ScenarioTrace; pcap: PcapngWriter }

export async function runScenario(s: Scenario, opts: ScenarioOptions = {}): Promise<ScenarioRun> {
  const ctx = new ScenarioContext(s, opts);
  try {
    await s.run(ctx);
  } catch (e) {
    // The ladder so far is the best clue to what the stack did instead.
    throw Object.assign(new Error(`scenario ${s.name}: ${(e as Error).message}`), { cause: e, trace: ctx.trace() });
  }
  ctx.annotateCapture();
  return { trace: ctx.trace(), pcap: ctx.pcap };
}


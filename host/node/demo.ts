// `wasmtcp demo` (`npm start`): the demo scenario, printed as the catalogue's scenarios are (ladder,
// explanation, what it measured), with its pcapng written where asked.
import { writeFileSync } from "node:fs";
import "./wasm-files.js";
import { demo as scenario } from "../scenarios/demo.js";
import { runScenario } from "../scenarios/runner.js";
import { renderReport } from "../scenarios/text.js";

export async function demo(opts: { pcap?: string; absolute?: boolean } = {}): Promise<string> {
  const run = await runScenario(scenario, { absolute: opts.absolute });
  const lines = [renderReport(run.trace)];
  if (opts.pcap) { writeFileSync(opts.pcap, run.pcap.bytes()); lines.push(`wrote ${opts.pcap}`); }
  return lines.join("\n");
}

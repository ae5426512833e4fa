#!/usr/bin/env node
// wasmtcp: the command line. `demo` runs the main job; `script` replays a test vector.
import { readFileSync, writeFileSync } from "node:fs";
import "./wasm-files.js";
import { demo } from "./demo.js";
import { runScript } from "../script/run.js";
import { ScriptError } from "../script/ast.js";
import { PcapWriter } from "../pcap.js";
import { scenarioCommand, scenarioUsage } from "./scenario-cli.js";
import { tap } from "./tap.js";

const usage = `usage:
  wasmtcp demo [--pcap FILE] [--absolute]      two stacks: handshake, data, close; ladder diagram and pcap
  wasmtcp script FILE.pkt [--pcap FILE] [--strict-end] [--skip-shell] [--NAME=VALUE...]
                                               replay a script in packetdrill's dialect against the stack;
                                               --NAME=VALUE: packetdrill's header options (e.g. --tolerance_usecs=10000);
                                               --skip-shell: skip shell commands (kernel set-up) instead of failing
  wasmtcp tap --dev NAME --ip A.B.C.D/NN [--mac M] [--gw G] [--serve echo:7,discard:9,chargen:19,http:80]
              [--get URL [--out FILE]] [--send HOST:PORT --bytes N] [--netem SPEC] [--wasm BUILD]
                                               a stack on an existing TAP device, until SIGINT/SIGTERM
${scenarioUsage}`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case "demo":
      console.log(await demo({ pcap: flag(args, "--pcap") ?? "wasmtcp-demo.pcap", absolute: args.includes("--absolute") }));
      return 0;
    case "script": {
      const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--pcap");
      if (!file) { console.error(usage); return 2; }
      try {
        const options = Object.fromEntries(args.filter((a) => /^--[A-Za-z_]+=/.test(a)).map((a) => a.slice(2).split(/=(.*)/s).slice(0, 2)));
        const skipShell = args.includes("--skip-shell") ? (line: number, what: string) => console.error(`${file}:${line}: skipped ${what}`) : undefined;
        const r = runScript(readFileSync(file, "utf8"), { options, strictEnd: args.includes("--strict-end"), skipShell });
        const out = flag(args, "--pcap");
        if (out) { const p = new PcapWriter(); for (const f of r.frames) p.add(f.ms, f.bytes); writeFileSync(out, p.bytes()); }
        console.log(`${file}: pass (${r.frames.length} segments, ${(r.endMs / 1000).toFixed(3)} s)`);
        return 0;
      } catch (e) {
        if (e instanceof ScriptError) { console.error(`${file}:${e.message.replace(/^line /, "")}`); return 1; }
        throw e;
      }
    }
    case "tap": {
      const dev = flag(args, "--dev"), ip = flag(args, "--ip");
      if (!dev || !ip) { console.error(usage); return 2; }
      return tap({ dev, ip, mac: flag(args, "--mac"), gw: flag(args, "--gw"), serve: flag(args, "--serve"), get: flag(args, "--get"),
        out: flag(args, "--out"), send: flag(args, "--send"), bytes: Number(flag(args, "--bytes") ?? 0), netem: flag(args, "--netem"),
        wasm: flag(args, "--wasm") });
    }
    case "scenario":
      return scenarioCommand(args);
    default:
      console.error(usage);
      return cmd === undefined || cmd === "--help" ? 0 : 2;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => { console.error(e); process.exit(1); });

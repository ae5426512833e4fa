#!/usr/bin/env node
// wasmtcp: the command line. `demo` runs the main job; `script` replays a test vector; `tap` puts a stack on
// a TAP device; `scenario` runs the teaching catalogue. Every verb parses strictly (host/node/args.ts):
// what it does not understand is refused by name with exit status 2, and a user's mistake (a missing file,
// an unwritable path, a bad address) is one line, never a stack trace.
import { readFileSync, writeFileSync } from "node:fs";
import "./wasm-files.js";
import { demo } from "./demo.js";
import { runScript } from "../script/run.js";
import { ScriptError } from "../script/ast.js";
import { PcapWriter } from "../pcap.js";
import { scenarioCommand, scenarioOptions, scenarioUsage } from "./scenario-cli.js";
import { tap } from "./tap.js";
import { playgroundCommand, playgroundUsage } from "./playground.js";
import { viewCommand, viewUsage } from "./view.js";
import { parse, intOption, addressOption, required, UsageError, type Parsed } from "./args.js";
import { parseIp } from "../addr.js";

const isIpv4 = (v: string) => { try { parseIp(v); return true; } catch { return false; } };

const usages: Record<string, string> = {
  demo: `  wasmtcp demo [--pcap FILE] [--absolute]      two stacks: handshake, data, close; ladder, explanation, pcapng if asked`,
  script: `  wasmtcp script FILE.pkt [--pcap FILE] [--strict-end] [--skip-shell] [--NAME=VALUE...]
                                               replay a script in packetdrill's dialect against the stack;
                                               --NAME=VALUE: packetdrill's header options (--tolerance_usecs=10000);
                                               --strict-end: fail on segments no ">" line expects;
                                               --skip-shell: skip shell commands (kernel set-up), naming each`,
  tap: `  wasmtcp tap --dev NAME --ip A.B.C.D[/NN]|dhcp[:A.B.C.D] [--name NAME] [--mac M] [--gw G] [--serve echo:7,discard:9,chargen:19,http:80]
              [--get URL [--out FILE]] [--send HOST:PORT --bytes N] [--netem SPEC [--seed N]] [--wasm BUILD] [--view [--port N]]
              [--dns A.B.C.D[,A.B.C.D]]
                                               a stack on an existing TAP device, until SIGINT/SIGTERM
                                               (the prefix is /24 when /NN is left out; dhcp: a lease from the
                                               network's server, renewed now on SIGUSR1, released at exit;
                                               dhcp:A.B.C.D asks for an earlier lease's address first);
                                               --name: the host name given to DHCP and answered
                                               for as NAME.local by mDNS; --view: the
                                               playground page on http://127.0.0.1:N/#live=1 (default 8080)
                                               draws its segments and states live; --netem: the
                                               bridge impairs frames as netem does (--seed: its
                                               generators' and the stack's seed); --get and --send take
                                               host names through the stack's DNS resolver (--dns,
                                               or the servers DHCP gives)`,
  scenario: scenarioUsage,
  playground: playgroundUsage,
  view: viewUsage,
};
const usage = (verb?: string) => `usage:\n${verb ? usages[verb] : Object.values(usages).join("\n")}\n  wasmtcp help [VERB] | --version`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  return `wasmtcp ${pkg.version}`;
}

const verbs: Record<string, (args: string[]) => Promise<number>> = {
  async demo(args) {
    const p = parse(args, { pcap: { type: "string" }, absolute: { type: "boolean" } });
    if (p.help || p.version) return meta("demo", p);
    console.log(await demo({ pcap: p.values.pcap as string | undefined, absolute: p.values.absolute === true }));
    return 0;
  },
  async script(args) {
    // packetdrill's header options (--name=value) go to the runner, as on packetdrill's command line.
    const header = args.filter((a) => /^--[A-Za-z_]+=/.test(a) && !a.startsWith("--pcap="));
    const p = parse(args.filter((a) => !header.includes(a)),
      { pcap: { type: "string" }, "strict-end": { type: "boolean" }, "skip-shell": { type: "boolean" } }, 1);
    if (p.help || p.version) return meta("script", p);
    const [file] = p.positionals;
    if (!file) throw new UsageError("a script file is required");
    const text = readFileSync(file, "utf8");
    const options = Object.fromEntries(header.map((a) => a.slice(2).split(/=(.*)/s).slice(0, 2)));
    const skipShell = p.values["skip-shell"] ? (line: number, what: string) => console.error(`${file}:${line}: skipped ${what}`) : undefined;
    try {
      const r = runScript(text, { options, strictEnd: p.values["strict-end"] === true, skipShell });
      const out = p.values.pcap as string | undefined;
      if (out) { const w = new PcapWriter(); for (const f of r.frames) w.add(f.ms, f.bytes); writeFileSync(out, w.bytes()); }
      console.log(`${file}: pass (${r.frames.length} segments, ${(r.endMs / 1000).toFixed(3)} s)`);
      return 0;
    } catch (e) {
      if (e instanceof ScriptError) { console.error(`${file}:${e.message.replace(/^line /, "")}`); return 1; }
      throw e;
    }
  },
  async tap(args) {
    const p = parse(args, { ...Object.fromEntries(["dev", "ip", "name", "mac", "gw", "serve", "get", "out", "send", "bytes", "netem", "seed", "wasm", "port", "dns"].map((k) => [k, { type: "string" as const }])), view: { type: "boolean" as const } });
    if (p.help || p.version) return meta("tap", p);
    const o = { dev: required(p, "dev"), ip: dhcpOption(p) ?? addressOption(p, "ip", "cidr") ?? required(p, "ip"),
      mac: addressOption(p, "mac", "mac"), gw: addressOption(p, "gw", "ip"), name: p.values.name as string | undefined };
    const s = (k: string) => p.values[k] as string | undefined;
    if (s("out") && !s("get")) throw new UsageError("--out goes with --get");
    if (s("bytes") && !s("send")) throw new UsageError("--bytes goes with --send");
    if (s("get") && s("send")) throw new UsageError("--get and --send cannot be combined");
    if (s("port") && !p.values.view) throw new UsageError("--port goes with --view");
    const dns = s("dns")?.split(",");
    if (dns && (dns.length > 2 || !dns.every(isIpv4))) throw new UsageError(`--dns: one or two IPv4 addresses, comma-separated, got "${s("dns")}"`);
    return tap({ ...o, dns, serve: s("serve"), get: s("get"), out: s("out"), send: s("send"), bytes: intOption(p, "bytes", 0) ?? 0, netem: s("netem"), seed: intOption(p, "seed", 0, 0xffffffff), wasm: s("wasm"),
      view: p.values.view === true, viewPort: intOption(p, "port", 0, 65535) });
  },
  async scenario(args) {
    const p = parse(args, scenarioOptions, 1);
    if (p.help || p.version) return meta("scenario", p);
    return scenarioCommand(args);
  },
  async playground(args) {
    const p = parse(args, { port: { type: "string" } });
    if (p.help || p.version) return meta("playground", p);
    return playgroundCommand(intOption(p, "port", 0, 65535) ?? 8080);
  },
  async view(args) {
    const p = parse(args, { events: { type: "string" }, port: { type: "string" } });
    if (p.help || p.version) return meta("view", p);
    return viewCommand(required(p, "events"), intOption(p, "port", 0, 65535) ?? 8080);
  },
};

/** --help and --version of a verb. */
/** --ip dhcp, or dhcp:A.B.C.D with an earlier lease's address (INIT-REBOOT); undefined for an address. */
function dhcpOption(p: Parsed): string | undefined {
  const v = p.values.ip;
  if (v === "dhcp") return v;
  if (typeof v !== "string" || !v.startsWith("dhcp:")) return undefined;
  if (!isIpv4(v.slice(5))) throw new UsageError(`--ip: bad IPv4 address after dhcp: ${v.slice(5)}`);
  return v;
}

function meta(verb: string, p: Parsed & { help: boolean }): number {
  console.log(p.help ? usage(verb) : version());
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  if (cmd === "help" || cmd === "--help" || cmd === "-h") {
    const [verb, ...extra] = args;
    if (extra.length || (verb !== undefined && !usages[verb])) throw new UsageError(`help: unknown verb "${extra[0] ?? verb}"`);
    console.log(usage(verb));
    return 0;
  }
  if (cmd === "--version") { console.log(version()); return 0; }
  if (cmd === undefined) { console.error(usage()); return 2; }
  const verb = verbs[cmd];
  if (!verb) throw new UsageError(`unknown command "${cmd}"`);
  try {
    return await verb(args);
  } catch (e) {
    if (e instanceof UsageError) throw Object.assign(e, { verb: cmd });
    throw e;
  }
}

// A reader that closes the pipe early (`wasmtcp scenario x | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => process.exit(e.code === "EPIPE" ? 0 : 1));

main(process.argv.slice(2)).then((code) => process.exit(code), (e: Error & { verb?: string; code?: string; path?: string }) => {
  if (e instanceof UsageError) {
    console.error(`wasmtcp${e.verb ? ` ${e.verb}` : ""}: ${e.message}\n${usage(e.verb)}`);
    process.exit(2);
  }
  // A file the user named that cannot be read or written: one line, no stack.
  if (typeof e.code === "string" && e.path !== undefined) { console.error(`wasmtcp: ${e.message}`); process.exit(2); }
  console.error(e);
  process.exit(1);
});

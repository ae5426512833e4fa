// The replay format (boards/README.md) on V8: a core that records every call it gets as a script line and
// every output as an output line, and a runner that replays a script. The posix boards (wasm3, wasm2c)
// replay the same scripts and must print the same bytes.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { instantiate, statNames } from "../../../host/core.js";
import { parseIp as parseDotted } from "../../../host/addr.js";
import "../../../host/node/wasm-files.js"; // builds are read from build/

const root = new URL("../../../../", import.meta.url);
export const repoPath = (p: string): string => new URL(p, root).pathname;


export const hex = (b: Uint8Array): string => (b.length ? Buffer.from(b).toString("hex") : "-");
export const unhex = (s: string): Uint8Array => (s === "-" ? new Uint8Array(0) : new Uint8Array(Buffer.from(s.replace(/:/g, ""), "hex")));
export const dotted = (ip: number): string => [24, 16, 8, 0].map((s) => (ip >>> s) & 255).join(".");
/** A script's address: dotted (host/addr.ts), or any integer taken modulo 2^32. */
export function parseIp(s: string): number {
  return s.includes(".") ? parseDotted(s) : Number(BigInt.asUintN(32, BigInt(s)));
}

/** Thrown inside a call when the module traps (or called abort); the call's output line says "trap". */
class Trap extends Error {}

/** One V8 instance of the core whose calls are written down (script) along with what came out (out).
 *  Methods mirror boards/common/wt.h and the replay ops; they return what the core returned. */
export class ScriptedCore {
  readonly script: string[] = [];
  readonly out: string[] = [];
  /** Frames the core sent since the last drain (for simulations that carry them to a peer). */
  readonly outbox: Uint8Array[] = [];
  trapped = false;
  private e: any;
  private now = 0;

  constructor(readonly wasm = "wasmtcp.wasm") {
    this.e = instantiate({
      send: (f) => {
        this.outbox.push(f);
        this.out.push(`${this.now} tx ${hex(f)}`);
      },
      trace: (k, a, b, c) => { this.out.push(`${this.now} trace ${k} ${a} ${b} ${c}`); },
      abort: (m, f, l, c) => {
        this.out.push(`${this.now} abort ${m >>> 0} ${f >>> 0} ${l >>> 0} ${c >>> 0}`);
        throw new Trap("abort");
      },
    }, wasm);
  }

  get exports(): any { return this.e; }
  private get mem(): Uint8Array { return new Uint8Array(this.e.memory.buffer); }

  /** Runs one op at time `now`: writes its script line, calls the core, writes its result line. */
  private op<T>(now: number, line: string, name: string, f: () => T, show: (r: T) => string | null = (r) => `${r}`): T | number {
    this.now = now >>> 0;
    this.script.push(`${this.now} ${line}`);
    if (this.trapped) throw new Error("call after a trap");
    try {
      const r = f();
      const s = show(r);
      if (s !== null) this.out.push(`${this.now} ${name} ${s}`);
      return r;
    } catch (err) {
      if (!(err instanceof Trap) && !(err instanceof WebAssembly.RuntimeError)) throw err;
      this.trapped = true;
      this.out.push(`${this.now} trap ${name}`);
      return -0x80000000;
    }
  }

  init(now: number, mac: number[], ip: number, mask: number, gw: number, seed: bigint): number {
    const macHex = mac.map((b) => b.toString(16).padStart(2, "0")).join(":");
    return this.op(now, `init ${macHex} ${dotted(ip)} ${dotted(mask)} ${dotted(gw)} 0x${seed.toString(16)}`, "init", () => {
      const hi = (mac[0] << 8) | mac[1], lo = ((mac[2] << 24) | (mac[3] << 16) | (mac[4] << 8) | mac[5]) >>> 0;
      this.e.init(hi, lo, ip, mask, gw, Number(seed >> 32n), Number(seed & 0xffffffffn), now >>> 0);
      return 0;
    }) as number;
  }

  input(now: number, frame: Uint8Array): number {
    return this.op(now, `input ${hex(frame)}`, "input", () => {
      if (frame.length > this.e.frame_max()) return -2; // the board never writes past rx_buffer()
      this.mem.set(frame, this.e.rx_buffer());
      return this.e.input(frame.length, now >>> 0);
    }) as number;
  }

  poll(now: number): number { return this.op(now, "poll", "poll", () => this.e.poll(now >>> 0)) as number; }
  listen(now: number, port: number, backlog: number): number { return this.op(now, `listen ${port} ${backlog}`, "listen", () => this.e.tcp_listen(port, backlog)) as number; }
  accept(now: number, l: number): number { return this.op(now, `accept ${l}`, "accept", () => this.e.tcp_accept(l)) as number; }
  connect(now: number, ip: number, port: number, lport: number): number {
    return this.op(now, `connect ${dotted(ip)} ${port} ${lport}`, "connect", () => this.e.tcp_connect(ip, port, lport, now >>> 0)) as number;
  }

  send(now: number, h: number, data: Uint8Array): number {
    return this.op(now, `send ${h} ${hex(data)}`, "send", () => {
      const n = Math.min(data.length, this.e.io_buffer_size());
      this.mem.set(data.subarray(0, n), this.e.io_buffer());
      return this.e.tcp_send(h, n, now >>> 0);
    }) as number;
  }

  /** Returns the bytes received (empty at end of stream or on error: `last` holds the return value). */
  last = 0;
  recv(now: number, h: number, len: number): Uint8Array {
    let got = new Uint8Array(0);
    this.last = this.op(now, `recv ${h} ${len}`, "recv", () => {
      const n = this.e.tcp_recv(h, Math.min(len >>> 0, this.e.io_buffer_size()), now >>> 0);
      if (n > 0) got = this.mem.slice(this.e.io_buffer(), this.e.io_buffer() + n);
      return n;
    }, (n) => (n > 0 ? `${n} ${hex(got)}` : `${n}`)) as number;
    return got;
  }

  shutdown(now: number, h: number, how: number): number { return this.op(now, `shutdown ${h} ${how}`, "shutdown", () => this.e.tcp_shutdown(h, how, now >>> 0)) as number; }
  close(now: number, h: number): number { return this.op(now, `close ${h}`, "close", () => this.e.tcp_close(h, now >>> 0)) as number; }
  abort(now: number, h: number): number { return this.op(now, `abort ${h}`, "abort", () => this.e.tcp_abort(h, now >>> 0)) as number; }
  state(now: number, h: number): number { return this.op(now, `state ${h}`, "state", () => this.e.tcp_state(h)) as number; }
  events(now: number, h: number): number { return this.op(now, `events ${h}`, "events", () => this.e.tcp_events(h)) as number; }
  setopt(now: number, h: number, opt: number, v: number): number { return this.op(now, `setopt ${h} ${opt} ${v}`, "setopt", () => this.e.tcp_setopt(h, opt, v, now >>> 0)) as number; }
  getopt(now: number, h: number, opt: number): number { return this.op(now, `getopt ${h} ${opt}`, "getopt", () => this.e.tcp_getopt(h, opt)) as number; }
  inUse(now: number): number { return this.op(now, "in_use", "in_use", () => this.e.tcp_in_use()) as number; }
  countState(now: number, s: number): number { return this.op(now, `count_state ${s}`, "count_state", () => this.e.tcp_count_state(s)) as number; }

  udpBind(now: number, port: number): number { return this.op(now, `udp_bind ${port}`, "udp_bind", () => this.e.udp_bind(port)) as number; }
  udpSendto(now: number, h: number, ip: number, port: number, data: Uint8Array): number {
    return this.op(now, `udp_sendto ${h} ${dotted(ip)} ${port} ${hex(data)}`, "udp_sendto", () => {
      if (data.length > this.e.io_buffer_size()) return -2;
      this.mem.set(data, this.e.io_buffer());
      return this.e.udp_sendto(h, ip, port, data.length, now >>> 0);
    }) as number;
  }
  udpRecvfrom(now: number, h: number, len: number): void {
    let got = "";
    this.op(now, `udp_recvfrom ${h} ${len}`, "udp_recvfrom", () => {
      const max = Math.min(len >>> 0, this.e.io_buffer_size());
      const n = this.e.udp_recvfrom(h, max);
      if (n >= 0) got = `${dotted(this.e.udp_from_ip(h) >>> 0)} ${this.e.udp_from_port(h)} ${hex(this.mem.slice(this.e.io_buffer(), this.e.io_buffer() + Math.min(n, max)))}`;
      return n;
    }, (n) => (n >= 0 ? `${n} ${got}` : `${n}`));
  }
  udpClose(now: number, h: number): number { return this.op(now, `udp_close ${h}`, "udp_close", () => this.e.udp_close(h)) as number; }
  dnsServer(now: number, i: number, ip: number): number { return this.op(now, `dns_server ${i} ${dotted(ip)}`, "dns_server", () => this.e.dns_set_server(i, ip)) as number; }
  hostname(now: number, name: Uint8Array): number {
    return this.op(now, `hostname ${hex(name)}`, "hostname", () => {
      this.mem.set(name, this.e.io_buffer());
      return this.e.set_hostname(name.length);
    }) as number;
  }
  dhcp(now: number, what: "start" | "renew" | "release"): number {
    return this.op(now, `dhcp_${what}`, `dhcp_${what}`, () => this.e[`dhcp_${what}`](now >>> 0)) as number;
  }
  dhcpReboot(now: number, ip: number): number {
    return this.op(now, `dhcp_reboot ${dotted(ip)}`, "dhcp_reboot", () => this.e.dhcp_reboot(now >>> 0, ip)) as number;
  }
  dhcpState(now: number): number { return this.op(now, "dhcp_state", "dhcp_state", () => this.e.dhcp_state()) as number; }
  ipAddress(now: number): number { return this.op(now, "ip_address", "ip_address", () => this.e.ip_address() | 0) as number; }

  /** Names: a lookup of the dotted name in `name`, its state and address, the responder's name. */
  resolve(now: number, name: Uint8Array): number {
    return this.op(now, `resolve ${hex(name)}`, "resolve", () => {
      this.mem.set(name, this.e.io_buffer());
      return this.e.dns_resolve(name.length, now >>> 0);
    }) as number;
  }
  dnsStatus(now: number, q: number): void {
    this.op(now, `dns_status ${q}`, "dns_status", () => `${this.e.dns_status(q)} ${dotted(this.e.dns_address(q) >>> 0)}`, (s) => s);
  }
  dnsRelease(now: number, q: number): number { return this.op(now, `dns_release ${q}`, "dns_release", () => this.e.dns_release(q)) as number; }
  mdnsStart(now: number): number { return this.op(now, "mdns_start", "mdns_start", () => this.e.mdns_start(now >>> 0)) as number; }
  mdnsStop(now: number): number { return this.op(now, "mdns_stop", "mdns_stop", () => this.e.mdns_stop(now >>> 0)) as number; }
  mdnsName(now: number): void {
    this.op(now, "mdns_name", "mdns_name", () => {
      const n = this.e.mdns_name();
      return n < 0 ? `${n}` : String.fromCharCode(...this.mem.subarray(this.e.io_buffer(), this.e.io_buffer() + n));
    }, (s) => s);
  }

  addr(now: number, h: number): void {
    this.op(now, `addr ${h}`, "addr", () => `${dotted(this.e.tcp_remote_ip(h) >>> 0)} ${this.e.tcp_remote_port(h)} ${this.e.tcp_local_port(h)}`, (s) => s);
  }

  stats(now: number): void {
    this.op(now, "stats", "stats", () => {
      const dv = new DataView(this.e.memory.buffer);
      for (const [i, name] of statNames(this.e).entries()) this.out.push(`${this.now} stat ${name} ${dv.getUint32(this.e.stats() + 4 * i, true)}`);
      return 0;
    }, () => null);
  }

  /** FNV-1a of linear memory below static_top(): the whole state of the core. */
  memhash(now: number): void {
    this.op(now, "memhash", "memhash", () => {
      const m = this.mem, top = this.e.static_top();
      let h = 0x811c9dc5;
      for (let i = 0; i < top; i++) h = Math.imul(h ^ m[i], 16777619) >>> 0;
      return h.toString(16).padStart(8, "0");
    });
  }
}

/** Replays a script on V8 and returns its output lines, exactly as the posix boards print them. */
export function replayV8(script: string, wasm = "wasmtcp.wasm"): string[] {
  const c = new ScriptedCore(wasm);
  const num = (s: string) => Number(BigInt.asIntN(64, BigInt(s)));
  for (const [i, raw] of script.split("\n").entries()) {
    const a = raw.trim().split(/\s+/);
    if (!a[0] || a[0].startsWith("#")) continue;
    const t = num(a[0]) >>> 0, n = a.slice(2).map((x) => x);
    const N = (k: number) => num(n[k]);
    switch (a[1]) {
      case "init": {
        c.init(t, Array.from(unhex(n[0])), parseIp(n[1]), parseIp(n[2]), parseIp(n[3]), BigInt.asUintN(64, BigInt(n[4])));
        break;
      }
      case "input": c.input(t, unhex(n[0])); break;
      case "poll": c.poll(t); break;
      case "listen": c.listen(t, N(0), N(1)); break;
      case "accept": c.accept(t, N(0)); break;
      case "connect": c.connect(t, parseIp(n[0]), N(1), N(2)); break;
      case "send": c.send(t, N(0), unhex(n[1])); break;
      case "recv": c.recv(t, N(0), N(1)); break;
      case "shutdown": c.shutdown(t, N(0), N(1)); break;
      case "close": c.close(t, N(0)); break;
      case "abort": c.abort(t, N(0)); break;
      case "state": c.state(t, N(0)); break;
      case "events": c.events(t, N(0)); break;
      case "setopt": c.setopt(t, N(0), N(1), N(2)); break;
      case "getopt": c.getopt(t, N(0), N(1)); break;
      case "addr": c.addr(t, N(0)); break;
      case "udp_bind": c.udpBind(t, N(0)); break;
      case "udp_sendto": c.udpSendto(t, N(0), parseIp(n[1]), N(2), unhex(n[3])); break;
      case "udp_recvfrom": c.udpRecvfrom(t, N(0), N(1)); break;
      case "udp_close": c.udpClose(t, N(0)); break;
      case "dhcp_start": c.dhcp(t, "start"); break;
      case "dhcp_renew": c.dhcp(t, "renew"); break;
      case "dhcp_release": c.dhcp(t, "release"); break;
      case "dhcp_reboot": c.dhcpReboot(t, parseIp(n[0])); break;
      case "dhcp_state": c.dhcpState(t); break;
      case "ip_address": c.ipAddress(t); break;
      case "in_use": c.inUse(t); break;
      case "count_state": c.countState(t, N(0)); break;
      case "dns_server": c.dnsServer(t, N(0), parseIp(n[1])); break;
      case "hostname": c.hostname(t, unhex(n[0])); break;
      case "resolve": c.resolve(t, unhex(n[0])); break;
      case "dns_status": c.dnsStatus(t, N(0)); break;
      case "dns_release": c.dnsRelease(t, N(0)); break;
      case "mdns_start": c.mdnsStart(t); break;
      case "mdns_stop": c.mdnsStop(t); break;
      case "mdns_name": c.mdnsName(t); break;
      case "stats": c.stats(t); break;
      case "memhash": c.memhash(t); break;
      default: throw new Error(`script line ${i + 1}: unknown operation ${a[1]}`);
    }
    if (c.trapped) break;
  }
  return c.out;
}

export type Engine = "wasm3" | "wasm2c";
/** The replay firmware on QEMU's mps2-an385 (Cortex-M3), with either engine, compiled for the M3 or for
 *  the RP2040's Cortex-M0+ (ARMv6-M, which the M3 runs as it is). */
export type Firmware = "qemu-wasm3" | "qemu-wasm2c" | "qemu-m0plus-wasm3" | "qemu-m0plus-wasm2c"
  /** The replay program on QEMU's RISC-V virt machine, compiled for the ESP32-C3's rv32imc. */
  | "riscv-wasm3" | "riscv-wasm2c";

/** Runs make in a board's directory under a lock: test files run in parallel and share build/. */
export function makeBoard(dir: string, stdout: "inherit" | "ignore"): void {
  mkdirSync(repoPath("build"), { recursive: true });
  execFileSync("flock", [repoPath("build/.boards.lock"), "make", "-s", "-C", repoPath(dir)], { stdio: ["ignore", stdout, "inherit"] });
}

/** Builds the posix boards (incremental; fetches wasm3 and wabt on first use). */
export function buildPosix(): void { makeBoard("boards/posix", "inherit"); }

export interface NativeRun {
  out: string[]; stderr: string; allocsAfterStart: number;
  /** The emulated boards' stack high-water marks in bytes: during the engine's start, and during the replay. */
  stackPeak?: { start: number; replay: number };
}

/** Replays a script file through build/posix/wasmtcp-<engine>. */
export function replayNative(engine: Engine, scriptFile: string, outFile: string, wasm = "wasmtcp.wasm"): NativeRun {
  const args = ["--alloc-report", "--wasm", repoPath(`build/${wasm}`), "replay", scriptFile, "-o", outFile];
  const r = spawnSync(repoPath(`build/posix/wasmtcp-${engine}`), args, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const stderr = r.stderr ?? "";
  // 0: done; 3: the module trapped (the output says where, as V8's does); anything else is the board's failure.
  if (r.error || (r.status !== 0 && r.status !== 3)) throw new Error(`wasmtcp-${engine} failed (${r.status ?? r.error}): ${stderr}`);
  const m = /after start (\d+) calls/.exec(stderr);
  return { out: readFileSync(outFile, "utf8").split("\n").filter((l) => l.length), stderr, allocsAfterStart: m ? Number(m[1]) : -1 };
}

/** Whether a command is on the PATH. */
export const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

/** Why the QEMU firmware cannot be built and run here, or null when it can. WASMTCP_REQUIRE_BOARDS=1 lets
 *  boards/qemu-mps2/deps.sh install what is missing (as CI should) instead of skipping. */
export function qemuUnavailable(): string | null {
  if (process.env.WASMTCP_REQUIRE_BOARDS === "1") return null;
  const missing = ["arm-none-eabi-gcc", "qemu-system-arm"].filter((c) => !has(c));
  return missing.length ? `${missing.join(" and ")} not installed (boards/qemu-mps2/deps.sh installs them)` : null;
}

/** Builds the QEMU firmware (incremental). */
export function buildQemu(): void { makeBoard("boards/qemu-mps2", "ignore"); }

/** Why the RISC-V replay programs cannot be built and run here, or null (WASMTCP_REQUIRE_BOARDS=1: the build
 *  installs what is missing). */
export function riscvUnavailable(): string | null {
  if (process.env.WASMTCP_REQUIRE_BOARDS === "1") return null;
  const missing = ["riscv64-unknown-elf-gcc", "qemu-system-riscv32"].filter((c) => !has(c));
  return missing.length ? `${missing.join(" and ")} not installed (boards/qemu-riscv/deps.sh installs them)` : null;
}

export function buildRiscv(): void { makeBoard("boards/qemu-riscv", "ignore"); }

/** Replays a script on an emulated board: QEMU's generic loader puts the script in the board's RAM, the
 *  replay program runs it and prints the output on the serial line ('#' lines are its own). The Cortex-M3
 *  (mps2-an385) runs M3 or M0+ code; the RISC-V virt machine runs rv32imc code. */
export function replayQemu(fw: Firmware, scriptFile: string, outFile: string): NativeRun {
  const loaded = `${outFile}.in`;
  writeFileSync(loaded, readFileSync(scriptFile, "utf8") + "end\n");
  const [, board, m0plus, engine] = /^(qemu|riscv)-(m0plus-)?(.*)$/.exec(fw)!;
  const [qemu, machine, at, elf] = board === "riscv"
    ? ["qemu-system-riscv32", ["-machine", "virt", "-bios", "none"], "0x84000000", `build/qemu-riscv/wasmtcp-${engine}-replay.elf`]
    : ["qemu-system-arm", ["-machine", "mps2-an385", "-semihosting-config", "enable=on,target=native"], "0x21000000",
      `build/qemu-mps2/wasmtcp-${engine}-replay${m0plus ? "-m0plus" : ""}.elf`];
  const r = spawnSync(qemu, [...machine, "-nographic", "-monitor", "none", "-serial", "stdio",
    "-device", `loader,file=${loaded},addr=${at},force-raw=on`, "-kernel", repoPath(elf)],
  { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 1 << 30, timeout: 300_000 });
  const lines = (r.stdout ?? "").replace(/\r/g, "").split("\n");
  const notes = lines.filter((l) => l.startsWith("#") || l.startsWith("panic")).join("\n");
  if (r.error || (r.status !== 0 && r.status !== 3)) throw new Error(`${fw} failed (${r.status ?? r.error}): ${notes}\n${r.stderr}`);
  const out = lines.filter((l) => /^\d/.test(l));
  writeLines(outFile, out);
  const peak = /# stack peak start (\d+), replay (\d+) bytes/.exec(notes);
  return { out, stderr: notes, allocsAfterStart: /none after start/.test(notes) || r.status === 3 ? 0 : -1,
    stackPeak: peak ? { start: Number(peak[1]), replay: Number(peak[2]) } : undefined };
}

export function writeLines(file: string, lines: string[]): void { writeFileSync(file, lines.join("\n") + "\n"); }

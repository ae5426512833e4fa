// Runs a script in packetdrill's dialect against one stack in virtual time. The script plays the remote
// peer: "<" lines are injected, ">" lines must be the stack's next segments (and nothing else may be
// sent in between), system calls map onto the socket ABI. Addresses and ports follow packetdrill's
// defaults: the stack is 192.168.0.1 (port 8080 when it listens), the peer 192.0.2.1 behind a gateway
// (header options change them: header.ts).
import { parseScript } from "./parse.js";
import { ScriptError, type Script, type ScriptEvent, type PacketAction, type SyscallAction, type Expr, type TcpOption } from "./ast.js";
import { buildTcp, arpReply, encodeOptions, flagsToBits, bitsToFlags, optionsToString, type Seen, type Endpoint } from "../frame.js";
import { ERRNO, EINPROGRESS, errnoNumber } from "./errno.js";
import { PeerEngine } from "../peer-engine.js";
import type { Exports } from "../core.js";
import { scriptConfig, type ScriptConfig } from "./header.js";
import { parseCode, runCode, LINUX_TCP_STATES } from "./code.js";
import { Opt as OPT, Ev as EV, stateName } from "../abi.js";

const STACK_MAC = [0x02, 0, 0, 0, 0, 0x01];
const GATEWAY_MAC = [0x02, 0, 0, 0, 0, 0xfe];
const REMOTE_PORT = 48000;
/** The core's states by Linux's tcpi_state names. */
const LINUX_STATE: Record<string, string> = {
  CLOSED: "TCP_CLOSE", LISTEN: "TCP_LISTEN", SYN_SENT: "TCP_SYN_SENT", SYN_RECEIVED: "TCP_SYN_RECV", ESTABLISHED: "TCP_ESTABLISHED",
  FIN_WAIT_1: "TCP_FIN_WAIT1", FIN_WAIT_2: "TCP_FIN_WAIT2", CLOSE_WAIT: "TCP_CLOSE_WAIT", CLOSING: "TCP_CLOSING",
  LAST_ACK: "TCP_LAST_ACK", TIME_WAIT: "TCP_TIME_WAIT",
};

export interface FrameRecord { ms: number; direction: "in" | "out"; bytes: Uint8Array }
export interface RunResult { frames: FrameRecord[]; endMs: number }
export interface RunOptions {
  wasmPath?: string;
  seed?: number;
  /** Header options, as on packetdrill's command line; they override the script's. */
  options?: Record<string, string>;
  /** Fail on any segment no ">" line expects, between lines and after the last (this project's vectors);
   *  packetdrill matches segments only where ">" lines expect them, and checks nothing after the last line. */
  strictEnd?: boolean;
  /** Skip shell commands (packetdrill's scripts configure the kernel with them: sysctls, ip, tc) instead of
   *  failing: this stack is configured when it is built. Each skipped command is reported here. */
  skipShell?: (line: number, command: string) => void;
}

interface Fd { kind: "socket" | "listener" | "conn"; h: number; nonblock: boolean; opts: [number, number][] }
interface Pending { ev: ScriptEvent; call: SyscallAction; attempt: () => number | undefined; startMs: number; endMs?: number }


class Runner {
  /** The shared scripted-peer engine: the core, virtual time, sent frames, ARP answered. */
  private readonly peer: PeerEngine;
  private readonly e: Exports;
  private lastEventMs = 0;
  private readonly out: { ms: number; seen: Seen; bytes: Uint8Array }[] = [];
  private readonly frames: FrameRecord[] = [];
  private stackIsn: number | null = null;
  private stackPort = 0;
  private remotePort = REMOTE_PORT;
  private readonly fds = new Map<number, Fd>();
  private pending: Pending | null = null;
  private retrying = false;
  /** The peer's ISN from its last SYN, and whether a SYN with a new one (a new connection) awaits our SYN. */
  private peerSynSeq: number | null = null;
  /** The stack's TSval minus the script's, learned from its first segment with TS (as the ISN is). */
  private stackTsOffset: number | null = null;
  private newConnection = false;
  private readonly cfg: ScriptConfig;
  private readonly stack: { mac: number[]; ip: number };
  private readonly gateway: { mac: number[]; ip: number };
  /** The socket under test: the one the last system call used (packetdrill's code blocks read its tcp_info). */
  private lastFd: number | null = null;

  constructor(private readonly script: Script, private readonly opts: RunOptions) {
    this.peer = new PeerEngine({
      module: opts.wasmPath, hideArp: true,
      // The peer answers for the gateway, and for itself when --remote_ip puts it on the local network.
      neighbour: (ip) => (ip === this.gateway.ip || ip === this.cfg.remoteIp ? this.gateway.mac : undefined),
      onInput: (f, ms) => this.frames.push({ ms, direction: "in", bytes: f }),
    });
    this.e = this.peer.core.e;
    const lines = { ...script.optionLines, ...Object.fromEntries(Object.keys(opts.options ?? {}).map((k) => [k, 0])) };
    this.cfg = scriptConfig({ ...script.options, ...opts.options }, this.e.frame_max() - 14, lines);
    if (opts.strictEnd) this.cfg.strictEnd = true;
    this.stackPort = this.cfg.bindPort;
    this.stack = { mac: STACK_MAC, ip: this.cfg.localIp };
    this.gateway = { mac: GATEWAY_MAC, ip: this.cfg.gatewayIp };
    const mac = STACK_MAC;
    this.peer.setStack(this.stack.mac, this.stack.ip);
    this.e.init((mac[0] << 8) | mac[1], ((mac[2] << 24) | (mac[3] << 16) | (mac[4] << 8) | mac[5]) >>> 0,
      this.cfg.localIp, this.cfg.netmask, this.cfg.gatewayIp, 0, opts.seed ?? 1, 0);
    this.peer.sent.length = 0; // the gratuitous ARP is not part of any script
    this.inject(arpReply(this.gateway, this.stack)); // the stack learns the gateway, as from a prior exchange
  }

  run(): RunResult {
    for (const ev of this.script.events) this.step(ev);
    // A blocking call whose return time the script gives ("...T") is awaited until then.
    const endMs = this.pending?.endMs;
    this.settle(endMs === undefined ? this.lastEventMs : Math.max(this.lastEventMs, endMs + this.tolerance(endMs)));
    if (this.pending) throw new ScriptError(this.pending.ev.line, `${this.pending.call.name}() never returned`);
    // packetdrill checks nothing after the last line (closing sockets may still send a FIN or RST).
    if (this.cfg.strictEnd) this.noUnexpected("the end of the script");
    return { frames: this.frames, endMs: this.now };
  }

  // ---- time ----
  private timeOf(ev: ScriptEvent): number | null {
    const tm = ev.time;
    if (tm.kind === "any") return null;
    return tm.kind === "absolute" ? tm.ms : this.lastEventMs + tm.ms;
  }

  private tolerance(expected: number): number {
    return Math.max(this.cfg.toleranceMs, (this.cfg.tolerancePercent / 100) * Math.max(0, expected - this.lastEventMs));
  }

  private get now(): number { return this.peer.now; }
  private set now(ms: number) { this.peer.now = ms; }

  private inject(f: Uint8Array): void {
    this.peer.input(f);
    this.collect();
  }

  /** Moves what the stack sent into the outbound queue (the engine answers its ARP requests). */
  private collect(): void {
    for (let f = this.peer.take(); f; f = this.peer.take()) {
      this.frames.push({ ms: f.at, direction: "out", bytes: f.bytes });
      this.out.push({ ms: f.at, seen: f.seen, bytes: f.bytes });
    }
    this.retryPending();
  }

  /** Runs the stack's timers up to `until`. */
  private settle(until: number): void { this.peer.settle(until, () => this.collect()); }

  private settleUntilOutput(until: number): void {
    while (!this.out.length && this.now < until) {
      const d = this.peer.poll();
      this.collect();
      if (this.out.length || d < 0) break;
      this.now = Math.min(until, this.now + Math.max(d, 1));
    }
  }

  private noUnexpected(before: string): void {
    const o = this.out[0];
    if (o) throw new ScriptError(0, `unexpected outbound segment ${this.describe(o.seen)} at ${(o.ms / 1000).toFixed(3)} s, before ${before}`);
  }

  // ---- events ----
  private step(ev: ScriptEvent): void {
    const a = ev.action;
    try {
      if (a.kind === "unsupported") {
        if (!this.opts.skipShell || !a.what.startsWith("shell command")) throw new ScriptError(ev.line, `cannot execute ${a.what}`);
        this.opts.skipShell(ev.line, a.what);
        return;
      }
      const at = this.timeOf(ev);
      if (a.kind === "packet" && a.direction === ">") this.expectOutbound(ev, a, at);
      else {
        this.settle(at!);
        // packetdrill looks at outbound segments only where a ">" line expects one: a segment sent before
        // this line waits for the next ">" line. --strict-end (this project's vectors) fails at once.
        if (this.cfg.strictEnd) {
          try { this.noUnexpected(`line ${ev.line}`); } catch (e) { throw new ScriptError(ev.line, (e as Error).message.replace(/^line 0: /, "")); }
        }
        if (a.kind === "packet") this.sendInbound(ev, a);
        else if (a.kind === "code") runCode(parseCode(a.text, ev.line), (f) => this.tcpInfo(ev, f), ev.line);
        else this.syscall(ev, a);
      }
      if (at !== null) this.lastEventMs = at;
      else this.lastEventMs = this.now;
    } catch (e) {
      if (e instanceof ScriptError && e.line === 0) throw new ScriptError(ev.line, e.message.replace(/^line 0: /, ""));
      throw e;
    }
  }

  private sendInbound(ev: ScriptEvent, p: PacketAction): void {
    if (p.window === undefined) throw new ScriptError(ev.line, "window must be specified for inbound packets");
    const flags = flagsToBits(p.flags);
    if ((flags & 0x12) === 0x02) {
      if (this.peerSynSeq !== null && this.peerSynSeq !== p.seqStart >>> 0) this.newConnection = true;
      this.peerSynSeq = p.seqStart >>> 0;
    }
    const ack = p.ack !== undefined ? (p.ack + (this.stackIsn ?? 0)) >>> 0 : 0;
    const remote: Endpoint = { mac: this.gateway.mac, ip: this.cfg.remoteIp, port: this.remotePort };
    const local: Endpoint = { mac: this.stack.mac, ip: this.stack.ip, port: this.stackPort };
    // Inbound TS ecr is on the script's clock: the stack's TSvals shifted by what its first TS showed.
    // SACK blocks are relative to the stack's ISN, as the ACK field (packetdrill maps them the same way).
    const isn = this.stackIsn ?? 0;
    const opts = (p.options ?? []).map((o) => o.kind === "TS" && this.stackTsOffset !== null ? { ...o, ecr: (o.ecr + (this.stackTsOffset ?? 0)) >>> 0 }
      : o.kind === "sack" ? { ...o, blocks: o.blocks.map(([a, b]) => [(a + isn) >>> 0, (b + isn) >>> 0] as [number, number]) } : o);
    const f = buildTcp(remote, local, p.seqStart, ack, flags, p.window, p.urgent ?? 0, encodeInboundOptions(opts), new Uint8Array(p.length));
    this.inject(f);
  }

  private expectOutbound(ev: ScriptEvent, p: PacketAction, at: number | null): void {
    const deadline = at === null ? this.now + 600_000 : at + this.tolerance(at);
    // Run time forward until the stack sends something or the expectation can no longer be met.
    while (!this.out.length && this.now < deadline) {
      const d = this.peer.poll();
      this.collect();
      if (this.out.length) break;
      this.now = d < 0 ? deadline : Math.min(deadline, this.now + Math.max(d, 1));
      if (d < 0) { this.peer.poll(); this.collect(); }
    }
    if (!this.out.length) {
      // Late, or never: look further ahead so the report can show what did come, and when.
      this.settleUntilOutput(deadline + 120_000);
    }
    const o = this.out.shift();
    if (!o) throw new ScriptError(ev.line, `expected ${this.describeExpected(p)}, but the stack sent nothing (waited until ${(this.now / 1000).toFixed(3)} s)`);
    const s = o.seen;
    const newConnection = this.newConnection;
    this.newConnection = false;
    if (s.proto !== 6) throw new ScriptError(ev.line, `expected a TCP segment, saw IP protocol ${s.proto}`);
    // The stack's ISN is learned from its first SYN, and again from the SYN that answers a new
    // connection's SYN (packetdrill maps each new socket's ISN the same way).
    if ((this.stackIsn === null || newConnection) && (s.flags! & 0x02)) {
      this.stackIsn = (s.seq! - p.seqStart) >>> 0;
      if (s.sport !== this.stackPort) { this.stackPort = s.sport!; this.remotePort = s.dport!; }
      if (newConnection) this.stackTsOffset = null;
    }
    const tsSeen = s.options!.find((o) => o.kind === "TS"), tsScript = p.options?.find((o) => o.kind === "TS");
    if (this.stackTsOffset === null && tsSeen?.kind === "TS" && tsScript?.kind === "TS") this.stackTsOffset = (tsSeen.val - tsScript.val) >>> 0;
    const diffs: string[] = [];
    const want = (field: string, exp: string | number, got: string | number) => { if (exp !== got) diffs.push(`${field}: expected ${exp}, saw ${got}`); };
    want("flags", bitsToFlags(flagsToBits(p.flags)), bitsToFlags(s.flags! & 0xbf));
    want("seq", p.seqStart >>> 0, (s.seq! - (this.stackIsn ?? 0)) >>> 0);
    want("length", p.length, s.payload!.length);
    if (p.ack !== undefined) want("ack", p.ack >>> 0, s.ack! >>> 0);
    if (p.window !== undefined) want("win", p.window, s.win!);
    if (p.urgent !== undefined) want("urg", p.urgent, s.urg!);
    if (p.options !== null) want("options", optionsToString(p.options.map(tsUnchecked)), optionsToString(s.options!.map(tsUnchecked)));
    if (at !== null) {
      const tol = this.tolerance(at);
      const lo = at - tol, hi = (ev.time.kind !== "any" && ev.time.endMs !== undefined ? this.timeOf({ ...ev, time: { kind: ev.time.kind, ms: ev.time.endMs } })! : at) + tol;
      if (o.ms < lo - 1e-9 || o.ms > hi + 1e-9) diffs.push(`time: expected ${(at / 1000).toFixed(3)} s (tolerance ${(tol / 1000).toFixed(3)}), saw ${(o.ms / 1000).toFixed(3)} s`);
    }
    if (diffs.length) throw new ScriptError(ev.line, `outbound segment differs:\n  script: ${this.describeExpected(p)}\n  stack:  ${this.describe(s)}\n  ${diffs.join("\n  ")}`);
  }

  private describe(s: Seen): string {
    if (s.proto !== 6) return `IP protocol ${s.proto}`;
    const rel = (s.seq! - (this.stackIsn ?? 0)) >>> 0;
    return `${bitsToFlags(s.flags!)} ${rel}:${(rel + s.payload!.length) >>> 0}(${s.payload!.length})${s.flags! & 0x10 ? ` ack ${s.ack}` : ""} win ${s.win}${s.options!.length ? " " + optionsToString(s.options!) : ""}`;
  }
  private describeExpected(p: PacketAction): string {
    return `${p.flags} ${p.seqStart}:${p.seqEnd}(${p.length})${p.ack !== undefined ? ` ack ${p.ack}` : ""}${p.window !== undefined ? ` win ${p.window}` : ""}${p.options === null ? " <...>" : p.options.length ? " " + optionsToString(p.options) : ""}`;
  }

  // ---- system calls ----
  private fd(ev: ScriptEvent, e: Expr | undefined): [number, Fd] {
    if (!e || e.kind !== "int") throw new ScriptError(ev.line, "expected a file descriptor");
    const f = this.fds.get(e.value);
    if (!f) throw new ScriptError(ev.line, `file descriptor ${e.value} is not open`);
    this.lastFd = e.value;
    return [e.value, f];
  }

  /** A tcp_info field of the socket under test, as Linux reports it (times in us, windows in segments). */
  private tcpInfo(ev: ScriptEvent, field: string): number | undefined {
    const f = this.lastFd === null ? undefined : this.fds.get(this.lastFd);
    if (!f || f.h < 0) throw new ScriptError(ev.line, "no socket to use for code");
    const e = this.e;
    if (f.kind === "listener") {
      if (field === "tcpi_state") return LINUX_TCP_STATES.TCP_LISTEN;
      return undefined;
    }
    const get = (o: number) => e.tcp_getopt(f.h, o) as number;
    switch (field) {
      case "tcpi_state": return LINUX_TCP_STATES[LINUX_STATE[stateName(e.tcp_state(f.h))]];
      case "tcpi_snd_mss": return get(OPT.MSS);
      case "tcpi_snd_cwnd": return Math.floor(get(OPT.CWND) / get(OPT.MSS));
      case "tcpi_snd_ssthresh": { const s = get(OPT.SSTHRESH); return s >= 0x7fffffff ? s : Math.floor(s / get(OPT.MSS)); }
      case "tcpi_rto": return get(OPT.RTO) * 1000;
      case "tcpi_rtt": return get(OPT.SRTT) * 1000;
      case "tcpi_retransmits": return get(OPT.RETRANSMITS);
      default: return undefined;
    }
  }

  private int(ev: ScriptEvent, e: Expr | undefined, what: string): number {
    if (e && e.kind === "int") return e.value;
    if (e && e.kind === "list" && e.items[0]?.kind === "int") return e.items[0].value;
    throw new ScriptError(ev.line, `expected a number for ${what}`);
  }

  private syscall(ev: ScriptEvent, c: SyscallAction): void {
    if (this.pending) throw new ScriptError(ev.line, `a blocking ${this.pending.call.name}() (line ${this.pending.ev.line}) is still in progress`);
    const attempt = this.callFor(ev, c);
    const startMs = this.now;
    const r = attempt();
    const endMs = c.endMs === undefined ? undefined : (ev.time.kind === "absolute" ? c.endMs : this.lastEventMs + c.endMs);
    if (r === undefined) { this.pending = { ev, call: c, attempt, startMs, endMs }; return; }
    this.finish(ev, c, r, endMs);
  }

  private retryPending(): void {
    const p = this.pending;
    // An attempt may itself collect what the stack sent; it must not retry itself from there.
    if (!p || this.retrying) return;
    this.retrying = true;
    let r: number | undefined;
    try { r = p.attempt(); } finally { this.retrying = false; }
    if (r === undefined) return;
    this.pending = null;
    this.finish(p.ev, p.call, r, p.endMs);
  }

  /** Checks a call's result: `r` >= 0, or a negative core Err (or -EINPROGRESS as -1000). */
  private finish(ev: ScriptEvent, c: SyscallAction, r: number, endMs?: number): void {
    let got: string;
    if (r >= 0) got = String(r);
    else if (r === -1000) got = `-1 ${EINPROGRESS[0]}`;
    else got = `-1 ${ERRNO[r]?.[0] ?? `E?(${r})`}`;
    let exp: string;
    // Without an errno name the script checks only the result (packetdrill).
    if (c.result.kind === "int") exp = c.errno ? `${c.result.value} ${c.errno}` : c.result.value === -1 && r < 0 ? got : String(c.result.value);
    else if (c.result.kind === "ellipsis") exp = got;
    else throw new ScriptError(ev.line, "the expected result must be a number");
    if (exp.replace("EWOULDBLOCK", "EAGAIN") !== got) throw new ScriptError(ev.line, `${c.name}() returned ${got}, the script expected ${exp}`);
    if (endMs !== undefined) {
      const tol = this.tolerance(endMs);
      if (Math.abs(this.now - endMs) > tol + 1e-9) throw new ScriptError(ev.line, `${c.name}() returned at ${(this.now / 1000).toFixed(3)} s, the script expected ${(endMs / 1000).toFixed(3)} s`);
    }
  }

  /** The call as a retryable attempt: a result, or undefined while a blocking call must wait. */
  private callFor(ev: ScriptEvent, c: SyscallAction): () => number | undefined {
    const e = this.e;
    const now = () => Math.round(this.now) >>> 0;
    const a = c.args;
    const blockingOr = (f: Fd, r: number) => (r === -1 && !f.nonblock ? undefined : r);
    switch (c.name) {
      case "socket": {
        if (!a.some((x) => x.kind === "word" && x.name === "SOCK_STREAM")) throw new ScriptError(ev.line, "only SOCK_STREAM sockets are supported");
        if (a[2] && !(a[2].kind === "word" && a[2].name === "IPPROTO_TCP") && !(a[2].kind === "int" && a[2].value === 0)) throw new ScriptError(ev.line, "only TCP sockets are supported");
        const fd = c.result.kind === "int" ? c.result.value : 3 + this.fds.size;
        return () => { this.fds.set(fd, { kind: "socket", h: -1, nonblock: false, opts: [] }); return fd; };
      }
      case "bind": { this.fd(ev, a[0]); return () => 0; }
      case "listen": {
        const [, f] = this.fd(ev, a[0]);
        const backlog = this.int(ev, a[1], "the backlog");
        return () => {
          const h = e.tcp_listen(this.cfg.bindPort, backlog);
          if (h < 0) return h;
          f.kind = "listener"; f.h = h;
          return 0;
        };
      }
      case "accept": {
        const [, f] = this.fd(ev, a[0]);
        const newFd = c.result.kind === "int" && c.result.value >= 0 ? c.result.value : 3 + this.fds.size;
        return () => {
          const h = e.tcp_accept(f.h);
          if (h < 0) return blockingOr(f, h);
          const nf: Fd = { kind: "conn", h, nonblock: false, opts: [...f.opts] };
          for (const [o, v] of nf.opts) e.tcp_setopt(h, o, v, this.now);
          this.fds.set(newFd, nf);
          this.lastFd = newFd;
          return newFd;
        };
      }
      case "connect": {
        const [, f] = this.fd(ev, a[0]);
        let started = false;
        return () => {
          if (!started) {
            started = true;
            const h = e.tcp_connect(this.cfg.remoteIp, this.cfg.connectPort, 0, now());
            if (h < 0) return h;
            f.kind = "conn"; f.h = h;
            this.remotePort = this.cfg.connectPort;
            for (const [o, v] of f.opts) e.tcp_setopt(h, o, v, this.now);
            this.collect();
            if (f.nonblock) return -1000;
          }
          const evs = e.tcp_events(f.h);
          if (evs & EV.CONNECTED) return 0;
          if (evs & EV.ERROR) return e.tcp_getopt(f.h, OPT.SO_ERROR);
          return undefined;
        };
      }
      case "write": case "send": {
        const [, f] = this.fd(ev, a[0]);
        const flags = c.name === "send" ? msgFlags(ev, a[3], ["MSG_DONTWAIT", "MSG_NOSIGNAL"]) : new Set<string>();
        const nonblock = f.nonblock || flags.has("MSG_DONTWAIT");
        let left = this.int(ev, a[2], "the length");
        const total = left;
        return () => {
          const io = e.io_buffer_size();
          new Uint8Array(e.memory.buffer, e.io_buffer(), io).fill(0);
          // One write() hands the kernel all of its bytes at once; the I/O buffer takes at most `io` per
          // call. So that TCP_NODELAY does not send each piece's tail as a short segment, Nagle holds
          // the tail while a larger write is copied in; restoring TCP_NODELAY then sends it.
          const pieces = left > io && e.tcp_getopt(f.h, OPT.NODELAY) === 1;
          if (pieces) e.tcp_setopt(f.h, OPT.NODELAY, 0, this.now);
          try {
            while (left > 0) {
              const r = e.tcp_send(f.h, Math.min(left, io), now());
              if (r < 0) {
                if (r === -1 && left < total && nonblock) return total - left;
                return r === -1 && !nonblock ? undefined : r;
              }
              if (r === 0) break;
              left -= r;
              this.collect();
            }
            return total;
          } finally {
            if (pieces) { e.tcp_setopt(f.h, OPT.NODELAY, 1, this.now); this.collect(); }
          }
        };
      }
      case "read": case "recv": {
        const [, f] = this.fd(ev, a[0]);
        const max = this.int(ev, a[2], "the length");
        const flags = c.name === "recv" ? msgFlags(ev, a[3], ["MSG_PEEK", "MSG_DONTWAIT", "MSG_WAITALL"]) : new Set<string>();
        const blocking = !f.nonblock && !flags.has("MSG_DONTWAIT");
        const waitAll = flags.has("MSG_WAITALL");
        if (flags.has("MSG_PEEK")) {
          // A peek copies from the front of the queue each time: it cannot go past the I/O buffer.
          if (max > e.io_buffer_size()) throw new ScriptError(ev.line, `MSG_PEEK of more than ${e.io_buffer_size()} bytes (the I/O buffer) is not supported`);
          return () => {
            const r = e.tcp_peek(f.h, max);
            if (r === -1 || (r > 0 && r < max && waitAll)) return blocking ? undefined : r;
            return r;
          };
        }
        let got = 0; // MSG_WAITALL keeps what it read across attempts
        return () => {
          for (;;) {
            const r = e.tcp_recv(f.h, Math.min(max - got, e.io_buffer_size()), now());
            if (r > 0) { got += r; if (got < max) continue; }
            this.collect();
            if (r === -1) {
              // Nothing more yet: a blocking call waits (MSG_WAITALL: until it has all `max` bytes).
              if (got > 0 && (!waitAll || !blocking)) return got;
              return blocking ? undefined : -1;
            }
            return got > 0 ? got : r; // all of it, end of stream, or an error
          }
        };
      }
      case "shutdown": {
        const [, f] = this.fd(ev, a[0]);
        const how = a[1]?.kind === "word" ? { SHUT_RD: 0, SHUT_WR: 1, SHUT_RDWR: 2 }[a[1].name] : this.int(ev, a[1], "how");
        if (how === undefined) throw new ScriptError(ev.line, "unknown shutdown mode");
        return () => { const r = e.tcp_shutdown(f.h, how, now()); this.collect(); return r; };
      }
      case "close": {
        const [fd, f] = this.fd(ev, a[0]);
        return () => {
          const r = f.h >= 0 ? e.tcp_close(f.h, now()) : 0;
          this.fds.delete(fd);
          this.collect();
          return r;
        };
      }
      case "fcntl": {
        const [, f] = this.fd(ev, a[0]);
        const cmd = a[1]?.kind === "word" ? a[1].name : "";
        if (cmd === "F_GETFL") return () => (f.nonblock ? 0x802 : 0x2);
        if (cmd !== "F_SETFL") throw new ScriptError(ev.line, `unsupported fcntl command ${cmd || "?"}`);
        const words = a[2]?.kind === "or" ? a[2].items : a[2] ? [a[2]] : [];
        return () => { f.nonblock = words.some((w) => w.kind === "word" && w.name === "O_NONBLOCK"); return 0; };
      }
      case "setsockopt": return this.setsockopt(ev, c);
      case "getsockopt": return this.getsockopt(ev, c);
      default: throw new ScriptError(ev.line, `unsupported system call ${c.name}()`);
    }
  }

  private setsockopt(ev: ScriptEvent, c: SyscallAction): () => number {
    const [, f] = this.fd(ev, c.args[0]);
    const name = c.args[2]?.kind === "word" ? c.args[2].name : "";
    const v = c.args[3];
    let opt: number;
    let value: number;
    switch (name) {
      case "SO_REUSEADDR": return () => 0; // listeners never conflict with TIME-WAIT here
      case "SO_RCVBUF": case "SO_SNDBUF":
        throw new ScriptError(ev.line, `${name} is not supported: buffer sizes are fixed when the stack is built`);
      case "TCP_NODELAY": opt = OPT.NODELAY; value = this.int(ev, v, name); break;
      case "SO_KEEPALIVE": opt = OPT.KEEPALIVE; value = this.int(ev, v, name); break;
      case "TCP_KEEPIDLE": opt = OPT.KEEPIDLE; value = this.int(ev, v, name); break;
      case "TCP_KEEPINTVL": opt = OPT.KEEPINTVL; value = this.int(ev, v, name); break;
      case "TCP_KEEPCNT": opt = OPT.KEEPCNT; value = this.int(ev, v, name); break;
      case "SO_LINGER": {
        const s = v?.kind === "struct" ? v.fields : {};
        const on = s.l_onoff?.kind === "int" ? s.l_onoff.value : 0;
        const secs = s.l_linger?.kind === "int" ? s.l_linger.value : 0;
        if (on && secs !== 0) throw new ScriptError(ev.line, "SO_LINGER with a nonzero timeout is not supported");
        opt = OPT.LINGER_ZERO; value = on ? 1 : 0;
        break;
      }
      default: throw new ScriptError(ev.line, `unsupported socket option ${name || "?"}`);
    }
    return () => {
      // Options set before listen/connect apply when the connection exists; listeners pass them on.
      f.opts.push([opt, value]);
      return f.kind === "conn" ? this.e.tcp_setopt(f.h, opt, value, this.now) : 0;
    };
  }

  private getsockopt(ev: ScriptEvent, c: SyscallAction): () => number {
    const [, f] = this.fd(ev, c.args[0]);
    const name = c.args[2]?.kind === "word" ? c.args[2].name : "";
    const expected = c.args[3];
    const nums: Record<string, number> = { SO_ERROR: OPT.SO_ERROR, TCP_NODELAY: OPT.NODELAY, SO_KEEPALIVE: OPT.KEEPALIVE,
      TCP_KEEPIDLE: OPT.KEEPIDLE, TCP_KEEPINTVL: OPT.KEEPINTVL, TCP_KEEPCNT: OPT.KEEPCNT };
    const opt = nums[name];
    if (opt === undefined) throw new ScriptError(ev.line, `unsupported socket option ${name || "?"}`);
    return () => {
      // A listener has no pending error to report (as BSD sockets).
      let v = f.h >= 0 && !(f.kind === "listener" && opt === OPT.SO_ERROR) ? this.e.tcp_getopt(f.h, opt) : 0;
      if (opt === OPT.SO_ERROR) v = v < 0 ? ERRNO[v]?.[1] ?? -v : 0;
      const item = expected?.kind === "list" ? expected.items[0] : expected;
      let want: number | undefined;
      if (item?.kind === "int") want = item.value;
      else if (item?.kind === "word") want = errnoNumber(item.name);
      if (want !== undefined && want !== v) throw new ScriptError(ev.line, `getsockopt(${name}) gave ${v}, the script expected ${want}`);
      return 0;
    };
  }
}

/** A recv/send flags argument (0, a name, or names joined by '|'): the names, each one of `known`. */
function msgFlags(ev: ScriptEvent, e: Expr | undefined, known: string[]): Set<string> {
  const out = new Set<string>();
  if (!e || (e.kind === "int" && e.value === 0)) return out;
  for (const x of e.kind === "or" ? e.items : [e]) {
    if (x.kind !== "word" || !known.includes(x.name)) {
      throw new ScriptError(ev.line, `unsupported flag ${x.kind === "word" ? x.name : x.kind === "int" ? x.value : "?"} (supported: ${known.join(", ")})`);
    }
    out.add(x.name);
  }
  return out;
}

/** The peer's options as bytes: frame.ts's encoding, plus the options it does not know (FO, md5, gen-N),
 *  each kept at its own length; the list is padded with EOL to a multiple of 4. */
function encodeInboundOptions(opts: TcpOption[]): number[] {
  const out: number[] = [];
  for (const o of opts) {
    if (o.kind === "generic") { out.push(o.code, 2 + o.data.length, ...o.data); continue; }
    const b = encodeOptions([o]);
    const len = o.kind === "nop" || o.kind === "eol" ? 1 : o.kind === "mss" ? 4 : o.kind === "wscale" ? 3 : o.kind === "sackOK" ? 2 : o.kind === "TS" ? 10 : 2 + 8 * o.blocks.length;
    out.push(...b.slice(0, len));
  }
  while (out.length % 4) out.push(0);
  return out;
}

function tsUnchecked(o: TcpOption): TcpOption {
  // packetdrill does not check outbound TS val by default (tcp_ts_tick_usecs = 0).
  return o.kind === "TS" ? { kind: "TS", val: 0, ecr: o.ecr } : o;
}

/** Parses and runs a script; throws a ScriptError naming the line on the first failure. */
export function runScript(src: string, opts: RunOptions = {}): RunResult {
  const script = parseScript(src);
  return new Runner(script, opts).run();
}

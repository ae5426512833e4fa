// One instance of the core behind typed methods. Only numbers and pointers cross the ABI; bytes pass
// through the core's shared I/O buffer. Never call into a Core from inside its own send/trace hooks:
// the core is in the middle of an operation then, so hooks queue and the caller acts afterwards.
import { parseIp, parseMac } from "./addr.js";
import { Slab } from "./slab.js";
import { FramePool } from "./frame-pool.js";
import { Opt } from "./abi.js";

export interface CoreHooks {
  /** A frame the core transmits; the bytes are a copy the receiver may keep. */
  send(frame: Uint8Array): void;
  trace?(kind: number, a: number, b: number, c: number): void;
}

export interface CoreConfig { mac: string; ip: string; netmask?: string; gateway?: string; seed?: number | bigint }

export type Exports = Record<string, (...a: number[]) => number> & { memory: WebAssembly.Memory };

// Compiled builds by name ("wasmtcp.wasm", "wasmtcp-large.wasm") or path. Compiling once lets every
// stack in a process share one module.
const modules = new Map<string, WebAssembly.Module>();
let source: ((name: string) => BufferSource) | null = null;

/** Where a build of this package lies, relative to this file (dist/host/ of the package), as a URL:
 *  a file: URL in Node, an http(s) URL when a page loads the package from a server. */
export function wasmUrl(name = "wasmtcp.wasm"): URL {
  return new URL(`../../build/${name}`, import.meta.url);
}

/** How loadModule() reads a build it has not seen. The Node layer installs a file reader
 *  (host/node/wasm-files.ts); a page fetches builds first with fetchModule(). */
export function setModuleSource(read: ((name: string) => BufferSource) | null): void { source = read; }

/** Makes `module` the build called `name`, for loadModule() and Stack's `wasm` option. */
export function registerModule(name: string, module: WebAssembly.Module): void { modules.set(name, module); }

/** The compiled build `name` (a file name under build/, or a path the installed source reads). */
export function loadModule(name = "wasmtcp.wasm"): WebAssembly.Module {
  let m = modules.get(name);
  if (!m) {
    if (!source) throw new Error(`wasmtcp: build ${name} is not loaded; in a browser, await fetchModule(url, "${name}") first`);
    m = new WebAssembly.Module(source(name));
    modules.set(name, m);
  }
  return m;
}

/** The build `name`: registered, read by the installed source (Node), or else fetched from beside this
 *  package (a browser). */
export async function moduleNamed(name = "wasmtcp.wasm"): Promise<WebAssembly.Module> {
  return modules.get(name) ?? (source ? loadModule(name) : fetchModule(wasmUrl(name), name));
}

/** Fetches and compiles a build (streaming when the server sends application/wasm) and registers it as
 *  `name`. `url` defaults to the package's own copy beside this file. */
export async function fetchModule(url: string | URL = wasmUrl(), name = "wasmtcp.wasm"): Promise<WebAssembly.Module> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`wasmtcp: fetching ${url} gave HTTP ${res.status}`);
  // compileStreaming insists on the application/wasm content type; other servers get the plain path.
  const m = res.headers.get("content-type")?.startsWith("application/wasm")
    ? await WebAssembly.compileStreaming(res)
    : await WebAssembly.compile(await res.arrayBuffer());
  modules.set(name, m);
  return m;
}

function readString(mem: WebAssembly.Memory, ptr: number): string {
  if (!ptr) return "";
  const dv = new DataView(mem.buffer);
  const len = dv.getUint32(ptr - 4, true);
  let s = "";
  for (let i = 0; i < len; i += 2) s += String.fromCharCode(dv.getUint16(ptr + i, true));
  return s;
}

/** The counter names the module carries: stats_count() ASCII strings, each ended by a NUL, at stat_names(). */
export function statNames(e: Exports): string[] {
  const bytes = new Uint8Array(e.memory.buffer, e.stat_names());
  const names: string[] = [];
  for (let at = 0; names.length < e.stats_count();) {
    const end = bytes.indexOf(0, at);
    names.push(String.fromCharCode(...bytes.subarray(at, end)));
    at = end + 1;
  }
  return names;
}

export interface InstanceHooks extends CoreHooks {
  /** AssemblyScript's abort (never reached by any input); the default throws an Error naming the place. */
  abort?(msg: number, file: number, line: number, col: number): void;
}

/** An instance: its exports guarded against calls from inside a hook (`e`), the same unguarded (`raw`, for
 *  hot paths that check `inHook()` themselves). */
export interface CoreInstance { e: Exports; raw: Exports; inHook(): boolean }

/** The one way every host and test instantiates the core: links the imports (frames copied out with
 *  `copy`, as the bytes are valid only during link_send: it must not keep the view it is given) and
 *  guards each export against calls from inside a hook. */
export function instantiateCore(hooks: InstanceHooks, module: WebAssembly.Module | string = loadModule(),
  copy: (b: Uint8Array) => Uint8Array = (b) => b.slice()): CoreInstance {
  const mod = typeof module === "string" ? loadModule(module) : module;
  let e: Exports;
  let inHook = false;
  let memory: WebAssembly.Memory;
  let mem = new Uint8Array(0);
  // The view link_send last made: the core builds its frames in one place, and a bulk transfer's are of
  // one length, so most frames reuse it instead of allocating a view each.
  let frame = mem;
  // A hook runs while the core is mid-operation; re-entering would corrupt its state, so refuse.
  const hook = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
    inHook = true;
    try { fn(...a); } finally { inHook = false; }
  };
  const inst = new WebAssembly.Instance(mod, {
    env: {
      // Not through hook(): no rest arguments per frame. The view of the whole memory is made again only
      // once growth has detached the old buffer (its views then have length 0): Memory.buffer is a call
      // into the engine, too dear to ask per frame.
      link_send: (ptr: number, len: number) => {
        if (mem.length === 0) { mem = new Uint8Array(memory.buffer); frame = mem.subarray(0, 0); }
        if (frame.byteOffset !== ptr || frame.length !== len) frame = mem.subarray(ptr, ptr + len);
        inHook = true;
        try { hooks.send(copy(frame)); } finally { inHook = false; }
      },
      trace: hook((k: number, a: number, b: number, c: number) => hooks.trace?.(k, a, b, c)),
      abort: (msg: number, file: number, line: number, col: number) => {
        if (hooks.abort) return hooks.abort(msg, file, line, col);
        throw new Error(`wasmtcp core abort: ${readString(e.memory, msg)} at ${readString(e.memory, file)}:${line}:${col}`);
      },
    },
  });
  // Made now, not at the first frame: code that only ever runs once per instance is code a new
  // instance's first frame would send back to the interpreter for want of type feedback.
  memory = inst.exports.memory as WebAssembly.Memory;
  mem = new Uint8Array(memory.buffer);
  frame = mem.subarray(0, 0);
  const guarded: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(inst.exports)) {
    if (typeof v !== "function") { guarded[name] = v; continue; }
    const f = v as (...a: number[]) => number;
    guarded[name] = (...a: number[]) => {
      if (inHook) throw new Error(`wasmtcp: ${name}() called from inside a link_send/trace hook; queue the work instead`);
      return f(...a);
    };
  }
  e = guarded as Exports;
  return { e, raw: inst.exports as unknown as Exports, inHook: () => inHook };
}

/** instantiateCore's guarded exports. */
export function instantiate(hooks: InstanceHooks, module: WebAssembly.Module | string = loadModule()): Exports {
  return instantiateCore(hooks, module).e;
}

export class Core {
  /** The module's exports, each guarded against calls from inside a hook. */
  readonly e: Exports;
  private statNames: string[] | null = null;
  private frameMax = 0;
  private readonly slab = new Slab();
  /** The unguarded exports, for the hot methods below, which check `inHook` themselves. */
  private readonly raw: Exports;
  private bytes = new Uint8Array(0);
  private readonly memory: WebAssembly.Memory;
  private rxPtr = 0;
  private readonly inHook: () => boolean;

  /** `module`: a compiled module, or a build's name or path for loadModule() (default wasmtcp.wasm). */
  constructor(hooks: CoreHooks, module: WebAssembly.Module | string = loadModule()) {
    // Transmitted frames in pooled buffers: a link that knows they were delivered and dropped reuses them.
    const pool = new FramePool();
    const inst = instantiateCore(hooks, module, (f) => pool.take(f));
    this.e = inst.e;
    this.raw = inst.raw;
    this.inHook = inst.inHook;
    this.memory = inst.raw.memory;
    this.bytes = new Uint8Array(this.memory.buffer);
    // Fixed for the life of the instance (a module without them, as in tests, just cannot move bytes).
    if (typeof this.raw.rx_buffer === "function") {
      this.rxPtr = this.raw.rx_buffer();
      this.frameMax = this.raw.frame_max();
    }
  }

  /** The core's memory as bytes (a new view only if the memory was replaced by growth). */
  private mem(): Uint8Array {
    // A view whose buffer growth has detached has length 0 (see link_send above).
    if (this.bytes.length === 0) this.bytes = new Uint8Array(this.memory.buffer);
    return this.bytes;
  }

  private enter(name: string): void {
    if (this.inHook()) throw new Error(`wasmtcp: ${name}() called from inside a link_send/trace hook; queue the work instead`);
  }

  init(c: CoreConfig, now: number): void {
    const m = parseMac(c.mac);
    const seed = BigInt(c.seed ?? 1);
    this.e.init((m[0] << 8) | m[1], ((m[2] << 24) | (m[3] << 16) | (m[4] << 8) | m[5]) >>> 0, parseIp(c.ip),
      parseIp(c.netmask ?? "255.255.255.0"), c.gateway ? parseIp(c.gateway) : 0,
      Number((seed >> 32n) & 0xffffffffn), Number(seed & 0xffffffffn), now >>> 0);
  }

  /** Delivers one Ethernet frame (FCS excluded). Returns 0, or the stats index of the drop reason. */
  input(frame: Uint8Array, now: number): number {
    this.enter("input");
    // The rx buffer holds frame_max() bytes; writing more would overwrite the core's other memory.
    if (frame.length > this.frameMax) throw new RangeError(`frame of ${frame.length} bytes exceeds frame_max() = ${this.frameMax}`);
    this.mem().set(frame, this.rxPtr);
    return this.raw.input(frame.length, now >>> 0);
  }
  poll(now: number): number { this.enter("poll"); return this.raw.poll(now >>> 0); }

  listen(port: number, backlog: number): number { return this.e.tcp_listen(port, backlog); }
  accept(l: number): number { return this.e.tcp_accept(l); }
  connect(ip: string, port: number, localPort: number, now: number): number { return this.e.tcp_connect(parseIp(ip), port, localPort, now >>> 0); }

  /** Queues as much of `data` as the send buffer takes, written straight into the send ring; returns the
   *  count, or a negative Err. */
  send(h: number, data: Uint8Array, now: number): number {
    this.enter("tcp_send");
    let done = 0;
    while (done < data.length) {
      const room = this.raw.tcp_send_reserve(h);
      if (room < 0) return done > 0 ? done : room;
      const n = Math.min(room, data.length - done);
      this.mem().set(n === data.length ? data : data.subarray(done, done + n), this.raw.ring_span());
      const r = this.raw.tcp_send_commit(h, n, now >>> 0);
      if (r < 0) return done > 0 ? done : r;
      done += r;
    }
    return done;
  }

  /** Up to `max` received bytes (a copy, taken straight from the receive ring, into `alloc(n)` if given),
   *  0 at end of stream, or a negative Err. Bytes on both sides of the ring's wrap come in one copy. */
  recv(h: number, max: number, now: number, alloc?: (n: number) => Uint8Array): Uint8Array | number {
    this.enter("tcp_recv");
    let n = this.raw.tcp_recv_peek(h);
    if (n <= 0) return n;
    // A span stops where the ring wraps: when this one is short of `max`, the copy is sized for all that
    // is queued, and the span from the ring's start follows it.
    const k = n < max ? Math.min(max, this.raw.tcp_getopt(h, Opt.RCV_QUEUED)) : max;
    // `alloc`: where the copy goes (Node's Buffer.allocUnsafe skips the zeroing a new ArrayBuffer costs).
    const out = alloc ? alloc(k) : this.slab.take(k);
    let done = 0;
    for (;;) {
      const m = Math.min(n, k - done), at = this.raw.ring_span();
      out.set(this.mem().subarray(at, at + m), done);
      this.raw.tcp_recv_consume(h, m, now >>> 0);
      done += m;
      if (done === k) return out;
      n = this.raw.tcp_recv_peek(h);
      if (n <= 0) return out.subarray(0, done);
    }
  }


  shutdown(h: number, how: number, now: number): number { return this.e.tcp_shutdown(h, how, now >>> 0); }
  close(h: number, now: number): number { return this.e.tcp_close(h, now >>> 0); }
  abort(h: number, now: number): number { return this.e.tcp_abort(h, now >>> 0); }
  state(h: number): number { return this.e.tcp_state(h); }
  events(h: number): number { this.enter("tcp_events"); return this.raw.tcp_events(h); }
  /** Handles whose events changed since events() last reported them (each then read with events()). */
  pending(): number[] {
    const out: number[] = [];
    for (let h = this.e.tcp_pending(-1); h >= 0; h = this.e.tcp_pending(h)) out.push(h);
    return out;
  }
  setopt(h: number, opt: number, v: number, now: number): number { return this.e.tcp_setopt(h, opt, v, now >>> 0); }
  getopt(h: number, opt: number): number { return this.e.tcp_getopt(h, opt); }
  remoteIp(h: number): number { return this.e.tcp_remote_ip(h) >>> 0; }
  remotePort(h: number): number { return this.e.tcp_remote_port(h); }
  localPort(h: number): number { return this.e.tcp_local_port(h); }
  inUse(): number { return this.e.tcp_in_use(); }
  countState(state: number): number { return this.e.tcp_count_state(state); }

  // ---- UDP (RFC 768) ----
  udpBind(port: number): number { return this.e.udp_bind(port); }
  /** Sends `data` as one datagram to ip:port; returns its length or a negative Err. */
  udpSend(h: number, data: Uint8Array, ip: string | number, port: number, now: number): number {
    this.enter("udp_sendto");
    if (data.length > this.raw.io_buffer_size()) return -2; // Err.INVAL, as the core says for len > io_buffer
    this.mem().set(data, this.raw.io_buffer());
    return this.raw.udp_sendto(h, typeof ip === "string" ? parseIp(ip) : ip >>> 0, port, data.length, now >>> 0);
  }
  /** The oldest queued datagram and its source, or a negative Err (WOULDBLOCK when none waits). */
  udpRecv(h: number): { data: Uint8Array; address: number; port: number } | number {
    this.enter("udp_recvfrom");
    const max = this.raw.io_buffer_size();
    const n = this.raw.udp_recvfrom(h, max);
    if (n < 0) return n;
    const at = this.raw.io_buffer();
    return { data: this.mem().slice(at, at + Math.min(n, max)), address: this.raw.udp_from_ip(h) >>> 0, port: this.raw.udp_from_port(h) };
  }
  udpEvents(h: number): number { return this.e.udp_events(h); }
  udpError(h: number): number { return this.e.udp_error(h); }
  udpLocalPort(h: number): number { return this.e.udp_local_port(h); }
  udpClose(h: number): number { return this.e.udp_close(h); }

  /** The interface's addresses now (DHCP may change them; 0 while there are none). */
  ipConfig(): { ip: number; netmask: number; gateway: number } {
    return { ip: this.e.ip_address() >>> 0, netmask: this.e.ip_netmask() >>> 0, gateway: this.e.ip_gateway() >>> 0 };
  }
  /** Sets the host name (one DNS label); returns 0 or Err.INVAL. */
  setHostname(name: string): number {
    const b = new TextEncoder().encode(name);
    if (b.length > this.e.io_buffer_size()) return -2;
    this.mem().set(b, this.e.io_buffer());
    return this.e.set_hostname(b.length);
  }
  setDnsServer(index: number, ip: string): number { return this.e.dns_set_server(index, parseIp(ip)); }
  /** Starts a DNS lookup of `name` (RFC 1035, through the core's resolver): a lookup handle, or a
   *  negative Err (INVAL for a name that is not one, NOBUFS when every lookup slot is busy, NOSERVER,
   *  ADDRNOTAVAIL for a .local name before the interface has an address). */
  dnsResolve(name: string, now: number): number {
    const bytes = new TextEncoder().encode(name);
    if (bytes.length > this.e.io_buffer_size()) return -2;
    this.mem().set(bytes, this.e.io_buffer());
    return this.e.dns_resolve(bytes.length, now >>> 0);
  }
  /** 0 when done, Err.WOULDBLOCK while running, else the lookup's Err. */
  dnsStatus(q: number): number { return this.e.dns_status(q); }
  /** The address found, dotted. */
  dnsAddress(q: number): string { const a = this.e.dns_address(q) >>> 0; return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join("."); }
  dnsRelease(q: number): number { return this.e.dns_release(q); }
  /** The mDNS responder's name ("NAME.local", "NAME-2.local" after a conflict), "" when it is off. */
  mdnsName(): string {
    const n = this.e.mdns_name();
    return String.fromCharCode(...this.mem().subarray(this.e.io_buffer(), this.e.io_buffer() + n));
  }

  stats(): Record<string, number> {
    this.statNames ??= statNames(this.e);
    const dv = new DataView(this.e.memory.buffer);
    const base = this.e.stats();
    return Object.fromEntries(this.statNames.map((n, i) => [n, dv.getUint32(base + i * 4, true)]));
  }
}

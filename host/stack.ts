// A Stack is one core on a link, driven by a clock: it delivers frames, runs poll() at the deadlines the
// core returns, and after every call into the core (after a burst of frames arriving together) turns the
// handles' event bits into stream events.
import { Core, loadModule } from "./core.js";
import type { Clock } from "./clock.js";
import { Trace, Err } from "./abi.js";
import { Emitter } from "./emitter.js";
import { objectArray } from "./object-array.js";
import { parseIp, formatIp } from "./addr.js";
import { TcpSocket, tcpError } from "./tcp-socket.js";
import { TcpListener } from "./tcp-listener.js";
import { UdpSocket } from "./udp-socket.js";

export interface StackOptions {
  name: string; mac: string; ip: string; netmask?: string; gateway?: string; seed?: number;
  clock: Clock;
  /** A compiled build, or a build's name (default wasmtcp.wasm) or path for loadModule(). */
  wasm?: WebAssembly.Module | string;
  /** Turns a hostname into a dotted IPv4 address for connect(); without it, connect asks the core's DNS
   *  resolver (which needs a DNS server: from DHCP, or `dns`). */
  resolve?: (hostname: string) => string | Promise<string>;
  /** DNS servers (dotted, at most two) for the core's resolver; DHCP may give them instead. */
  dns?: string[];
  /** The host name: DHCP's option 12 and, with `mdns`, the NAME of NAME.local. */
  hostname?: string;
  /** Answer for HOSTNAME.local by multicast DNS (RFC 6762): probe, announce, defend the name. */
  mdns?: boolean;
}

/** Where a stack sends and receives Ethernet frames (FCS excluded). attach() hands the link a port: the
 *  link calls `receive` for every frame that reaches it, and returns the function that transmits one. */
export interface Link {
  attach(port: LinkPort): (frame: Uint8Array) => void;
  /** Forgets a port (Stack.close() calls it, if the link has it). */
  detach?(port: LinkPort): void;
}
export interface LinkPort {
  name: string; receive(frame: Uint8Array): void;
  /** receive() copies the frame and keeps none of it: a link may reuse the frame's bytes afterwards. */
  readonly copies?: boolean;
}
/** The former name of Link. */
export type LinkLike = Link;

/** A socket or listener the stack tells about its handle's event bits after every call into the core. */
export interface Endpoint {
  readonly handle: number; readonly listener?: boolean; service(ev: number): void;
  /** Drops it at once (Stack.close(); the stack resets its connection first). */
  terminate?(): void;
}

export class Stack extends Emitter {
  readonly core: Core;
  readonly name: string;
  readonly ip: string;
  readonly clock: Clock;
  /** Bumped on every call into the core: lets a simulation tell whether anything is still happening. */
  activity = 0;
  private transmit: (f: Uint8Array) => void = () => {};
  /** Frames the core sent during a call, [outHead, outLen) still to go: slots are overwritten, not pushed
   *  onto an array emptied after each call, which would allocate its storage again every time. */
  private readonly outbox = objectArray<Uint8Array | null>();
  private outHead = 0;
  private outLen = 0;
  private readonly sockets = new Map<number, Endpoint>();
  private readonly servers = new Map<number, Endpoint>();
  private endpoints: Endpoint[] = [];
  private udpSockets: UdpSocket[] = [];
  /** The core traced an address change (DHCP): "address" is emitted after the call, outside the hook. */
  private addressNews = false;
  private cancelPoll: (() => void) | null = null;
  private pollAt = -1;
  private pollQueued = false;
  private polledAt = -1;
  private pumping = false;
  private pumpAgain = false;
  private readonly holders = new Set<object>();
  private release: (() => void) | null = null;
  private refd = true;
  private closed = false;
  private link: { link: Link; port: LinkPort } | null = null;
  private readonly resolver?: (hostname: string) => string | Promise<string>;
  /** Lookups in the core's resolver, and those waiting for one of its slots. */
  private readonly lookups = new Map<number, { name: string; done: (ip: string) => void; fail: (e: Error) => void }>();
  private readonly lookupQueue: { name: string; done: (ip: string) => void; fail: (e: Error) => void }[] = [];

  constructor(o: StackOptions) {
    super();
    this.name = o.name;
    this.ip = o.ip;
    this.clock = o.clock;
    this.resolver = o.resolve;
    this.core = new Core({
      send: (f) => { this.outbox[this.outLen++] = f; },
      // Listeners of "state" and "trace" run inside the core's hook: they may record, never call the core.
      trace: (k, a, b, c) => {
        if (k === Trace.ADDRESS) this.addressNews = true;
        if (k === Trace.STATE) this.emit("state", a, b, c, this.clock.now()); else this.emit("trace", k, a, b, c);
      },
    }, typeof o.wasm === "object" ? o.wasm : loadModule(o.wasm));
    this.core.init({ mac: o.mac, ip: o.ip, netmask: o.netmask, gateway: o.gateway, seed: o.seed }, this.now());
    if (o.dns) this.setDnsServers(o.dns);
    if (o.hostname !== undefined) this.setHostname(o.hostname);
    // Started here, its first probe goes out once attach() polls (RFC 6762 8.1: 0-250 ms later).
    if (o.mdns) this.mdnsStart();
  }

  now(): number { return Math.floor(this.clock.now()) >>> 0; }

  attach(link: Link): this {
    const self = this;
    const port: LinkPort = {
      name: this.name, receive: (f) => this.receive(f),
      // Receiving copies the frame into the core, unless someone replaced receive or input to look at it.
      get copies() { return self.receive === Stack.prototype.receive && self.core.input === Core.prototype.input; },
    };
    this.link = { link, port };
    this.transmit = link.attach(port);
    this.afterCall();
    return this;
  }

  receive(frame: Uint8Array): void {
    if (this.closed) return;
    this.core.input(frame, this.now());
    if (this.clock.now() !== this.polledAt) { this.afterCall(); return; }
    // Later frames of a burst: what the core answers goes out at once, but the streams hear of the
    // events in the poll queued behind the burst (one pump for a window of data, not one per frame).
    this.activity++;
    this.flush();
    this.queuePoll();
  }

  /** Sends what the core produced, updates the streams, and arms the next poll. Call after any core call.
   *  The first call at a new time polls at once (due timers run, the core learns the time); later calls
   *  at the same time (a burst of frames) share one poll, queued behind the work due then. */
  afterCall(): void {
    if (this.closed) return;
    this.activity++;
    this.flush();
    this.pump();
    if (this.clock.now() !== this.polledAt) { this.schedulePoll(); return; }
    this.queuePoll();
  }

  private queuePoll(): void {
    if (this.pollQueued) return;
    this.pollQueued = true;
    // A virtual clock's call() sets the timer without allocating.
    if (this.clock.call) this.clock.call(this.clock.now(), this.queuedPoll, this, undefined, undefined, undefined);
    else this.clock.at(this.clock.now(), () => this.queuedPoll());
  }

  private queuedPoll(): void {
    this.pollQueued = false;
    if (!this.closed) { this.activity++; this.schedulePoll(); }
  }

  private flush(): void {
    // A shared read position: a link that delivers at once may bring us back here from transmit().
    const q = this.outbox;
    while (this.outHead < this.outLen) {
      const f = q[this.outHead]!;
      q[this.outHead++] = null;
      this.transmit(f);
    }
    this.outHead = this.outLen = 0;
  }

  private schedulePoll(): void {
    this.polledAt = this.clock.now();
    this.core.poll(this.now());
    this.flush();
    // Timers that ran in poll() may have changed the handles' events (an error after the last retry, a
    // FIN_WAIT_2 timeout): report them now, since no later call may come. What the streams do about
    // them can move the deadline, so ask again.
    this.pump();
    const d = this.core.poll(this.now());
    this.flush();
    if (d < 0) { this.cancelPoll?.(); this.cancelPoll = null; this.pollAt = -1; return; }
    const at = this.clock.now() + Math.max(d, 1);
    if (at === this.pollAt && this.cancelPoll) return;
    this.cancelPoll?.();
    this.pollAt = at;
    this.cancelPoll = this.clock.at(at, this.pollDueFn);
  }

  // A closure made once per stack that only calls the method, which all stacks share (and with it the
  // code V8 optimises for it).
  private readonly pollDueFn = () => this.pollDue();
  private pollDue(): void {
    this.cancelPoll = null;
    this.pollAt = -1;
    if (this.closed) return;
    this.activity++;
    this.flush();
    this.pump();
    this.schedulePoll();
  }

  /** Turns event bits into stream events; re-entrant calls (user code reacting to events) loop here. */
  private pump(): void {
    if (this.pumping) { this.pumpAgain = true; return; }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        // Servers first, then sockets; arrays replaced (not changed) when a service registers or
        // unregisters endpoints, so these loops go on over the old ones.
        const ends = this.endpoints, udps = this.udpSockets;
        for (let i = 0; i < ends.length; i++) ends[i].service(this.core.events(ends[i].handle));
        for (let i = 0; i < udps.length; i++) udps[i].service(this.core.udpEvents(udps[i].handle));
        if (this.addressNews) { this.addressNews = false; this.emit("address", this.address); }
        if (this.lookups.size || this.lookupQueue.length) this.serviceLookups();
        this.flush();
      } while (this.pumpAgain);
    } finally { this.pumping = false; }
  }

  register(s: Endpoint): void { (s.listener ? this.servers : this.sockets).set(s.handle, s); this.listEndpoints(); }
  unregister(s: Endpoint): void {
    const m = s.listener ? this.servers : this.sockets;
    if (m.get(s.handle) === s) { m.delete(s.handle); this.listEndpoints(); }
  }

  /** A fresh array on every change, so a pump iterating the old one is not disturbed. */
  private listEndpoints(): void { this.endpoints = [...this.servers.values(), ...this.sockets.values()]; }

  /** The interface's address now (DHCP may change it; "0.0.0.0" while there is none). */
  get address(): string { return formatIp(this.core.ipConfig().ip); }

  /** Starts the core's DHCP client (RFC 2131); resolves with the leased address once it is configured
   *  (after the ARP probe). Later changes (renewal at another address, loss) come as "address" events.
   *  `hostname` (one DNS label) goes in option 12. `address`, one leased before (kept across a restart),
   *  is asked for first, without a DISCOVER (INIT-REBOOT, RFC 2131 3.2); a NAK or silence falls back to
   *  a DISCOVER. */
  dhcp(o: { hostname?: string; timeoutMs?: number; address?: string } = {}): Promise<string> {
    this.checkOpen();
    if (o.hostname !== undefined && this.core.setHostname(o.hostname) < 0) {
      throw Object.assign(new Error(`"${o.hostname}" is not a host name (one DNS label: letters, digits, inner hyphens, at most 63)`), { code: "EINVAL" });
    }
    const remembered = o.address === undefined ? 0 : parseIp(o.address);
    return new Promise((resolve, reject) => {
      const done = (ip: string) => { if (ip !== "0.0.0.0") { this.off("address", done); cancel(); resolve(ip); } };
      const cancel = this.clock.at(this.clock.now() + (o.timeoutMs ?? 60_000), () => {
        this.off("address", done);
        reject(Object.assign(new Error("no DHCP lease"), { code: "ETIMEDOUT" }));
      });
      this.on("address", done);
      const r = remembered ? this.core.e.dhcp_reboot(this.now(), remembered) : this.core.e.dhcp_start(this.now());
      if (r < 0) { this.off("address", done); cancel(); reject(tcpError(r, `dhcp ${o.address}`)); return; }
      this.afterCall();
    });
  }
  /** Renews the lease now (as at T1). */
  dhcpRenew(): void { this.core.e.dhcp_renew(this.now()); this.afterCall(); }
  /** Gives the lease back (DHCPRELEASE) and forgets the address. */
  dhcpRelease(): void { this.core.e.dhcp_release(this.now()); this.afterCall(); }

  registerUdp(u: UdpSocket): void { this.udpSockets = [...this.udpSockets, u]; }
  unregisterUdp(u: UdpSocket): void { this.udpSockets = this.udpSockets.filter((x) => x !== u); }

  /** A UDP endpoint on `port` (0: an ephemeral port): `send(data, port, address)`, "message" events. */
  udp(port = 0): UdpSocket {
    this.checkOpen();
    const h = this.core.udpBind(port);
    if (h < 0) throw tcpError(h, `udp bind ${port}`);
    return new UdpSocket(this, h);
  }

  /** Listens on `port`; accepted connections come from the listener as TcpSockets (web streams). */
  listen(port: number, o: { backlog?: number } = {}): TcpListener {
    this.checkOpen();
    const h = this.core.listen(port, o.backlog ?? 16);
    if (h < 0) throw tcpError(h, `listen ${port}`);
    return new TcpListener(this, h, port);
  }

  /** Opens a connection; resolves when it is established. `host` is a dotted IPv4 address, or a
   *  hostname when the stack was given a resolver. */
  async connect(host: string, port: number, o: { localPort?: number } = {}): Promise<TcpSocket> {
    this.checkOpen();
    const ip = await this.resolveHost(host);
    const h = this.core.connect(ip, port, o.localPort ?? 0, this.now());
    if (h < 0) throw tcpError(h, `connect ${host}:${port}`);
    const s = new TcpSocket(this, h, { remoteAddress: ip, remotePort: port });
    this.afterCall();
    await s.opened;
    return s;
  }

  /** A dotted IPv4 address for `host`, through the resolver if `host` is a name: the `resolve` function
   *  given, else the core's DNS resolver. */
  async resolveHost(host: string): Promise<string> {
    if (isIpv4(host)) return host;
    if (!this.resolver) return this.lookup(host);
    const ip = await this.resolver(host);
    if (!isIpv4(ip)) throw Object.assign(new Error(`the resolver gave "${ip}" for "${host}", not an IPv4 address`), { code: "ENOTFOUND" });
    return ip;
  }

  /** Sets the core's two DNS server slots (later entries ignored, missing ones cleared). */
  setDnsServers(servers: string[]): void {
    for (let i = 0; i < 2; i++) this.core.e.dns_set_server(i, servers[i] ? parseIp(servers[i]) : 0);
  }

  /** Sets the host name (one DNS label: letters, digits, inner hyphens, at most 63 bytes). */
  setHostname(name: string): void {
    const r = this.core.setHostname(name);
    if (r < 0) throw Object.assign(new Error(`hostname "${name}": not one DNS label (letters, digits, inner hyphens, at most 63)`), { code: "EINVAL" });
  }

  /** Starts the mDNS responder for HOSTNAME.local; `mdnsName` says the name it holds. */
  startMdns(): void {
    this.mdnsStart();
    this.afterCall();
  }
  private mdnsStart(): void {
    const r = this.core.e.mdns_start(this.now());
    if (r < 0) throw tcpError(r, "mdns start (set a hostname first)");
  }
  /** The name the mDNS responder holds ("NAME.local", "NAME-2.local" after a conflict), "" when off. */
  get mdnsName(): string { return this.core.mdnsName(); }

  /** Looks `name` up with the core's DNS resolver (A record, RFC 1035; a name ending in .local by mDNS on
   *  the link, RFC 6762 5.1). Rejects with ENOTFOUND (no such name), ETIMEDOUT (no server answered),
   *  EMSGSIZE (a truncated reply without an address), EINVAL (not a host name), EADDRNOTAVAIL (.local before
   *  the interface has an address), or ENORESOLVER when no DNS server is known for another name. */
  lookup(name: string): Promise<string> {
    this.checkOpen();
    return new Promise((done, fail) => {
      const l = { name, done, fail };
      if (!this.startLookup(l)) this.lookupQueue.push(l);
      this.afterCall();
    });
  }

  private startLookup(l: { name: string; done: (ip: string) => void; fail: (e: Error) => void }): boolean {
    const q = typeof this.core.e.dns_resolve === "function" ? this.core.dnsResolve(l.name, this.now()) : Err.NOSERVER;
    if (q === Err.NOBUFS) return false;
    if (q === Err.NOSERVER) {
      l.fail(Object.assign(new Error(`cannot connect to "${l.name}": this stack has no resolver (give createStack a resolve function or dns servers, take them from DHCP, or connect to an IPv4 address)`), { code: "ENORESOLVER" }));
    } else if (q < 0) l.fail(tcpError(q, `resolve ${l.name}`));
    else this.lookups.set(q, l);
    return true;
  }

  /** Settles finished lookups and starts queued ones in the slots they free. */
  private serviceLookups(): void {
    for (const [q, l] of [...this.lookups]) {
      const st = this.core.dnsStatus(q);
      if (st === Err.WOULDBLOCK) continue;
      const ip = st === 0 ? this.core.dnsAddress(q) : "";
      this.core.dnsRelease(q);
      this.lookups.delete(q);
      if (st === 0) l.done(ip); else l.fail(tcpError(st, `resolve ${l.name}`));
    }
    while (this.lookupQueue.length && this.startLookup(this.lookupQueue[0])) this.lookupQueue.shift();
  }

  /** Resets every connection, closes every listener, stops every timer and leaves the link: nothing of
   *  this stack keeps a process alive afterwards. Further calls throw. */
  close(): void {
    if (this.closed) return;
    for (const s of [...this.sockets.values()]) this.core.abort(s.handle, this.now());
    if (typeof this.core.e.mdns_stop === "function") this.core.e.mdns_stop(this.now()); // a goodbye, if it ran
    this.flush(); // the RSTs tell the peers
    for (const s of [...this.sockets.values(), ...this.servers.values()]) s.terminate?.();
    for (const u of [...this.udpSockets]) u.close();
    this.closed = true;
    for (const l of [...this.lookups.values(), ...this.lookupQueue]) l.fail(Object.assign(new Error(`stack ${this.name} is closed`), { code: "ERR_STACK_CLOSED" }));
    this.lookups.clear();
    this.lookupQueue.length = 0;
    this.cancelPoll?.();
    this.cancelPoll = null;
    this.link?.link.detach?.(this.link.port);
    this.transmit = () => {};
    this.holders.clear();
    this.updateHold();
  }
  get isClosed(): boolean { return this.closed; }

  /** As Node's unref(): the stack's sockets and listeners no longer keep the process alive. */
  unref(): this { this.refd = false; this.updateHold(); return this; }
  ref(): this { this.refd = true; this.updateHold(); return this; }

  /** Marks `owner` (an open socket or listener) as keeping the process alive, or no longer. */
  hold(owner: object, on: boolean): void {
    if (on && !this.closed) this.holders.add(owner); else this.holders.delete(owner);
    this.updateHold();
  }

  private updateHold(): void {
    const want = this.refd && this.holders.size > 0;
    if (want && !this.release) this.release = this.clock.hold?.() ?? null;
    else if (!want && this.release) { this.release(); this.release = null; }
  }

  private checkOpen(): void { if (this.closed) throw Object.assign(new Error(`stack ${this.name} is closed`), { code: "ERR_STACK_CLOSED" }); }
}

function isIpv4(s: string): boolean {
  try { parseIp(s); return true; } catch { return false; }
}

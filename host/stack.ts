// A Stack is one core on a link, driven by a clock: it delivers frames, runs poll() at the deadlines the
// core returns, and after every call into the core turns the handles' event bits into stream events.
import { Core, loadModule } from "./core.js";
import type { Clock } from "./clock.js";
import { Trace } from "./abi.js";
import { Emitter } from "./emitter.js";

export interface StackOptions {
  name: string; mac: string; ip: string; netmask?: string; gateway?: string; seed?: number;
  clock: Clock;
  /** A compiled build, or a build's name (default wasmtcp.wasm) or path for loadModule(). */
  wasm?: WebAssembly.Module | string;
}

export interface LinkLike { attach(p: { name: string; receive(f: Uint8Array): void }): (f: Uint8Array) => void }

/** A socket or listener the stack tells about its handle's event bits after every call into the core. */
export interface Endpoint { readonly handle: number; readonly listener?: boolean; service(ev: number): void }

export class Stack extends Emitter {
  readonly core: Core;
  readonly name: string;
  readonly ip: string;
  readonly clock: Clock;
  /** Bumped on every call into the core: lets a simulation tell whether anything is still happening. */
  activity = 0;
  private transmit: (f: Uint8Array) => void = () => {};
  private readonly outbox: Uint8Array[] = [];
  private readonly sockets = new Map<number, Endpoint>();
  private readonly servers = new Map<number, Endpoint>();
  private endpoints: Endpoint[] = [];
  private cancelPoll: (() => void) | null = null;
  private pollAt = -1;
  private pollQueued = false;
  private polledAt = -1;
  private pumping = false;
  private pumpAgain = false;

  constructor(o: StackOptions) {
    super();
    this.name = o.name;
    this.ip = o.ip;
    this.clock = o.clock;
    this.core = new Core({
      send: (f) => this.outbox.push(f),
      // Listeners of "state" and "trace" run inside the core's hook: they may record, never call the core.
      trace: (k, a, b, c) => { if (k === Trace.STATE) this.emit("state", a, b, c, this.clock.now()); else this.emit("trace", k, a, b, c); },
    }, typeof o.wasm === "object" ? o.wasm : loadModule(o.wasm));
    this.core.init({ mac: o.mac, ip: o.ip, netmask: o.netmask, gateway: o.gateway, seed: o.seed }, this.now());
  }

  now(): number { return Math.floor(this.clock.now()) >>> 0; }

  attach(link: LinkLike): this {
    this.transmit = link.attach({ name: this.name, receive: (f) => this.receive(f) });
    this.afterCall();
    return this;
  }

  receive(frame: Uint8Array): void {
    this.core.input(frame, this.now());
    this.afterCall();
  }

  /** Sends what the core produced, updates the streams, and arms the next poll. Call after any core call.
   *  The first call at a new time polls at once (due timers run, the core learns the time); later calls
   *  at the same time (a burst of frames) share one poll, queued behind the work due then. */
  afterCall(): void {
    this.activity++;
    this.flush();
    this.pump();
    if (this.clock.now() !== this.polledAt) { this.schedulePoll(); return; }
    if (this.pollQueued) return;
    this.pollQueued = true;
    this.clock.at(this.clock.now(), () => { this.pollQueued = false; this.activity++; this.schedulePoll(); });
  }

  private flush(): void {
    while (this.outbox.length) this.transmit(this.outbox.shift()!);
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
    this.cancelPoll = this.clock.at(at, () => { this.cancelPoll = null; this.pollAt = -1; this.activity++; this.flush(); this.pump(); this.schedulePoll(); });
  }

  /** Turns event bits into stream events; re-entrant calls (user code reacting to events) loop here. */
  private pump(): void {
    if (this.pumping) { this.pumpAgain = true; return; }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        // Servers first, then sockets; a copy, since a service may register or unregister endpoints.
        for (const s of this.endpoints) s.service(this.core.events(s.handle));
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
}

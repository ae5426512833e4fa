// Records, as replay scripts (boards/README.md), every call any code makes into instances of the core
// while `fn` runs: WebAssembly.Instance is wrapped for the duration, so harness code (e.g. the
// test-vector runner in host/script) needs no change. Frames and send payloads are read from the core's
// memory at the moment of the call. Pure getters (buffers, sizes, counters, configuration) are not
// recorded: they change nothing.
import { hex, dotted } from "./replay.js";

type Fn = (...a: number[]) => number;

function wrap(exp: Record<string, unknown>, lines: string[]): Record<string, unknown> {
  const e = exp as Record<string, Fn> & { memory: WebAssembly.Memory };
  let now = 0;
  const bytes = (at: number, n: number) => new Uint8Array(e.memory.buffer, at, n).slice();
  const rec: Record<string, (a: number[]) => string | null> = {
    init: (a) => {
      now = a[7] >>> 0;
      const mac = [(a[0] >>> 8) & 255, a[0] & 255, (a[1] >>> 24) & 255, (a[1] >>> 16) & 255, (a[1] >>> 8) & 255, a[1] & 255];
      const seed = (BigInt(a[5] >>> 0) << 32n) | BigInt(a[6] >>> 0);
      return `init ${mac.map((x) => x.toString(16).padStart(2, "0")).join(":")} ${dotted(a[2] >>> 0)} ${dotted(a[3] >>> 0)} ${dotted(a[4] >>> 0)} 0x${seed.toString(16)}`;
    },
    input: (a) => { now = a[1] >>> 0; return `input ${hex(bytes(e.rx_buffer(), a[0] >>> 0))}`; },
    poll: (a) => { now = a[0] >>> 0; return "poll"; },
    tcp_listen: (a) => `listen ${a[0]} ${a[1]}`,
    tcp_accept: (a) => `accept ${a[0]}`,
    tcp_connect: (a) => { now = a[3] >>> 0; return `connect ${dotted(a[0] >>> 0)} ${a[1]} ${a[2]}`; },
    tcp_send: (a) => { now = a[2] >>> 0; return `send ${a[0]} ${hex(bytes(e.io_buffer(), Math.min(a[1] >>> 0, e.io_buffer_size())))}`; },
    tcp_recv: (a) => { now = a[2] >>> 0; return `recv ${a[0]} ${a[1] >>> 0}`; },
    tcp_shutdown: (a) => { now = a[2] >>> 0; return `shutdown ${a[0]} ${a[1]}`; },
    tcp_close: (a) => { now = a[1] >>> 0; return `close ${a[0]}`; },
    tcp_abort: (a) => { now = a[1] >>> 0; return `abort ${a[0]}`; },
    tcp_state: (a) => `state ${a[0]}`,
    tcp_events: (a) => `events ${a[0]}`,
    tcp_setopt: (a) => { now = a[3] >>> 0; return `setopt ${a[0]} ${a[1]} ${a[2]}`; },
    tcp_getopt: (a) => `getopt ${a[0]} ${a[1]}`, // SO_ERROR clears the error: not a pure getter
    tcp_remote_ip: (a) => `addr ${a[0]}`,
    tcp_remote_port: (a) => `addr ${a[0]}`,
    tcp_local_port: (a) => `addr ${a[0]}`,
    tcp_in_use: () => "in_use",
    udp_bind: (a) => `udp_bind ${a[0]}`,
    udp_sendto: (a) => { now = a[4] >>> 0; return `udp_sendto ${a[0]} ${dotted(a[1] >>> 0)} ${a[2]} ${hex(bytes(e.io_buffer(), Math.min(a[3] >>> 0, e.io_buffer_size())))}`; },
    udp_recvfrom: (a) => `udp_recvfrom ${a[0]} ${a[1] >>> 0}`,
    udp_close: (a) => `udp_close ${a[0]}`,
    dhcp_start: (a) => { now = a[0] >>> 0; return "dhcp_start"; },
    dhcp_renew: (a) => { now = a[0] >>> 0; return "dhcp_renew"; },
    dhcp_release: (a) => { now = a[0] >>> 0; return "dhcp_release"; },
    dhcp_reboot: (a) => { now = a[0] >>> 0; return `dhcp_reboot ${dotted(a[1] >>> 0)}`; },
    dhcp_state: () => "dhcp_state",
    ip_address: () => "ip_address",
    tcp_count_state: (a) => `count_state ${a[0]}`,
    dns_set_server: (a) => `dns_server ${a[0]} ${dotted(a[1] >>> 0)}`,
    set_hostname: (a) => `hostname ${hex(bytes(e.io_buffer(), Math.min(a[0] >>> 0, e.io_buffer_size())))}`,
    dns_resolve: (a) => { now = a[1] >>> 0; return `resolve ${hex(bytes(e.io_buffer(), Math.min(a[0] >>> 0, e.io_buffer_size())))}`; },
    dns_status: (a) => `dns_status ${a[0]}`,
    dns_address: () => null, // dns_status prints the address too
    dns_release: (a) => `dns_release ${a[0]}`,
    mdns_start: (a) => { now = a[0] >>> 0; return "mdns_start"; },
    mdns_stop: (a) => { now = a[0] >>> 0; return "mdns_stop"; },
    mdns_name: () => "mdns_name",
  };
  const out: Record<string, unknown> = { ...exp };
  for (const [name, r] of Object.entries(rec)) {
    const f = e[name];
    if (typeof f !== "function") continue;
    out[name] = (...a: number[]) => {
      const line = r(a.map((x) => Number(x) | 0));
      if (line !== null) lines.push(`${now} ${line}`);
      return f(...a);
    };
  }
  return out;
}

/** Runs fn; returns its result and one script per core instance it created, in creation order. */
export function recordAbiCalls<T>(fn: () => T): { result?: T; error?: unknown; scripts: string[][] } {
  const scripts: string[][] = [];
  const restore = recordInstances(scripts);
  try {
    return { result: fn(), scripts };
  } catch (error) {
    return { error, scripts };
  } finally {
    restore();
  }
}

/** The same for asynchronous work (a scenario on a simulated wire): instances made until fn's promise
 *  settles are recorded. Nothing else in this process may create instances meanwhile. */
export async function recordAbiCallsAsync<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; scripts: string[][] }> {
  const scripts: string[][] = [];
  const restore = recordInstances(scripts);
  try {
    return { result: await fn(), scripts };
  } catch (error) {
    return { error, scripts };
  } finally {
    restore();
  }
}

/** Replaces WebAssembly.Instance with one whose exports record into a new script each; returns the undo. */
function recordInstances(scripts: string[][]): () => void {
  const Original = WebAssembly.Instance;
  class Recording extends Original {
    constructor(module: WebAssembly.Module, imports?: WebAssembly.Imports) {
      super(module, imports);
      const lines: string[] = [];
      scripts.push(lines);
      Object.defineProperty(this, "exports", { value: Object.freeze(wrap(super.exports as Record<string, unknown>, lines)) });
    }
  }
  (WebAssembly as { Instance: typeof WebAssembly.Instance }).Instance = Recording;
  return () => { (WebAssembly as { Instance: typeof WebAssembly.Instance }).Instance = Original; };
}

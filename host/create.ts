// createStack: a stack from an address and a link, with the defaults a user wants (a MAC derived from
// the address, a random seed, real time unless the link runs on a virtual clock).
import { RealClock, type Clock } from "./clock.js";
import { fetchModule, moduleNamed } from "./core.js";
import { formatIp, parseCidr } from "./addr.js";
import { Stack, type Link, type StackOptions } from "./stack.js";

export interface CreateStackOptions {
  /** "10.0.0.2/24", or an address with `netmask` (default /24). */
  ip: string;
  netmask?: string;
  gateway?: string;
  /** Default 02:00 and the four bytes of the address (locally administered, unique per address). */
  mac?: string;
  /** Where frames go; attach() later if omitted. */
  link?: Link;
  /** Names the stack in traces and link rules (default: its address). */
  name?: string;
  /** Seeds ISNs and ephemeral ports (RFC 6528, 6056); default random. Fix it for reproducible runs. */
  seed?: number;
  /** Default: the link's clock (a VirtualLink's), else real time. */
  clock?: Clock;
  /** A compiled module, a build's name ("wasmtcp.wasm", "wasmtcp-large.wasm") or the URL of one. */
  wasm?: WebAssembly.Module | string | URL;
  /** Hostname to IPv4 address, for connect(); without it connect takes addresses only. */
  resolve?: (hostname: string) => string | Promise<string>;
}

/** Builds the Stack (or the Node layer's NodeStack) for `o`. */
export async function createStackWith<S extends Stack>(make: (o: StackOptions) => S, o: CreateStackOptions): Promise<S> {
  const cidr = parseCidr(o.ip);
  const ip = formatIp(cidr.ip);
  const netmask = o.netmask ?? formatIp(o.ip.includes("/") ? cidr.netmask : 0xffffff00);
  const mac = o.mac ?? ["02", "00", ...[24, 16, 8, 0].map((b) => ((cidr.ip >>> b) & 255).toString(16).padStart(2, "0"))].join(":");
  const seed = o.seed ?? crypto.getRandomValues(new Uint32Array(1))[0];
  const clock = o.clock ?? (o.link as { clock?: Clock } | undefined)?.clock ?? new RealClock();
  const w = o.wasm;
  const wasm = w instanceof WebAssembly.Module ? w
    : w instanceof URL || (typeof w === "string" && /^[a-z]+:\/\//i.test(w)) ? await fetchModule(w, String(w))
    : await moduleNamed(w);
  const s = make({ name: o.name ?? ip, mac, ip, netmask, gateway: o.gateway, seed, clock, wasm, resolve: o.resolve });
  return o.link ? s.attach(o.link) : s;
}

/** A stack on `o.link` at `o.ip`: listen(), connect(), close(). */
export function createStack(o: CreateStackOptions): Promise<Stack> {
  return createStackWith((so) => new Stack(so), o);
}

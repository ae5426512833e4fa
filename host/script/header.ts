// A script's header options ("--name=value" lines, or the command line's), as packetdrill documents them
// (its config.c): those this runner honours, those that change nothing here, and the rest, which fail.
import { ScriptError } from "./ast.js";
import { parseIp } from "../addr.js";

export interface ScriptConfig {
  toleranceMs: number;
  tolerancePercent: number;
  localIp: number;
  remoteIp: number;
  gatewayIp: number;
  netmask: number;
  bindPort: number;
  connectPort: number;
  /** Fail on any segment the stack sends after the last line (packetdrill checks nothing there). */
  strictEnd: boolean;
}

/** Options without effect on a stack in virtual time: the tun device's speed, the GSO size of injected
 *  packets, logging, and TS val checking (which this runner never does, as packetdrill's default). */
const NO_EFFECT = ["speed", "mss", "verbose", "debug", "tcp_ts_tick_usecs", "tcp_ts_ecr_scaled", "strict_segments", "send_omit_free", "code_format"];

function ip(s: string): number {
  try { return parseIp(s); } catch (e) { throw new ScriptError(0, (e as Error).message); }
}

function port(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ScriptError(0, `bad --${name}=${v}`);
  return n;
}

/** `mtu`: the stack's MTU, fixed when it is built; `lines`: where each option was written (0: the command line). */
export function scriptConfig(options: Record<string, string>, mtu: number, lines: Record<string, number> = {}): ScriptConfig {
  const c: ScriptConfig = {
    toleranceMs: 4, tolerancePercent: 12.5, localIp: ip("192.168.0.1"), remoteIp: ip("192.0.2.1"), gatewayIp: ip("192.168.0.2"),
    netmask: ip("255.255.0.0"), bindPort: 8080, connectPort: 8080, strictEnd: false,
  };
  for (const [name, value] of Object.entries(options)) {
    try { apply(c, name, value, mtu); } catch (e) {
      if (e instanceof ScriptError && e.line === 0) throw new ScriptError(lines[name] ?? 0, e.message.replace(/^line 0: /, ""));
      throw e;
    }
  }
  if (((c.localIp ^ c.gatewayIp) & c.netmask) !== 0) throw new ScriptError(0, "the gateway is not on the local network (--local_ip, --gateway_ip, --netmask_ip)");
  return c;
}

function apply(c: ScriptConfig, name: string, value: string, mtu: number): void {
  switch (name) {
    case "tolerance_usecs": c.toleranceMs = Number(value) / 1000; break;
    case "tolerance_percent": c.tolerancePercent = Number(value); break;
    case "ip_version": if (value !== "ipv4") throw new ScriptError(0, `unsupported --ip_version=${value}: IPv4 only`); break;
    case "bind_port": c.bindPort = port(name, value); break;
    case "connect_port": c.connectPort = port(name, value); break;
    case "local_ip": c.localIp = ip(value); break;
    case "remote_ip": c.remoteIp = ip(value.replace(/\/\d+$/, "")); break;
    case "gateway_ip": c.gatewayIp = ip(value); break;
    case "netmask_ip": c.netmask = ip(value); break;
    case "mtu":
      if (Number(value) !== mtu) throw new ScriptError(0, `unsupported --mtu=${value}: the stack's MTU is ${mtu}, fixed when it is built`);
      break;
    case "strict_end": case "strict-end": c.strictEnd = true; break;
    default:
      if (!NO_EFFECT.includes(name)) throw new ScriptError(0, `unsupported option --${name}`);
  }
}


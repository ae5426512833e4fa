// Linux to Linux through tap-bridge's impairment: two namespaces, each with one TAP device, and the bridge
// in relay mode forwarding frames between the devices through --netem. The kernel here may lack sch_netem,
// so this is how Linux meets exactly the impairment a stack on a TAP device meets. The bridge opens both
// devices in the client's namespace, then one moves to the server's; both namespaces go at destroy().
import type { ChildProcess } from "node:child_process";
import { createNetns, type Netns } from "./netns.js";

const bridgePath = new URL("../../../../build/native/tap-bridge", import.meta.url).pathname;

/** What the impairment did to the frames of one direction (the bridge's exit lines). */
export interface BridgeCounts { frames: number; lost: number; duplicated: number; reordered: number; delayed: number }

/** The bridge's exit lines, "tap-bridge: from|to DEV frames F lost L ...", as counts per direction. */
export function parseBridgeCounts(stderr: string): { from: BridgeCounts; to: BridgeCounts } {
  const one = (way: string): BridgeCounts => {
    const m = new RegExp(`^tap-bridge: ${way} \\S+ frames (\\d+) lost (\\d+) duplicated (\\d+) reordered (\\d+) delayed (\\d+)$`, "m").exec(stderr);
    if (!m) throw new Error(`tap-bridge printed no "${way}" counts: ${stderr}`);
    const [frames, lost, duplicated, reordered, delayed] = m.slice(1).map(Number);
    return { frames, lost, duplicated, reordered, delayed };
  };
  return { from: one("from"), to: one("to") };
}

export interface Relay {
  /** The client's namespace (the device the bridge names first) and the server's. */
  client: Netns; server: Netns;
  clientIp: string; serverIp: string;
  /** Ends the bridge (its stdin closes) and returns its counts: `toServer` is the client's frames. */
  stop(): Promise<{ toServer: BridgeCounts; toClient: BridgeCounts }>;
  destroy(): void;
}

export async function createRelay(netem: string | undefined, seed = 1): Promise<Relay> {
  const client = createNetns();
  let server: Netns | undefined;
  try {
    server = createNetns();
    server.exec(["ip", "link", "del", server.dev]); // its own device gives way to the relay's second one
    client.exec(["ip", "tuntap", "add", "dev", "relay1", "mode", "tap"]);
    const impair = netem ? ["--netem", netem, "--seed", String(seed)] : [];
    const proc: ChildProcess = client.spawn([bridgePath, client.dev, "--relay", "relay1", ...impair]);
    let log = "";
    proc.stderr!.on("data", (d: Buffer) => (log += d));
    const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tap-bridge --relay: not open within 10 s: ${log}`)), 10_000);
      proc.stderr!.on("data", () => { if (log.includes(" open\n")) { clearTimeout(timer); resolve(); } });
      exited.then((code) => { clearTimeout(timer); reject(new Error(`tap-bridge --relay exited ${code}: ${log}`)); });
    });
    const s = server;
    client.exec(["ip", "link", "set", "relay1", "netns", s.name]);
    s.exec(["ip", "addr", "add", `${client.stackIp}/24`, "dev", "relay1"]);
    s.exec(["ip", "link", "set", "relay1", "up"]);
    // Fixed neighbours on both sides: under heavy loss the impairment could take every ARP exchange of a
    // connect and fail it with "no route to host", which is not what the profile measures.
    const mac = (ns: Netns, dev: string) => JSON.parse(ns.exec(["ip", "-j", "link", "show", "dev", dev]).toString())[0].address as string;
    client.exec(["ip", "neigh", "replace", client.stackIp, "lladdr", mac(s, "relay1"), "nud", "permanent", "dev", client.dev]);
    s.exec(["ip", "neigh", "replace", client.linuxIp, "lladdr", mac(client, client.dev), "nud", "permanent", "dev", "relay1"]);
    return {
      client, server: s, clientIp: client.linuxIp, serverIp: client.stackIp,
      async stop() {
        proc.stdin!.end();
        const code = await Promise.race([exited, new Promise<"late">((r) => setTimeout(() => r("late"), 5_000))]);
        if (code === "late") { proc.kill("SIGKILL"); throw new Error(`tap-bridge --relay did not exit when its stdin closed: ${log}`); }
        const c = parseBridgeCounts(log);
        return { toServer: c.from, toClient: c.to };
      },
      destroy() { client.destroy(); s.destroy(); },
    };
  } catch (e) {
    client.destroy();
    server?.destroy();
    throw e;
  }
}

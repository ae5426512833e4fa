// The main job (`npm start`): two stacks in one process. A client connects to a server, sends a message
// and reads the reply; both close. Prints a ladder diagram of every segment with each side's states
// (through TIME-WAIT) and writes a pcap.
import { writeFileSync } from "node:fs";
import { Simulation } from "./stack.js";
import { LadderRecorder, renderLadder } from "../ladder.js";
import { PcapWriter } from "../pcap.js";

export async function demo(opts: { pcap?: string; absolute?: boolean } = {}): Promise<string> {
  const sim = new Simulation({ seed: 1, latencyMs: 1 });
  const client = sim.addStack({ name: "client", mac: "02:00:00:00:00:01", ip: "10.0.0.1", seed: 11 });
  const server = sim.addStack({ name: "server", mac: "02:00:00:00:00:02", ip: "10.0.0.2", seed: 22 });
  const pcap = new PcapWriter();
  const ladder = new LadderRecorder(client, server);
  sim.link.observe((o) => { if (o.to !== o.from) ladder.observe(o); });
  sim.link.observe((o) => { if (o.to === (o.from === "client" ? "server" : "client")) pcap.add(o.ms, o.frame); });

  let reply = "";
  let closed = 0;
  server.createServer((sock) => {
    let msg = "";
    sock.on("data", (d) => { msg += d; });
    sock.on("end", () => sock.end(`hello, ${msg.trim()}!\n`));
    sock.on("close", () => closed++);
  }).listen(5555);
  const sock = client.createConnection(5555, "10.0.0.2", () => sock.end("client\n"));
  sock.on("data", (d) => { reply += d; });
  sock.on("close", () => closed++);

  await sim.run({ until: () => closed === 2, maxMs: 60_000 });
  await sim.run({ maxMs: 120_000 }); // TIME-WAIT runs out
  const lines = [renderLadder(ladder, { absolute: opts.absolute }), "", `client read: ${JSON.stringify(reply)}`,
    `connections left: client ${client.core.inUse()}, server ${server.core.inUse()} (after ${(sim.clock.now() / 1000).toFixed(3)} s of virtual time)`];
  if (opts.pcap) { writeFileSync(opts.pcap, pcap.bytes()); lines.push(`wrote ${opts.pcap}`); }
  return lines.join("\n");
}

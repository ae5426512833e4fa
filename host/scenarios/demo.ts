// The main job (`npm start`, `wasmtcp demo`) as a scenario, so it is told like the catalogue's cases: a
// client connects, sends a line and half-closes; the server answers and closes; TIME_WAIT runs out.
import { State } from "../abi.js";
import type { Scenario } from "./types.js";
import { opened } from "./common.js";

const decode = (b: Uint8Array | number) => (typeof b === "number" ? "" : new TextDecoder().decode(b));

export const demo: Scenario = {
  name: "demo",
  title: "Two stacks in one process: handshake, a request and its answer, close",
  explanation: "The client connects (SYN, SYN-ACK, ACK), writes one line and shuts down its sending side, so its FIN " +
    "follows the data. The server reads the line and end of stream, writes its answer and closes at once, so the ACK of " +
    "the client's FIN, the answer and the server's FIN reach the client in the same millisecond: FIN_WAIT_2, then " +
    "TIME_WAIT, and the answer is read there. Having closed first, the client waits in TIME_WAIT for 2*MSL " +
    "(60 s, in virtual time) before both stacks hold no connection at all.",
  async run(ctx) {
    const { client, server, c, s } = await opened(ctx, undefined, 5555);
    ctx.send(client, c, "client\n");
    ctx.shutdown(client, c);
    await ctx.untilState(server, s, State.CLOSE_WAIT);
    const got = decode(ctx.recv(server, s));
    ctx.send(server, s, `hello, ${got.trim()}!\n`);
    ctx.close(server, s);
    await ctx.untilState(client, c, State.TIME_WAIT);
    ctx.fact("client read", JSON.stringify(decode(ctx.recv(client, c))));
    ctx.close(client, c);
    await ctx.settle();
    ctx.fact("connections left", `client ${client.core.inUse()}, server ${server.core.inUse()} (after ${(ctx.now / 1000).toFixed(3)} s of virtual time)`);
  },
};

// A Stack with Node's net API on top: createServer and createConnection give net.Server- and
// net.Socket-compatible objects (Node streams), so http, pipeline and other net code run unchanged.
import "./wasm-files.js";
import { Stack } from "../stack.js";
import { Simulation as NeutralSimulation, type SimulationOptions } from "../sim.js";
import { Socket, type SocketOptions } from "./socket.js";
import { Server } from "./server.js";

export class NodeStack extends Stack {
  /** net.createServer([options][, listener]) on this stack. */
  createServer(optsOrListener?: { allowHalfOpen?: boolean } | ((s: Socket) => void), listener?: (s: Socket) => void): Server {
    if (typeof optsOrListener === "function") return new Server(this, optsOrListener);
    return new Server(this, listener, optsOrListener);
  }

  /** net.createConnection(port, host, cb) over this stack. */
  createConnection(port: number, host: string, cb?: () => void, opts: SocketOptions = {}): Socket {
    return new Socket({ ...opts, stack: this }).connect(port, host, cb);
  }
}

/** A simulation whose stacks are NodeStacks. */
export class Simulation extends NeutralSimulation<NodeStack> {
  constructor(opts: Omit<SimulationOptions<NodeStack>, "makeStack"> = {}) {
    super({ ...opts, makeStack: (o) => new NodeStack(o) });
  }
}

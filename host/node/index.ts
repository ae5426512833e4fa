/**
 * wasmtcp's Node entry: everything of the platform-neutral one (`wasmtcp/browser`), plus builds read
 * from the package's files, net-compatible sockets (NodeStack's createServer and createConnection, so
 * http and pipeline work over the stack) and TapLink to a Linux TAP device.
 * @module wasmtcp
 */
import "./wasm-files.js";
import { createStackWith, type CreateStackOptions } from "../create.js";
import { NodeStack } from "./stack.js";

export * from "../index.js";
export { NodeStack, Simulation } from "./stack.js";
export { Socket, type SocketOptions } from "./socket.js";
export { Server } from "./server.js";
export { TapLink } from "./tap-link.js";
export { wasmPath } from "./wasm-files.js";

/** A stack on `o.link` at `o.ip`, with Node's net API besides the web-stream one. */
export function createStack(o: CreateStackOptions): Promise<NodeStack> {
  return createStackWith((so) => new NodeStack(so), o);
}

/**
 * wasmtcp's platform-neutral entry (browsers, workers, Node without the Node layer): web streams and
 * fetch, no Node module. `import "wasmtcp"` in a browser or a bundler's browser build gives this, as
 * does `import "wasmtcp/browser"` anywhere; Node gets the `wasmtcp` entry, which adds net, files and TAP.
 * @module wasmtcp/browser
 */
export { createStack, type CreateStackOptions } from "./create.js";
export { Stack, type StackOptions, type Link, type LinkPort, type Endpoint } from "./stack.js";
export { TcpSocket, type TcpError } from "./tcp-socket.js";
export { TcpListener } from "./tcp-listener.js";
export { UdpSocket, type RemoteInfo } from "./udp-socket.js";
export { VirtualLink, type LinkOptions, type Port, type Faults, type DropRule, type Observation } from "./link.js";
export { VirtualSwitch } from "./switch.js";
export { StreamLink } from "./stream-link.js";
export { TunLink } from "./tun-link.js";
export { WebSocketLink, type WebSocketLike } from "./websocket-link.js";
export { RealClock, VirtualClock, type Clock } from "./clock.js";
export { Simulation, type SimulationOptions } from "./sim.js";
export { Core, type Exports, fetchModule, registerModule, loadModule, moduleNamed, wasmUrl, type CoreHooks, type CoreConfig } from "./core.js";
export { PcapWriter } from "./pcap.js";
export { PcapngWriter } from "./pcapng.js";
export { State, Err, Ev, Opt, Shut, stateName, errName } from "./abi.js";
export { decodeFrame, describeFrame, type Seen } from "./frame.js";
export type { TcpOption } from "./script/ast.js";
export type { Listener } from "./emitter.js";
export { scenarios, findScenario } from "./scenarios/registry.js";
export { runScenario, type ScenarioRun } from "./scenarios/runner.js";
export type * from "./scenarios/types.js";
export type { ScenarioContext, ScenarioOptions, TcpSpec } from "./scenarios/context.js";
export type { RawPort } from "./scenarios/raw.js";
export { renderSvg } from "./svg.js";

// wasmtcp's platform-neutral entry (browsers, workers, Deno, Node without the Node layer): web
// streams, EventTarget-free emitters and fetch; no Node module. `import "wasmtcp"` in a browser (or a
// bundler's browser build) gives this; Node gets host/node/index.ts, which adds net, files and TAP.
export { createStack, type CreateStackOptions } from "./create.js";
export { Stack, type StackOptions, type Link, type LinkPort, type Endpoint } from "./stack.js";
export { TcpSocket, type TcpError } from "./tcp-socket.js";
export { TcpListener } from "./tcp-listener.js";
export { VirtualLink, type LinkOptions, type Port, type Faults, type DropRule, type Observation } from "./link.js";
export { VirtualSwitch } from "./switch.js";
export { StreamLink } from "./stream-link.js";
export { WebSocketLink, type WebSocketLike } from "./websocket-link.js";
export { RealClock, VirtualClock, type Clock } from "./clock.js";
export { Simulation } from "./sim.js";
export { Core, fetchModule, registerModule, loadModule, moduleNamed, wasmUrl, type CoreHooks, type CoreConfig } from "./core.js";
export { PcapWriter } from "./pcap.js";
export { State, Err, Ev, Opt, Shut, stateName, errName } from "./abi.js";
export { decodeFrame, describeFrame, type Seen } from "./frame.js";
export { scenarios, findScenario } from "./scenarios/registry.js";
export { runScenario, type ScenarioRun } from "./scenarios/runner.js";
export { renderSvg } from "./svg.js";

// The scripted peer lives in host/node/peer.ts (a harness piece other suites and tools can use too).
export * from "../../../host/node/peer.js";

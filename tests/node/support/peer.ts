// The scripted peer lives in host/peer.ts (a harness piece other suites and tools can use too).
export * from "../../../host/peer.js";

// SYN floods as an attacker sends them, in virtual time (host/flood.ts): forged SYNs against one port
// while real clients connect to it and to another port, and the application connects out.
import test from "node:test";
import assert from "node:assert/strict";
import "../../host/node/wasm-files.js";
import { runFlood } from "../../host/flood.js";

for (const build of ["wasmtcp.wasm", "wasmtcp-large.wasm"]) {
  test(`LISTEN_10000SynsPerSecond_${build}_realClientsAndConnectsGetIn`, () => {
    const r = runFlood({ build, spoofed: 5000, rate: 10_000, clients: 10, connects: 5 });
    assert.ok(r.floodedWithin3s >= 0.95 * r.clients, `flooded port: ${r.floodedWithin3s} of ${r.clients} within 3 s`);
    assert.equal(r.otherWithin3s, r.clients, "the other port");
    assert.equal(r.connectsOk, r.connects, "the application's connects");
    assert.ok(r.stats.tcp_syncookies_sent >= 4900, `cookies sent: ${r.stats.tcp_syncookies_sent}`);
  });
}

test("LISTEN_oneForgedSynPerSecond_defaultBuild_clientsNotKeptOut", () => {
  // Before cookies, one SYN a second kept every real client of the port out for as long as it was sent.
  const r = runFlood({ spoofed: 20, rate: 1, clients: 5, connects: 2 });
  assert.equal(r.floodedWithin3s, r.clients);
  assert.ok(r.floodedMedianMs <= 3, `median ${r.floodedMedianMs} ms`);
});

test("LISTEN_tenForgedSynsPerSecond_largeBuild_otherPortAndConnectsUnaffected", () => {
  // Before, ten SYNs a second took all 64 slots of the large build within 7 s.
  const r = runFlood({ build: "wasmtcp-large.wasm", spoofed: 200, rate: 10, clients: 5, connects: 5 });
  assert.equal(r.otherWithin3s, r.clients);
  assert.equal(r.connectsOk, r.connects);
  assert.equal(r.floodedWithin3s, r.clients);
});

test("LISTEN_floodWithCookiesOff_oldestEvictedClientsStillGetIn", () => {
  const r = runFlood({ build: "wasmtcp-nocookies.wasm", spoofed: 20, rate: 1, clients: 5, connects: 2 });
  assert.equal(r.floodedWithin3s, r.clients);
  assert.equal(r.connectsOk, r.connects);
  assert.ok(r.stats.tcp_half_open_evicted > 0);
});

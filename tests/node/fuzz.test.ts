// The fuzzer (host/fuzz.ts) in CI: a short seeded run per build, and a saved episode replays exactly.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import "../../host/node/wasm-files.js";
import { runFuzz, replay, episodeToJson, episodeFromJson, type Episode } from "../../host/fuzz.js";

const regressions = new URL("../../../tests/fuzz-regressions/", import.meta.url);

for (const build of ["wasmtcp.wasm", "wasmtcp-large.wasm", "wasmtcp-nocookies.wasm"]) {
  test(`fuzz_${build}_20000SeededFrames_noTrapNoGrowthInvariantsHold`, () => {
    const r = runFuzz({ build, seed: 12, frames: 20_000 });
    assert.equal(r.failure, undefined, r.failure && `step ${r.failure.step} of episode seed ${r.failure.seed}: ${r.failure.reason}`);
    assert.equal(r.frames, 20_000);
    assert.ok(r.episodes >= 10);
  });
}

/** The counters of one seeded run, summed over its episodes: run once, for the tests of what it reaches. */
let reachedSum: Record<string, number> | undefined;
function reachRun(): Record<string, number> {
  if (reachedSum) return reachedSum;
  const sum: Record<string, number> = {};
  const r = runFuzz({ seed: 3, frames: 20_000, onEpisode: (s) => { for (const [k, v] of Object.entries(s)) sum[k] = (sum[k] ?? 0) + v; } });
  assert.equal(r.failure, undefined, r.failure && `step ${r.failure.step} of episode seed ${r.failure.seed}: ${r.failure.reason}`);
  return (reachedSum = sum);
}

test("fuzz_dnsAndMdnsFrames_reachAnswersConflictsAndEveryDropReason", () => {
  // The structure-aware DNS and mDNS steps (host/fuzz-dns.ts) must get past the checks as well as fail them.
  const sum = reachRun();
  const reached = ["dns_queries", "dns_retries", "dns_answers", "dns_not_found", "dns_server_failures", "dns_timeouts",
    "dns_truncated", "mdns_queries",
    "mdns_probes", "mdns_announcements", "mdns_answers", "mdns_conflicts", "drop_dns_short", "drop_dns_malformed",
    "drop_dns_source", "drop_dns_id", "drop_dns_question", "drop_mdns_malformed", "drop_mdns_off_link"];
  assert.deepEqual(reached.filter((k) => !(sum[k] > 0)), [], "counters the run never moved");
});

test("fuzz_dhcpFrames_reachOverloadConflictsAndDropReasons", () => {
  // The DHCP steps (replies with options lent to file and sname, ARP claiming the client's address,
  // dhcp_reboot) must get past the checks as well as fail them.
  const sum = reachRun();
  const reached = ["dhcp_offers", "dhcp_acks", "dhcp_naks", "dhcp_declines", "dhcp_leases_lost", "dhcp_conflicts", "dhcp_defences",
    "drop_dhcp_malformed", "drop_dhcp_not_ours", "drop_dhcp_unexpected", "drop_dhcp_overload_value", "drop_dhcp_overload_field"];
  assert.deepEqual(reached.filter((k) => !(sum[k] > 0)), [], "counters the run never moved");
});

test("fuzz_savedEpisode_replaysToTheSameFailingStep", () => {
  const ep: Episode = { build: "wasmtcp.wasm", seed: 5, ops: [
    { k: "call", fn: "tcp_listen", args: [80, 4] },
    { k: "frame", data: new Uint8Array(60) },
    { k: "time", ms: 1000 },
    { k: "call", fn: "no_such_export", args: [] },
    { k: "time", ms: 1 },
  ] };
  const back = episodeFromJson(episodeToJson(ep));
  assert.deepEqual(back, ep);
  const r = replay(back);
  assert.equal(r?.step, 3);
  assert.match(r!.reason, /^trap: /);
  assert.equal(replay({ ...ep, ops: ep.ops.slice(0, 3) }), null);
});

// Every failure a long fuzz run found, saved as it failed: it must now run to its end with every invariant held.
for (const file of readdirSync(regressions).filter((f) => f.endsWith(".json")).sort()) {
  test(`fuzz_regression_${file.replace(/\.json$/, "")}_replaysWithoutFailure`, () => {
    const ep = episodeFromJson(readFileSync(new URL(file, regressions), "utf8"));
    assert.equal(replay(ep), null);
  });
}

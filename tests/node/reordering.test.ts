// Reordering without loss (issue target: spurious retransmissions under 1% of the segments sent). The link
// reorders as netem does with "reorder 10% delay 20ms": a tenth of the frames, in each direction, go at
// once and overtake those waiting out the 20 ms. Virtual time and fixed seeds make every figure exact.
import test from "node:test";
import assert from "node:assert/strict";
import { Pair, transfer } from "./support/pair.js";

const MiB = 1 << 20;

for (const build of ["wasmtcp.wasm", "wasmtcp-large.wasm"]) {
  test(`ESTABLISHED_4MiBThroughNetemReorder10pctDelay20ms_${build.replace(".wasm", "")}_spuriousRetransmissionsUnder1pctOfSegments`, (t) => {
    const pair = new Pair({ reorder: 0.1, delayMs: 20, netem: true, seed: 1 }, build);
    const [r] = transfer(pair, 4 * MiB, 0);
    assert.equal(r.receivedHash, r.sentHash);
    const a = pair.statsA(), b = pair.statsB();
    assert.ok(b.tcp_ooo_segments > 0, "the link really reordered");
    t.diagnostic(`${build}: ${b.tcp_ooo_segments} segments arrived out of order`);
    const segments = pair.dataSegments.get(pair.a)!;
    // No frame is lost: every retransmission (fast, probe or timeout) was spurious.
    const pct = 100 * a.tcp_retransmits / segments;
    t.diagnostic(`${build}: ${a.tcp_retransmits} retransmissions in ${segments} data segments (${pct.toFixed(2)}%), ${a.tcp_spurious_retransmits} found spurious, ${a.tcp_undos} undos, ${r.virtualMs} ms`);
    assert.ok(pct < 1, `${pct.toFixed(2)}% of segments retransmitted`);
    assert.equal(a.tcp_rto_timeouts, 0);
  });
}

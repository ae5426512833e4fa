// Byte rings (assembly/storage/ring.ts) and out-of-order range tracking (assembly/tcp/reass.ts).
import { ringWrite, ringRead } from "../../assembly/storage/ring";
import { reassAdd, reassPull } from "../../assembly/tcp/reass";
import { Tcb, tcbAlloc, tcbResetAll, oooRanges } from "../../assembly/tcp/tcb";
import { TCP_OOO_RANGES } from "../../assembly/config";
import { BUF, BUF2, pattern, u8at } from "./helpers";

const CAP: u32 = 16;
const RING: usize = memory.data(32); // 16 bytes of ring, then 16 guard bytes

function ringClear(): void { memory.fill(RING, 0, 32); }

describe("ring", () => {
  test("ringWrite_acrossWrapPoint_splitsAtEnd", () => {
    ringClear();
    pattern(BUF, 8, 1); // 1, 8, 15, ...
    ringWrite(RING, CAP, 12, BUF, 8);
    for (let i = 0; i < 4; i++) expect<u32>(u8at(RING, 12 + i)).toBe(u8at(BUF, i), "tail byte " + i.toString());
    for (let i = 0; i < 4; i++) expect<u32>(u8at(RING, i)).toBe(u8at(BUF, 4 + i), "head byte " + i.toString());
    for (let i = 4; i < 12; i++) expect<u32>(u8at(RING, i)).toBe(0, "untouched byte " + i.toString());
    for (let i = 16; i < 32; i++) expect<u32>(u8at(RING, i)).toBe(0, "guard byte " + i.toString());
  });

  test("ringRead_acrossWrapPoint_joinsBothParts", () => {
    ringClear();
    pattern(BUF, 8, 3);
    ringWrite(RING, CAP, 13, BUF, 8);
    memory.fill(BUF2, 0xee, 16);
    ringRead(RING, CAP, 13, BUF2, 8);
    for (let i = 0; i < 8; i++) expect<u32>(u8at(BUF2, i)).toBe(u8at(BUF, i), "byte " + i.toString());
    expect<u32>(u8at(BUF2, 8)).toBe(0xee);
  });

  test("ringWrite_endingExactlyAtEnd_doesNotWrap", () => {
    ringClear();
    pattern(BUF, 8, 9);
    ringWrite(RING, CAP, 8, BUF, 8);
    expect<u32>(u8at(RING, 15)).toBe(u8at(BUF, 7));
    expect<u32>(u8at(RING, 0)).toBe(0);
    expect<u32>(u8at(RING, 16)).toBe(0);
  });

  test("ringWrite_logicalOffsetBeyondCapacity_masked", () => {
    ringClear();
    pattern(BUF, 4, 5);
    ringWrite(RING, CAP, 16 * 1000 + 3, BUF, 4);
    expect<u32>(u8at(RING, 3)).toBe(u8at(BUF, 0));
    expect<u32>(u8at(RING, 6)).toBe(u8at(BUF, 3));
  });

  test("ringWriteRead_offsetAcrossU32Wrap_roundTrips", () => {
    // Logical offsets are u32 and wrap with the sequence space; 0xfffffffe masks to 14.
    ringClear();
    pattern(BUF, 6, 11);
    ringWrite(RING, CAP, 0xfffffffe, BUF, 6);
    expect<u32>(u8at(RING, 14)).toBe(u8at(BUF, 0));
    expect<u32>(u8at(RING, 15)).toBe(u8at(BUF, 1));
    expect<u32>(u8at(RING, 0)).toBe(u8at(BUF, 2));
    expect<u32>(u8at(RING, 3)).toBe(u8at(BUF, 5));
    memory.fill(BUF2, 0, 8);
    ringRead(RING, CAP, 0xfffffffe + 0, BUF2, 6);
    for (let i = 0; i < 6; i++) expect<u32>(u8at(BUF2, i)).toBe(u8at(BUF, i));
  });

  test("ringWriteRead_fullCapacityFromMiddle_roundTrips", () => {
    ringClear();
    pattern(BUF, 16, 2);
    ringWrite(RING, CAP, 5, BUF, 16);
    expect<u32>(u8at(RING, 5)).toBe(u8at(BUF, 0));
    expect<u32>(u8at(RING, 4)).toBe(u8at(BUF, 15));
    memory.fill(BUF2, 0, 16);
    ringRead(RING, CAP, 5, BUF2, 16);
    for (let i = 0; i < 16; i++) expect<u32>(u8at(BUF2, i)).toBe(u8at(BUF, i));
    for (let i = 16; i < 32; i++) expect<u32>(u8at(RING, i)).toBe(0, "guard byte " + i.toString());
  });

  test("ringWrite_zeroLength_noChange", () => {
    ringClear();
    ringWrite(RING, CAP, 15, BUF, 0);
    for (let i = 0; i < 32; i++) expect<u32>(u8at(RING, i)).toBe(0);
  });
});

// ---- reassembly ----

function fresh(): Tcb {
  tcbResetAll();
  return changetype<Tcb>(tcbAlloc());
}
function rs(t: Tcb, i: i32): u32 { return load<u32>(oooRanges(t) + (<usize>i << 3)); }
function re(t: Tcb, i: i32): u32 { return load<u32>(oooRanges(t) + (<usize>i << 3) + 4); }
function expectRange(t: Tcb, i: i32, s: u32, e: u32): void {
  expect<u32>(rs(t, i)).toBe(s, "start of range " + i.toString());
  expect<u32>(re(t, i)).toBe(e, "end of range " + i.toString());
}

describe("reass", () => {
  test("tcbAlloc_afterResetAll_noRanges", () => {
    const t = fresh();
    expect<bool>(changetype<usize>(t) != 0).toBe(true);
    expect<i32>(t.ooo_count).toBe(0);
    expect<u32>(reassPull(t, 1234)).toBe(1234);
  });

  test("reassAdd_single_recorded", () => {
    const t = fresh();
    expect<bool>(reassAdd(t, 100, 200)).toBe(true);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 100, 200);
  });

  test("reassAdd_outOfOrderInsertions_keptSorted", () => {
    const t = fresh();
    expect<bool>(reassAdd(t, 300, 400)).toBe(true);
    expect<bool>(reassAdd(t, 100, 200)).toBe(true);
    expect<bool>(reassAdd(t, 500, 600)).toBe(true);
    expect<bool>(reassAdd(t, 220, 250)).toBe(true);
    expect<i32>(t.ooo_count).toBe(4);
    expectRange(t, 0, 100, 200);
    expectRange(t, 1, 220, 250);
    expectRange(t, 2, 300, 400);
    expectRange(t, 3, 500, 600);
  });

  test("reassAdd_overlappingRight_merged", () => {
    const t = fresh();
    reassAdd(t, 100, 200);
    expect<bool>(reassAdd(t, 150, 250)).toBe(true);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 100, 250);
  });

  test("reassAdd_overlappingLeft_merged", () => {
    const t = fresh();
    reassAdd(t, 100, 200);
    expect<bool>(reassAdd(t, 50, 150)).toBe(true);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 50, 200);
  });

  test("reassAdd_contained_unchanged", () => {
    const t = fresh();
    reassAdd(t, 100, 200);
    expect<bool>(reassAdd(t, 120, 130)).toBe(true);
    expect<bool>(reassAdd(t, 100, 200)).toBe(true);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 100, 200);
  });

  test("reassAdd_containing_widened", () => {
    const t = fresh();
    reassAdd(t, 120, 130);
    expect<bool>(reassAdd(t, 100, 200)).toBe(true);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 100, 200);
  });

  test("reassAdd_adjacentAfter_merged", () => {
    const t = fresh();
    reassAdd(t, 100, 200);
    expect<bool>(reassAdd(t, 200, 300)).toBe(true);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 100, 300);
  });

  test("reassAdd_adjacentBefore_merged", () => {
    const t = fresh();
    reassAdd(t, 200, 300);
    expect<bool>(reassAdd(t, 100, 200)).toBe(true);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 100, 300);
  });

  test("reassAdd_oneByteGap_notMerged", () => {
    const t = fresh();
    reassAdd(t, 100, 200);
    expect<bool>(reassAdd(t, 201, 300)).toBe(true);
    expect<bool>(reassAdd(t, 50, 99)).toBe(true);
    expect<i32>(t.ooo_count).toBe(3);
    expectRange(t, 0, 50, 99);
    expectRange(t, 1, 100, 200);
    expectRange(t, 2, 201, 300);
  });

  test("reassAdd_fillingGapExactly_mergesNeighbours", () => {
    const t = fresh();
    reassAdd(t, 100, 200);
    reassAdd(t, 300, 400);
    reassAdd(t, 500, 600);
    expect<bool>(reassAdd(t, 200, 300)).toBe(true);
    expect<i32>(t.ooo_count).toBe(2);
    expectRange(t, 0, 100, 400);
    expectRange(t, 1, 500, 600);
  });

  test("reassAdd_spanningSeveral_swallowsThem", () => {
    const t = fresh();
    reassAdd(t, 100, 200);
    reassAdd(t, 300, 400);
    reassAdd(t, 500, 600);
    reassAdd(t, 700, 800);
    expect<bool>(reassAdd(t, 150, 550)).toBe(true);
    expect<i32>(t.ooo_count).toBe(2);
    expectRange(t, 0, 100, 600);
    expectRange(t, 1, 700, 800);
  });

  test("reassAdd_spanningAllFromBefore_oneRange", () => {
    const t = fresh();
    reassAdd(t, 100, 200);
    reassAdd(t, 300, 400);
    reassAdd(t, 500, 600);
    expect<bool>(reassAdd(t, 50, 700)).toBe(true);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 50, 700);
  });

  test("reassAdd_beyondRangeLimit_returnsFalseUnchanged", () => {
    const t = fresh();
    for (let i = 0; i < TCP_OOO_RANGES; i++) {
      expect<bool>(reassAdd(t, <u32>(1000 + i * 100), <u32>(1050 + i * 100))).toBe(true);
    }
    expect<i32>(t.ooo_count).toBe(TCP_OOO_RANGES);
    // A new disjoint range after, before, and between the others: no slot.
    expect<bool>(reassAdd(t, 5000, 5010)).toBe(false);
    expect<bool>(reassAdd(t, 10, 20)).toBe(false);
    expect<bool>(reassAdd(t, 1060, 1070)).toBe(false);
    expect<i32>(t.ooo_count).toBe(TCP_OOO_RANGES);
    for (let i = 0; i < TCP_OOO_RANGES; i++) expectRange(t, i, <u32>(1000 + i * 100), <u32>(1050 + i * 100));
  });

  test("reassAdd_atRangeLimitOverlapping_stillMerges", () => {
    const t = fresh();
    for (let i = 0; i < TCP_OOO_RANGES; i++) reassAdd(t, <u32>(1000 + i * 100), <u32>(1050 + i * 100));
    expect<bool>(reassAdd(t, 1040, 1060)).toBe(true);
    expect<bool>(reassAdd(t, 1050 + (TCP_OOO_RANGES - 1) * 100, 9000)).toBe(true); // adjacent to the last
    expect<i32>(t.ooo_count).toBe(TCP_OOO_RANGES);
    expectRange(t, 0, 1000, 1060);
    expectRange(t, TCP_OOO_RANGES - 1, <u32>(1000 + (TCP_OOO_RANGES - 1) * 100), 9000);
    // Bridging two frees a slot for a disjoint one.
    expect<bool>(reassAdd(t, 1060, 1100)).toBe(true);
    expect<i32>(t.ooo_count).toBe(TCP_OOO_RANGES - 1);
    expect<bool>(reassAdd(t, 10, 20)).toBe(true);
    expectRange(t, 0, 10, 20);
    expectRange(t, 1, 1000, 1150);
  });

  test("reassPull_rcvNxtBeforeFirstRange_nothingConsumed", () => {
    const t = fresh();
    reassAdd(t, 200, 300);
    expect<u32>(reassPull(t, 199)).toBe(199);
    expect<i32>(t.ooo_count).toBe(1);
  });

  test("reassPull_rcvNxtReachesRange_advancesToItsEnd", () => {
    const t = fresh();
    reassAdd(t, 200, 300);
    reassAdd(t, 400, 500);
    expect<u32>(reassPull(t, 200)).toBe(300);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 400, 500);
  });

  test("reassPull_rcvNxtInsideRange_advancesToItsEnd", () => {
    const t = fresh();
    reassAdd(t, 200, 300);
    expect<u32>(reassPull(t, 250)).toBe(300);
    expect<i32>(t.ooo_count).toBe(0);
  });

  test("reassPull_rangeEntirelyBelowRcvNxt_droppedNoRewind", () => {
    const t = fresh();
    reassAdd(t, 200, 300);
    reassAdd(t, 400, 500);
    expect<u32>(reassPull(t, 350)).toBe(350);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 400, 500);
  });

  test("reassPull_coversSeveralRanges_consumesAllReached", () => {
    const t = fresh();
    reassAdd(t, 200, 300);
    reassAdd(t, 310, 400);
    reassAdd(t, 500, 600);
    expect<u32>(reassPull(t, 320)).toBe(400);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 500, 600);
    expect<u32>(reassPull(t, 500)).toBe(600);
    expect<i32>(t.ooo_count).toBe(0);
  });

  test("reassPull_holeRemains_stopsAtHole", () => {
    const t = fresh();
    reassAdd(t, 200, 300);
    reassAdd(t, 310, 400);
    expect<u32>(reassPull(t, 200)).toBe(300);
    expect<i32>(t.ooo_count).toBe(1);
    expect<u32>(reassPull(t, 310)).toBe(400);
    expect<i32>(t.ooo_count).toBe(0);
  });

  test("reassAdd_acrossSequenceWrap_sortedAndMerged", () => {
    const t = fresh();
    expect<bool>(reassAdd(t, 0x20, 0x30)).toBe(true);
    expect<bool>(reassAdd(t, 0xfffffff0, 0x10)).toBe(true);
    expect<bool>(reassAdd(t, 0xffffffe0, 0xffffffe8)).toBe(true);
    expect<i32>(t.ooo_count).toBe(3);
    expectRange(t, 0, 0xffffffe0, 0xffffffe8);
    expectRange(t, 1, 0xfffffff0, 0x10);
    expectRange(t, 2, 0x20, 0x30);
    expect<bool>(reassAdd(t, 0x10, 0x20)).toBe(true);
    expect<i32>(t.ooo_count).toBe(2);
    expectRange(t, 1, 0xfffffff0, 0x30);
    expect<bool>(reassAdd(t, 0xffffffe8, 0xfffffff0)).toBe(true);
    expect<i32>(t.ooo_count).toBe(1);
    expectRange(t, 0, 0xffffffe0, 0x30);
  });

  test("reassPull_acrossSequenceWrap_advancesPastZero", () => {
    const t = fresh();
    reassAdd(t, 0xfffffff0, 0x10);
    reassAdd(t, 0x20, 0x30);
    expect<u32>(reassPull(t, 0xffffffe0)).toBe(0xffffffe0);
    expect<u32>(reassPull(t, 0xfffffff8)).toBe(0x10);
    expect<i32>(t.ooo_count).toBe(1);
    expect<u32>(reassPull(t, 0x20)).toBe(0x30);
    expect<i32>(t.ooo_count).toBe(0);
  });

  test("reass_twoConnections_rangesIndependent", () => {
    tcbResetAll();
    const a = changetype<Tcb>(tcbAlloc());
    const b = changetype<Tcb>(tcbAlloc());
    expect<bool>(changetype<usize>(a) != changetype<usize>(b)).toBe(true);
    reassAdd(a, 100, 200);
    reassAdd(b, 5000, 6000);
    expect<i32>(a.ooo_count).toBe(1);
    expect<i32>(b.ooo_count).toBe(1);
    expectRange(a, 0, 100, 200);
    expectRange(b, 0, 5000, 6000);
  });
});

// Internet checksum (RFC 1071), the TCP pseudo-header sum, and 32-bit modular sequence comparisons.
import { csumAdd, csumAdd20, csumFinish, csumUpdate16, pseudoHeaderSum } from "../../assembly/wire/checksum";
import { seqLt, seqLeq, seqGt, seqGeq, seqMax, seqMin, seqInRange } from "../../assembly/wire/seq";
import { BUF, hex, pattern, refSum, refFinish, refChecksum, refPseudo } from "./helpers";

/** 128 KiB + 4: larger than any datagram, to drive the running sum past 2^32. */
const BIG: usize = memory.data(65538 * 2);

describe("checksum", () => {
  test("csumAdd_rfc1071Example_sumDdf2", () => {
    // RFC 1071 section 3: 0001 f203 f4f5 f6f7 sums to 2ddf0, folded ddf2, checksum 220d.
    const n = hex(BUF, "00 01 f2 03 f4 f5 f6 f7");
    const s = csumAdd(0, BUF, n);
    expect<u32>((s & 0xffff) + (s >> 16)).toBe(0xddf2);
    expect<u32>(csumFinish(s)).toBe(0x220d);
  });

  test("csumAdd_rfc1071ExampleWithChecksumAppended_verifiesToZero", () => {
    const n = hex(BUF, "00 01 f2 03 f4 f5 f6 f7 22 0d");
    expect<u32>(csumFinish(csumAdd(0, BUF, n))).toBe(0);
  });

  test("csumFinish_ipv4HeaderWithChecksumZeroed_givesB861", () => {
    // A widely published example header: 192.168.0.1 -> 192.168.0.199, UDP, checksum b861.
    hex(BUF, "45 00 00 73 00 00 40 00 40 11 00 00 c0 a8 00 01 c0 a8 00 c7");
    expect<u32>(csumFinish(csumAdd(0, BUF, 20))).toBe(0xb861);
  });

  test("csumFinish_ipv4HeaderWithItsChecksum_verifiesToZero", () => {
    hex(BUF, "45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7");
    expect<u32>(csumFinish(csumAdd(0, BUF, 20))).toBe(0);
  });

  test("csumAdd20_ipv4HeaderWithChecksumZeroed_givesB861LikeCsumAdd", () => {
    hex(BUF, "45 00 00 73 00 00 40 00 40 11 00 00 c0 a8 00 01 c0 a8 00 c7");
    expect<u32>(csumFinish(csumAdd20(0, BUF))).toBe(0xb861);
    hex(BUF, "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff fe");
    expect<u32>(csumFinish(csumAdd20(0x1ffff, BUF))).toBe(csumFinish(csumAdd(0x1ffff, BUF, 20)));
  });

  test("csumFinish_ipv4HeaderOneBitFlipped_doesNotVerify", () => {
    hex(BUF, "45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c6");
    expect<u32>(csumFinish(csumAdd(0, BUF, 20))).not.toBe(0);
  });

  test("csumAdd_oneByte_paddedWithZeroLow", () => {
    hex(BUF, "ab");
    expect<u32>(csumAdd(0, BUF, 1)).toBe(0xab00);
  });

  test("csumAdd_threeBytes_tailIsHighByte", () => {
    hex(BUF, "00 01 f2");
    expect<u32>(csumAdd(0, BUF, 3)).toBe(0xf201);
  });

  test("csumAdd_fiveAndSevenBytes_tailIsHighByte", () => {
    // 5 bytes: one 4-byte step, then the tail; 7: one 4-byte step, one 2-byte step, then the tail.
    hex(BUF, "00 01 f2 03 f4 f5 f6");
    expect<u32>(csumFinish(csumAdd(0, BUF, 5))).toBe(refFinish(<u64>0x0001 + 0xf203 + 0xf400));
    expect<u32>(csumFinish(csumAdd(0, BUF, 7))).toBe(refFinish(<u64>0x0001 + 0xf203 + 0xf4f5 + 0xf600));
  });

  test("csumAdd_zeroLength_returnsInitialSum", () => {
    expect<u32>(csumAdd(0x1234, BUF, 0)).toBe(0x1234);
  });

  test("csumAdd_everyLength0To80_matchesReference", () => {
    pattern(BUF, 80, 0xf7);
    for (let n = 0; n <= 80; n++) {
      expect<u32>(csumFinish(csumAdd(0, BUF, n))).toBe(refChecksum(BUF, n), "length " + n.toString());
    }
  });

  test("csumAdd_chainedOverEvenSplit_equalsWhole", () => {
    pattern(BUF, 61, 0x5a);
    const whole = csumFinish(csumAdd(0, BUF, 61));
    expect<u32>(csumFinish(csumAdd(csumAdd(0, BUF, 20), BUF + 20, 41))).toBe(whole);
    expect<u32>(csumFinish(csumAdd(csumAdd(csumAdd(0, BUF, 2), BUF + 2, 36), BUF + 38, 23))).toBe(whole);
  });

  test("csumAdd_allOnes1500Bytes_carriesFoldToZeroChecksum", () => {
    memory.fill(BUF, 0xff, 1500);
    // 750 words of ffff: a one's-complement "negative zero"; the checksum field would be 0.
    expect<u32>(csumFinish(csumAdd(0, BUF, 1500))).toBe(0);
    memory.fill(BUF, 0xfe, 1500);
    expect<u32>(csumFinish(csumAdd(0, BUF, 1500))).toBe(refChecksum(BUF, 1500));
  });

  test("csumAdd_largeInitialSum_carryFolded", () => {
    hex(BUF, "ff ff ff ff");
    const s = csumAdd(0xfffffff0, BUF, 4);
    expect<u32>(csumFinish(s)).toBe(refFinish(<u64>0xfffffff0 + 0xffff + 0xffff));
  });

  test("csumAdd_runningSumNear2pow33_foldsCarryTwice", () => {
    // 0xffffffff + (65537 words of ffff, then 0001) = 0x1_ffff_ffff: the first 32-bit fold gives
    // 0x1_0000_0000, which needs a second fold (to 1). Checksum ~1 = 0xfffe.
    memory.fill(BIG, 0xff, 65537 * 2);
    store<u8>(BIG + 65537 * 2, 0x00);
    store<u8>(BIG + 65537 * 2 + 1, 0x01);
    const n = 65538 * 2;
    expect<u32>(csumFinish(csumAdd(0xffffffff, BIG, n))).toBe(refFinish(refSum(0xffffffff, BIG, n)));
    expect<u32>(csumFinish(csumAdd(0xffffffff, BIG, n))).toBe(0xfffe);
  });

  test("csumAdd_everyLengthAndAlignmentTo200_matchesReference", () => {
    // The 32-, 8-, 4-, 2- and 1-byte steps at every start offset mod 8 (unaligned loads).
    pattern(BUF, 216, 0x3c);
    for (let off = 0; off < 8; off++) {
      for (let n = 0; n <= 200; n++) {
        expect<u32>(csumFinish(csumAdd(0, BUF + <usize>off, n))).toBe(refChecksum(BUF + <usize>off, n), "offset " + off.toString() + " length " + n.toString());
      }
    }
  });

  test("csumAdd_64KiBOfFf_matchesReference", () => {
    // A whole 16-bit length of 0xff bytes: the 64-bit accumulator holds every carry until the fold.
    memory.fill(BIG, 0xff, 65535);
    expect<u32>(csumFinish(csumAdd(7, BIG, 65535))).toBe(refFinish(refSum(7, BIG, 65535)));
  });

  test("csumAdd_initialSumFfffffff_endAroundCarry", () => {
    hex(BUF, "00 01");
    // 0xffffffff + 1 overflows 32 bits; the carry goes around: 0 + 1.
    expect<u32>(csumAdd(0xffffffff, BUF, 2)).toBe(1);
  });

  test("csumUpdate16_typeWordChanged_equalsFullRecompute", () => {
    // RFC 1624 3: an echo request turned into a reply, checksum updated from the old one alone.
    for (let n = 8; n < 70; n += 7) {
      pattern(BUF, n, <u32>n);
      store<u8>(BUF, 8); store<u8>(BUF + 1, 0); store<u16>(BUF + 2, 0);
      const hc = csumFinish(csumAdd(0, BUF, n));
      store<u8>(BUF, 0);
      expect<u32>(csumUpdate16(hc, 0x0800, 0x0000)).toBe(refChecksum(BUF, n), "length " + n.toString());
    }
  });

  test("csumUpdate16_rfc1624Example_givesZeroNotFfff", () => {
    // RFC 1624 3: HC = 0xdd2f, m = 0x5555 -> m' = 0x3285; eqn. 3 gives 0x0000 (eqn. 2 would give 0xffff).
    expect<u32>(csumUpdate16(0xdd2f, 0x5555, 0x3285)).toBe(0x0000);
  });

  test("csumFinish_zero_isFfff", () => {
    expect<u32>(csumFinish(0)).toBe(0xffff);
    expect<u32>(csumFinish(0xffff)).toBe(0);
    expect<u32>(csumFinish(0x1fffe)).toBe(0); // 0xfffe + 1
  });

  test("pseudoHeaderSum_fields_matchesTwelveByteHeader", () => {
    const src: u32 = 0xc0a80001;
    const dst: u32 = 0xc0a800c7;
    expect<u32>(pseudoHeaderSum(src, dst, 6, 20)).toBe(0xc0a8 + 0x0001 + 0xc0a8 + 0x00c7 + 6 + 20);
    expect<u32>(csumFinish(pseudoHeaderSum(src, dst, 6, 1480))).toBe(refFinish(refPseudo(src, dst, 6, 1480)));
    expect<u32>(csumFinish(pseudoHeaderSum(0xffffffff, 0xffffffff, 6, 65535)))
      .toBe(refFinish(refPseudo(0xffffffff, 0xffffffff, 6, 65535)));
  });

  test("pseudoHeaderSum_asInitialSum_equalsSummingHeaderThenSegment", () => {
    pattern(BUF, 33, 0x11);
    const expected = refFinish(refSum(refPseudo(0x0a000001, 0x0a000002, 6, 33), BUF, 33));
    expect<u32>(csumFinish(csumAdd(pseudoHeaderSum(0x0a000001, 0x0a000002, 6, 33), BUF, 33))).toBe(expected);
  });
});

describe("seq", () => {
  test("seqLt_acrossWrap_ffffffffBeforeZero", () => {
    expect<bool>(seqLt(0xffffffff, 0)).toBe(true);
    expect<bool>(seqLt(0, 0xffffffff)).toBe(false);
    expect<bool>(seqGt(0, 0xffffffff)).toBe(true);
    expect<bool>(seqGt(0xffffffff, 0)).toBe(false);
    expect<bool>(seqLt(0xfffffff0, 0x10)).toBe(true);
  });

  test("seqLt_equal_false", () => {
    expect<bool>(seqLt(5, 5)).toBe(false);
    expect<bool>(seqGt(5, 5)).toBe(false);
    expect<bool>(seqLeq(5, 5)).toBe(true);
    expect<bool>(seqGeq(5, 5)).toBe(true);
  });

  test("seqLeq_acrossWrap_orderedModulo", () => {
    expect<bool>(seqLeq(0xffffffff, 0)).toBe(true);
    expect<bool>(seqLeq(0, 0xffffffff)).toBe(false);
    expect<bool>(seqGeq(0, 0xffffffff)).toBe(true);
    expect<bool>(seqGeq(0xffffffff, 0)).toBe(false);
  });

  test("seqLt_distance2pow31Minus1_ordered", () => {
    // The largest distance with a defined order (RFC 1982): 2^31 - 1.
    expect<bool>(seqLt(0, 0x7fffffff)).toBe(true);
    expect<bool>(seqGt(0x7fffffff, 0)).toBe(true);
    expect<bool>(seqLt(0x80000000, 0xffffffff)).toBe(true);
    expect<bool>(seqLt(0x7fffffff, 0x80000000)).toBe(true); // across the sign boundary, distance 1
    expect<bool>(seqLt(0xc0000000, 0x3fffffff)).toBe(true); // distance 2^31 - 1 across 0
  });

  test("seqLt_distanceExactly2pow31_bothDirectionsLess", () => {
    // Undefined by RFC 1982; here a - b == 0x80000000 is negative either way, so both are "less".
    expect<bool>(seqLt(0, 0x80000000)).toBe(true);
    expect<bool>(seqLt(0x80000000, 0)).toBe(true);
    expect<bool>(seqGt(0, 0x80000000)).toBe(false);
    expect<bool>(seqGt(0x80000000, 0)).toBe(false);
  });

  test("seqMaxMin_acrossWrap_pickModularExtremes", () => {
    expect<u32>(seqMax(0xfffffff0, 0x10)).toBe(0x10);
    expect<u32>(seqMax(0x10, 0xfffffff0)).toBe(0x10);
    expect<u32>(seqMin(0xfffffff0, 0x10)).toBe(0xfffffff0);
    expect<u32>(seqMin(0x10, 0xfffffff0)).toBe(0xfffffff0);
    expect<u32>(seqMax(7, 7)).toBe(7);
  });

  test("seqInRange_edges_leftInclusiveRightExclusive", () => {
    expect<bool>(seqInRange(100, 100, 200)).toBe(true);
    expect<bool>(seqInRange(199, 100, 200)).toBe(true);
    expect<bool>(seqInRange(200, 100, 200)).toBe(false);
    expect<bool>(seqInRange(99, 100, 200)).toBe(false);
  });

  test("seqInRange_acrossWrap_edges", () => {
    const a: u32 = 0xfffffff0;
    const b: u32 = 0x10;
    expect<bool>(seqInRange(a, a, b)).toBe(true);
    expect<bool>(seqInRange(0xffffffff, a, b)).toBe(true);
    expect<bool>(seqInRange(0, a, b)).toBe(true);
    expect<bool>(seqInRange(0x0f, a, b)).toBe(true);
    expect<bool>(seqInRange(0x10, a, b)).toBe(false);
    expect<bool>(seqInRange(0xffffffef, a, b)).toBe(false);
    expect<bool>(seqInRange(0x80000000, a, b)).toBe(false);
  });

  test("seqInRange_emptyRange_alwaysFalse", () => {
    expect<bool>(seqInRange(100, 100, 100)).toBe(false);
    expect<bool>(seqInRange(99, 100, 100)).toBe(false);
    expect<bool>(seqInRange(0, 0, 0)).toBe(false);
  });
});

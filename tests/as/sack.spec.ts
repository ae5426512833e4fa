// SACK blocks (RFC 2018 3) as tcpParse reports them in seg_sack_count / SEG_SACK.
import { Stat } from "../../assembly/iface/stats";
import { tcpParse, seg_sack_count, SEG_SACK, ACK } from "../../assembly/wire/tcp";
import { BUF, tcpSeg, SRC_IP, DST_IP } from "./helpers";

function parse(len: i32): i32 { return tcpParse(BUF, len, SRC_IP, DST_IP); }
function left(i: i32): u32 { return load<u32>(SEG_SACK + (<usize>i << 3)); }
function right(i: i32): u32 { return load<u32>(SEG_SACK + (<usize>i << 3) + 4); }

describe("tcpParse SACK blocks", () => {
  test("tcpParse_oneSackBlock_read", () => {
    expect<i32>(parse(tcpSeg(BUF, "01 01 05 0a 00 00 10 00 00 00 20 00", 0, ACK))).toBe(Stat.NONE);
    expect<i32>(seg_sack_count).toBe(1);
    expect<u32>(left(0)).toBe(0x1000);
    expect<u32>(right(0)).toBe(0x2000);
  });

  test("tcpParse_fourSackBlocks_allRead", () => {
    // 2 + 4 * 8 = 34 bytes, with two NOPs: a 36-byte option area.
    const n = tcpSeg(BUF, "01 01 05 22"
      + " 00 00 00 01 00 00 00 02  00 00 00 03 00 00 00 04"
      + " 00 00 00 05 00 00 00 06  ff ff ff f0 00 00 00 10", 0, ACK);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<i32>(seg_sack_count).toBe(4);
    expect<u32>(left(0)).toBe(1);
    expect<u32>(right(1)).toBe(4);
    expect<u32>(left(3)).toBe(0xfffffff0);
    expect<u32>(right(3)).toBe(0x10);
  });

  test("tcpParse_sackLengthNotTwoPlus8n_ignored", () => {
    expect<i32>(parse(tcpSeg(BUF, "05 0c 00 00 10 00 00 00 20 00 00 00", 0, ACK))).toBe(Stat.NONE);
    expect<i32>(seg_sack_count).toBe(0);
    expect<i32>(parse(tcpSeg(BUF, "01 01 05 02", 0, ACK))).toBe(Stat.NONE);
    expect<i32>(seg_sack_count).toBe(0);
  });

  test("tcpParse_sackOverrunningHeader_dropsOptions", () => {
    expect<i32>(parse(tcpSeg(BUF, "01 01 05 12 00 00 10 00 00 00 20 00", 8, ACK))).toBe(Stat.DROP_TCP_OPTIONS);
  });

  test("tcpParse_segmentWithoutSackAfterOneWithSack_countReset", () => {
    expect<i32>(parse(tcpSeg(BUF, "01 01 05 0a 00 00 10 00 00 00 20 00", 0, ACK))).toBe(Stat.NONE);
    expect<i32>(seg_sack_count).toBe(1);
    expect<i32>(parse(tcpSeg(BUF, "", 0, ACK))).toBe(Stat.NONE);
    expect<i32>(seg_sack_count).toBe(0);
  });
});

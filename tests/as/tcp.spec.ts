// TCP header and option parsing (RFC 9293 3.1, 3.2) over crafted segments. tcpSeg() builds a valid
// segment with the given options; malformed cases change one field and recompute the checksum.
import { Stat } from "../../assembly/iface/stats";
import {
  tcpParse, tcpWriteHeader, tcpWriteChecksum, segLen, segTrimSyn,
  seg_sport, seg_dport, seg_seq, seg_ack, seg_flags, seg_wnd, seg_data, seg_datalen, seg_mss,
  seg_wscale, seg_sack_permitted,
  FIN, SYN, RST, PSH, ACK, URG,
} from "../../assembly/wire/tcp";
import { BUF, hex, pattern, u8at, be16, tcpFix, tcpSeg, refSum, refFinish, refPseudo, SRC_IP, DST_IP } from "./helpers";

// Parses the segment in BUF as sent from SRC_IP to DST_IP.
function parse(len: i32): i32 { return tcpParse(BUF, len, SRC_IP, DST_IP); }

describe("tcpParse lengths and checksum", () => {
  test("tcpParse_validAck_fields", () => {
    const n = tcpSeg(BUF, "", 10, ACK | PSH);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_sport).toBe(40000);
    expect<u32>(seg_dport).toBe(80);
    expect<u32>(seg_seq).toBe(0x01020304);
    expect<u32>(seg_ack).toBe(0xa0b0c0d0);
    expect<u32>(seg_flags).toBe(ACK | PSH);
    expect<u32>(seg_wnd).toBe(0x1234);
    expect<usize>(seg_data).toBe(BUF + 20);
    expect<i32>(seg_datalen).toBe(10);
    expect<u32>(seg_mss).toBe(0);
  });

  test("tcpParse_19Bytes_dropsShort", () => {
    tcpSeg(BUF, "", 0, ACK);
    expect<i32>(parse(19)).toBe(Stat.DROP_TCP_SHORT);
    expect<i32>(parse(0)).toBe(Stat.DROP_TCP_SHORT);
  });

  test("tcpParse_headerOnly20Bytes_accepted", () => {
    const n = tcpSeg(BUF, "", 0, ACK);
    expect<i32>(n).toBe(20);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<i32>(seg_datalen).toBe(0);
    expect<usize>(seg_data).toBe(BUF + 20);
  });

  test("tcpParse_dataOffsetBelow5_dropsOffset", () => {
    const n = tcpSeg(BUF, "", 8, ACK);
    store<u8>(BUF + 12, 4 << 4);
    tcpFix(BUF, n);
    expect<i32>(parse(n)).toBe(Stat.DROP_TCP_OFFSET);
    store<u8>(BUF + 12, 0);
    tcpFix(BUF, n);
    expect<i32>(parse(n)).toBe(Stat.DROP_TCP_OFFSET);
  });

  test("tcpParse_dataOffsetBeyondSegment_dropsOffset", () => {
    // Offset 6 (24 bytes) in a 20-byte segment.
    const n = tcpSeg(BUF, "", 0, ACK);
    store<u8>(BUF + 12, 6 << 4);
    tcpFix(BUF, n);
    expect<i32>(parse(n)).toBe(Stat.DROP_TCP_OFFSET);
    // Offset 15 (60 bytes) in a 40-byte segment.
    const m = tcpSeg(BUF, "", 20, ACK);
    store<u8>(BUF + 12, 15 << 4);
    tcpFix(BUF, m);
    expect<i32>(parse(m)).toBe(Stat.DROP_TCP_OFFSET);
  });

  test("tcpParse_dataOffsetEqualsSegment_acceptedNoData", () => {
    const n = tcpSeg(BUF, "01 01 01 00", 0, ACK);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<i32>(seg_datalen).toBe(0);
    expect<usize>(seg_data).toBe(BUF + 24);
  });

  test("tcpParse_badChecksum_dropsChecksum", () => {
    const n = tcpSeg(BUF, "", 10, ACK);
    store<u8>(BUF + 17, u8at(BUF, 17) ^ 0x01);
    expect<i32>(parse(n)).toBe(Stat.DROP_TCP_CHECKSUM);
  });

  test("tcpParse_dataCorrupted_dropsChecksum", () => {
    const n = tcpSeg(BUF, "", 11, ACK);
    store<u8>(BUF + <usize>(n - 1), u8at(BUF, n - 1) ^ 0x10); // the odd last byte
    expect<i32>(parse(n)).toBe(Stat.DROP_TCP_CHECKSUM);
  });

  test("tcpParse_otherSourceAddress_dropsChecksum", () => {
    // The pseudo-header binds the segment to its addresses.
    const n = tcpSeg(BUF, "", 10, ACK);
    expect<i32>(tcpParse(BUF, n, SRC_IP + 1, DST_IP)).toBe(Stat.DROP_TCP_CHECKSUM);
    expect<i32>(tcpParse(BUF, n, SRC_IP, DST_IP + 256)).toBe(Stat.DROP_TCP_CHECKSUM);
    expect<i32>(tcpParse(BUF, n, DST_IP, SRC_IP)).toBe(Stat.NONE); // the sum is symmetric in src/dst
  });

  test("tcpParse_truncatedSegment_dropsChecksum", () => {
    // Fewer bytes than were summed: the pseudo-header length and the data both differ.
    const n = tcpSeg(BUF, "", 10, ACK);
    expect<i32>(parse(n - 2)).toBe(Stat.DROP_TCP_CHECKSUM);
  });

  test("tcpParse_checksumFieldZeroOrFfff_bothVerify", () => {
    // Choose the first data word so that the correct checksum is 0x0000; then 0xffff (the other
    // one's-complement zero) verifies as well, and 0x0001 does not.
    const n = tcpSeg(BUF, "", 10, ACK);
    hex(BUF + 16, "00 00");
    hex(BUF + 20, "00 00");
    let f = refSum(refPseudo(SRC_IP, DST_IP, 6, <u32>n), BUF, n);
    while (f > 0xffff) f = (f & 0xffff) + (f >> 16);
    const w = <u32>(~f & 0xffff);
    hex(BUF + 20, "00 00");
    store<u8>(BUF + 20, <u8>(w >> 8));
    store<u8>(BUF + 21, <u8>w);
    tcpFix(BUF, n);
    expect<u32>(be16(BUF, 16)).toBe(0);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    hex(BUF + 16, "ff ff");
    expect<i32>(parse(n)).toBe(Stat.NONE);
    hex(BUF + 16, "00 01");
    expect<i32>(parse(n)).toBe(Stat.DROP_TCP_CHECKSUM);
  });

  test("tcpParse_ecnFlags_maskedFromSegFlags", () => {
    const n = tcpSeg(BUF, "", 0, 0xc0 | ACK); // CWR and ECE
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_flags).toBe(ACK);
  });
});

describe("tcpParse options", () => {
  test("tcpParse_mssOption_read", () => {
    const n = tcpSeg(BUF, "02 04 05 b4", 0, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(1460);
    expect<usize>(seg_data).toBe(BUF + 24);
  });

  test("tcpParse_nopsBeforeMss_mssRead", () => {
    const n = tcpSeg(BUF, "01 01 01 01 02 04 05 b4", 0, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(1460);
  });

  test("tcpParse_mssThenEolThenGarbage_mssReadRestIgnored", () => {
    const n = tcpSeg(BUF, "02 04 05 b4 00 ff 01 ee", 0, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(1460);
  });

  test("tcpParse_eolEarlyBeforeMss_mssIgnored", () => {
    // EOL ends the list: the MSS after it, and a malformed length after that, are not parsed.
    const n = tcpSeg(BUF, "00 02 04 05 b4 fe 01 00", 0, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(0);
  });

  test("tcpParse_unknownOptionSkipped_mssAfterItRead", () => {
    // An unknown kind 254 of length 6, then MSS 536, then NOP EOL.
    const n = tcpSeg(BUF, "fe 06 aa bb cc dd 02 04 02 18 01 00", 4, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(536);
    expect<usize>(seg_data).toBe(BUF + 32);
    expect<i32>(seg_datalen).toBe(4);
  });

  test("tcpParse_unknownOptionFillingHeaderExactly_accepted", () => {
    const n = tcpSeg(BUF, "fe 04 aa bb", 0, ACK);
    expect<i32>(parse(n)).toBe(Stat.NONE);
  });

  test("tcpParse_optionLength0_dropsOptions", () => {
    const n = tcpSeg(BUF, "fe 00 00 00", 0, ACK);
    expect<i32>(parse(n)).toBe(Stat.DROP_TCP_OPTIONS);
    const m = tcpSeg(BUF, "02 00 05 b4", 0, SYN);
    expect<i32>(parse(m)).toBe(Stat.DROP_TCP_OPTIONS);
  });

  test("tcpParse_optionLength1_dropsOptions", () => {
    const n = tcpSeg(BUF, "fe 01 00 00", 0, ACK);
    expect<i32>(parse(n)).toBe(Stat.DROP_TCP_OPTIONS);
  });

  test("tcpParse_optionLengthOverrunningHeader_dropsOptions", () => {
    // Length 8 in a 4-byte option area; the data that follows does not count.
    const n = tcpSeg(BUF, "fe 08 00 00", 8, ACK);
    expect<i32>(parse(n)).toBe(Stat.DROP_TCP_OPTIONS);
    // An MSS starting two bytes before the end of the header.
    const m = tcpSeg(BUF, "01 01 02 04", 8, SYN);
    expect<i32>(parse(m)).toBe(Stat.DROP_TCP_OPTIONS);
    // Overrunning by one byte.
    const k = tcpSeg(BUF, "01 fe 04 00", 0, ACK);
    expect<i32>(parse(k)).toBe(Stat.DROP_TCP_OPTIONS);
  });

  test("tcpParse_kindAsLastByteWithoutLength_dropsOptions", () => {
    const n = tcpSeg(BUF, "01 01 01 fe", 4, ACK);
    expect<i32>(parse(n)).toBe(Stat.DROP_TCP_OPTIONS);
    const m = tcpSeg(BUF, "01 01 01 02", 4, SYN);
    expect<i32>(parse(m)).toBe(Stat.DROP_TCP_OPTIONS);
  });

  test("tcpParse_nopAsLastByte_accepted", () => {
    const n = tcpSeg(BUF, "02 04 05 b4 01 01 01 01", 0, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(1460);
  });

  test("tcpParse_mssWithLength3_ignored", () => {
    // Kind 2 length 3, then a NOP: well-formed as a list, but not a valid MSS option.
    const n = tcpSeg(BUF, "02 03 05 01", 0, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(0);
  });

  test("tcpParse_mssWithLength6_ignored", () => {
    const n = tcpSeg(BUF, "02 06 05 b4 00 00 01 00", 0, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(0);
  });

  test("tcpParse_segmentWithoutMssAfterOneWithMss_mssReset", () => {
    const n = tcpSeg(BUF, "02 04 05 b4", 0, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(1460);
    const m = tcpSeg(BUF, "", 0, ACK);
    expect<i32>(parse(m)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(0);
  });

  test("tcpParse_twoMssOptions_lastWins", () => {
    const n = tcpSeg(BUF, "02 04 05 b4 02 04 02 18", 0, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(536);
  });
});

describe("tcpParse window scale and SACK-permitted", () => {
  test("tcpParse_linuxSynOptions_allRead", () => {
    const n = tcpSeg(BUF, "02 04 05 b4 04 02 08 0a 00 01 02 03 00 00 00 00 01 03 03 07", 0, SYN);
    expect<i32>(parse(n)).toBe(Stat.NONE);
    expect<u32>(seg_mss).toBe(1460);
    expect<i32>(seg_wscale).toBe(7);
    expect<bool>(seg_sack_permitted).toBe(true);
  });

  test("tcpParse_optionsThenSegmentWithout_wscaleAndSackPermittedReset", () => {
    expect<i32>(parse(tcpSeg(BUF, "01 03 03 0e 04 02 01 00", 0, SYN))).toBe(Stat.NONE);
    expect<i32>(seg_wscale).toBe(14);
    expect<bool>(seg_sack_permitted).toBe(true);
    expect<i32>(parse(tcpSeg(BUF, "", 0, ACK))).toBe(Stat.NONE);
    expect<i32>(seg_wscale).toBe(-1);
    expect<bool>(seg_sack_permitted).toBe(false);
  });

  test("tcpParse_wscaleShiftAbove14_reportedAsSent", () => {
    // RFC 7323 2.3: the receiver of a shift above 14 uses 14; the parser reports the raw value.
    expect<i32>(parse(tcpSeg(BUF, "03 03 ff 00", 0, SYN))).toBe(Stat.NONE);
    expect<i32>(seg_wscale).toBe(255);
  });

  test("tcpParse_wscaleWrongLength_ignored", () => {
    expect<i32>(parse(tcpSeg(BUF, "03 04 07 00", 0, SYN))).toBe(Stat.NONE);
    expect<i32>(seg_wscale).toBe(-1);
  });

  test("tcpParse_sackPermittedWrongLength_ignored", () => {
    expect<i32>(parse(tcpSeg(BUF, "04 03 00 00", 0, SYN))).toBe(Stat.NONE);
    expect<bool>(seg_sack_permitted).toBe(false);
  });
});

describe("segLen", () => {
  test("segLen_pureAck_zero", () => {
    expect<i32>(parse(tcpSeg(BUF, "", 0, ACK))).toBe(Stat.NONE);
    expect<u32>(segLen()).toBe(0);
  });

  test("segLen_dataOnly_dataLength", () => {
    expect<i32>(parse(tcpSeg(BUF, "", 10, ACK | PSH))).toBe(Stat.NONE);
    expect<u32>(segLen()).toBe(10);
  });

  test("segLen_syn_countsOne", () => {
    expect<i32>(parse(tcpSeg(BUF, "02 04 05 b4", 0, SYN))).toBe(Stat.NONE);
    expect<u32>(segLen()).toBe(1);
  });

  test("segLen_finWithData_dataPlusOne", () => {
    expect<i32>(parse(tcpSeg(BUF, "", 7, FIN | ACK))).toBe(Stat.NONE);
    expect<u32>(segLen()).toBe(8);
  });

  test("segLen_synFinWithData_dataPlusTwo", () => {
    expect<i32>(parse(tcpSeg(BUF, "", 5, SYN | FIN))).toBe(Stat.NONE);
    expect<u32>(segLen()).toBe(7);
  });

  test("segLen_rstUrg_notCounted", () => {
    expect<i32>(parse(tcpSeg(BUF, "", 3, RST | URG | ACK))).toBe(Stat.NONE);
    expect<u32>(segLen()).toBe(3);
  });

  test("segTrimSyn_synWithData_seqPlusOneAndSynCleared", () => {
    expect<i32>(parse(tcpSeg(BUF, "", 5, SYN | ACK))).toBe(Stat.NONE);
    segTrimSyn();
    expect<u32>(seg_seq).toBe(0x01020305);
    expect<u32>(seg_flags).toBe(ACK);
    expect<u32>(segLen()).toBe(5);
  });
});

describe("tcpWriteHeader", () => {
  test("tcpWriteHeader_synAckWithMss_roundTripsThroughParse", () => {
    memory.fill(BUF, 0xee, 64);
    const hlen = tcpWriteHeader(BUF, 80, 40000, 0xfffffffe, 0x01020305, SYN | ACK, 4096, 1460);
    expect<i32>(hlen).toBe(24);
    tcpWriteChecksum(BUF, hlen, DST_IP, SRC_IP);
    expect<i32>(tcpParse(BUF, hlen, DST_IP, SRC_IP)).toBe(Stat.NONE);
    expect<u32>(seg_sport).toBe(80);
    expect<u32>(seg_dport).toBe(40000);
    expect<u32>(seg_seq).toBe(0xfffffffe);
    expect<u32>(seg_ack).toBe(0x01020305);
    expect<u32>(seg_flags).toBe(SYN | ACK);
    expect<u32>(seg_wnd).toBe(4096);
    expect<u32>(seg_mss).toBe(1460);
    expect<i32>(seg_datalen).toBe(0);
    expect<u32>(segLen()).toBe(1);
    expect<u32>(be16(BUF, 18)).toBe(0); // urgent pointer
  });

  test("tcpWriteHeader_noMssWithOddData_roundTripsThroughParse", () => {
    const hlen = tcpWriteHeader(BUF, 1234, 5678, 1000, 2000, ACK | PSH | FIN, 65535, 0);
    expect<i32>(hlen).toBe(20);
    pattern(BUF + 20, 13, 0x77);
    tcpWriteChecksum(BUF, 33, SRC_IP, DST_IP);
    expect<u32>(be16(BUF, 16)).toBe(refFinish(refSum(refPseudo(SRC_IP, DST_IP, 6, 33), BUF, 33) - be16(BUF, 16)));
    expect<i32>(parse(33)).toBe(Stat.NONE);
    expect<u32>(seg_flags).toBe(ACK | PSH | FIN);
    expect<u32>(seg_wnd).toBe(65535);
    expect<u32>(seg_mss).toBe(0);
    expect<usize>(seg_data).toBe(BUF + 20);
    expect<i32>(seg_datalen).toBe(13);
    expect<u32>(segLen()).toBe(14);
  });

  test("tcpWriteChecksum_afterChange_matchesReference", () => {
    const n = tcpSeg(BUF, "02 04 05 b4", 9, SYN);
    const c = be16(BUF, 16);
    hex(BUF + 16, "00 00");
    tcpWriteChecksum(BUF, n, SRC_IP, DST_IP);
    expect<u32>(be16(BUF, 16)).toBe(c);
  });
});

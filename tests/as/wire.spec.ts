// Ethernet, IPv4, ARP and ICMP parsing over crafted bytes. Each malformed case starts from a valid one
// and changes one field (the IPv4 checksum is recomputed afterwards unless the checksum is the field).
import { Stat } from "../../assembly/iface/stats";
import { ethIsForUs, ethType, ethWriteHeader, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from "../../assembly/wire/ethernet";
import {
  ipv4Parse, ipv4WriteHeader, ip_src, ip_dst, ip_proto, ip_payload, ip_payload_len, PROTO_TCP, PROTO_ICMP,
} from "../../assembly/wire/ipv4";
import { arpParse, arpWrite, arp_op, arp_sha, arp_spa, arp_tpa, ARP_REQUEST, ARP_REPLY } from "../../assembly/wire/arp";
import { icmpParse, icmpWriteChecksum, icmpMakeEchoReply } from "../../assembly/wire/icmp";
import { BUF, BUF2, hex, pattern, u8at, be16, setBe16, ipFix, ipValid, refChecksum, SRC_IP, DST_IP } from "./helpers";

const MAC: usize = memory.data<u8>([0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc]);

describe("ethernet", () => {
  test("ethIsForUs_ourMac_true", () => {
    hex(BUF, "02 00 00 aa bb cc  02 00 00 11 22 33  08 00");
    expect<bool>(ethIsForUs(BUF, MAC)).toBe(true);
  });

  test("ethIsForUs_broadcast_true", () => {
    hex(BUF, "ff ff ff ff ff ff  02 00 00 11 22 33  08 06");
    expect<bool>(ethIsForUs(BUF, MAC)).toBe(true);
  });

  test("ethIsForUs_anotherMac_false", () => {
    hex(BUF, "02 00 00 11 22 33  02 00 00 aa bb cc  08 00");
    expect<bool>(ethIsForUs(BUF, MAC)).toBe(false);
  });

  test("ethIsForUs_macDifferingInLastByte_false", () => {
    hex(BUF, "02 00 00 aa bb cd  02 00 00 11 22 33  08 00");
    expect<bool>(ethIsForUs(BUF, MAC)).toBe(false);
  });

  test("ethIsForUs_macDifferingInFirstByte_false", () => {
    hex(BUF, "03 00 00 aa bb cc  02 00 00 11 22 33  08 00");
    expect<bool>(ethIsForUs(BUF, MAC)).toBe(false);
  });

  test("ethIsForUs_ipv4Multicast_false", () => {
    // 01:00:5e:00:00:01 (all-hosts): no multicast groups are joined, so it is not for us.
    hex(BUF, "01 00 5e 00 00 01  02 00 00 11 22 33  08 00");
    expect<bool>(ethIsForUs(BUF, MAC)).toBe(false);
  });

  test("ethIsForUs_almostBroadcast_false", () => {
    hex(BUF, "ff ff ff ff ff fe  02 00 00 11 22 33  08 00");
    expect<bool>(ethIsForUs(BUF, MAC)).toBe(false);
    hex(BUF, "fe ff ff ff ff ff  02 00 00 11 22 33  08 00");
    expect<bool>(ethIsForUs(BUF, MAC)).toBe(false);
  });

  test("ethType_bytes12And13_bigEndian", () => {
    hex(BUF, "ff ff ff ff ff ff  02 00 00 11 22 33  08 06");
    expect<u32>(ethType(BUF)).toBe(ETHERTYPE_ARP);
  });

  test("ethWriteHeader_fields_layout", () => {
    const dst = BUF2;
    hex(dst, "02 00 00 11 22 33");
    ethWriteHeader(BUF, dst, MAC, ETHERTYPE_IPV4);
    expect<u32>(be16(BUF, 0)).toBe(0x0200);
    expect<u32>(u8at(BUF, 5)).toBe(0x33);
    expect<u32>(u8at(BUF, 6)).toBe(0x02);
    expect<u32>(u8at(BUF, 11)).toBe(0xcc);
    expect<u32>(ethType(BUF)).toBe(0x0800);
  });
});

describe("ipv4Parse", () => {
  test("ipv4Parse_validHeader_fieldsAndPayload", () => {
    const n = ipValid(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.NONE);
    expect<u32>(ip_src).toBe(SRC_IP);
    expect<u32>(ip_dst).toBe(DST_IP);
    expect<u32>(ip_proto).toBe(PROTO_TCP);
    expect<usize>(ip_payload).toBe(BUF + 20);
    expect<i32>(ip_payload_len).toBe(8);
  });

  test("ipv4Parse_19Bytes_dropsShort", () => {
    ipValid(BUF);
    expect<i32>(ipv4Parse(BUF, 19)).toBe(Stat.DROP_IP_SHORT);
  });

  test("ipv4Parse_noBytes_dropsShort", () => {
    ipValid(BUF);
    expect<i32>(ipv4Parse(BUF, 0)).toBe(Stat.DROP_IP_SHORT);
  });

  test("ipv4Parse_exactly20BytesHeaderOnly_accepted", () => {
    ipValid(BUF);
    setBe16(BUF, 2, 20);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, 20)).toBe(Stat.NONE);
    expect<i32>(ip_payload_len).toBe(0);
    expect<usize>(ip_payload).toBe(BUF + 20);
  });

  test("ipv4Parse_version6_dropsVersion", () => {
    const n = ipValid(BUF);
    store<u8>(BUF, 0x65);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_VERSION);
  });

  test("ipv4Parse_version0_dropsVersion", () => {
    const n = ipValid(BUF);
    store<u8>(BUF, 0x05);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_VERSION);
  });

  test("ipv4Parse_ihlBelow5_dropsIhl", () => {
    const n = ipValid(BUF);
    store<u8>(BUF, 0x44);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_IHL);
    store<u8>(BUF, 0x40);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_IHL);
  });

  test("ipv4Parse_ihlTimes4BeyondAvailable_dropsIhl", () => {
    // IHL 6 (24 bytes) but only 23 bytes in the frame.
    ipValid(BUF);
    store<u8>(BUF, 0x46);
    setBe16(BUF, 2, 23);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, 23)).toBe(Stat.DROP_IP_IHL);
    // IHL 15 (60 bytes) with the 28-byte datagram.
    ipValid(BUF);
    store<u8>(BUF, 0x4f);
    expect<i32>(ipv4Parse(BUF, 28)).toBe(Stat.DROP_IP_IHL);
  });

  test("ipv4Parse_totalLengthBelowIhlTimes4_dropsLength", () => {
    const n = ipValid(BUF);
    setBe16(BUF, 2, 19);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_LENGTH);
  });

  test("ipv4Parse_totalLengthBelowIhlTimes4WithOptions_dropsLength", () => {
    // IHL 6 (24 bytes), total length 23.
    const n = ipValid(BUF);
    store<u8>(BUF, 0x46);
    hex(BUF + 20, "01 01 01 00");
    setBe16(BUF, 2, 23);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_LENGTH);
  });

  test("ipv4Parse_totalLengthZero_dropsLength", () => {
    const n = ipValid(BUF);
    setBe16(BUF, 2, 0);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_LENGTH);
  });

  test("ipv4Parse_totalLengthBeyondFrame_dropsLength", () => {
    const n = ipValid(BUF);
    setBe16(BUF, 2, 29);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_LENGTH);
    setBe16(BUF, 2, 0xffff);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_LENGTH);
  });

  test("ipv4Parse_ethernetPaddingBeyondTotalLength_acceptedPayloadTrimmed", () => {
    // A 28-byte datagram in a minimum-size frame: 46 bytes of Ethernet payload, 18 of them padding.
    const n = ipValid(BUF);
    memory.fill(BUF + <usize>n, 0, 46 - n);
    expect<i32>(ipv4Parse(BUF, 46)).toBe(Stat.NONE);
    expect<usize>(ip_payload).toBe(BUF + 20);
    expect<i32>(ip_payload_len).toBe(8);
  });

  test("ipv4Parse_badHeaderChecksum_dropsChecksum", () => {
    const n = ipValid(BUF);
    store<u8>(BUF + 11, u8at(BUF, 11) ^ 0x01);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_CHECKSUM);
  });

  test("ipv4Parse_headerFieldChangedWithoutChecksum_dropsChecksum", () => {
    const n = ipValid(BUF);
    store<u8>(BUF + 8, 63); // TTL changed, checksum not updated
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_CHECKSUM);
  });

  test("ipv4Parse_payloadCorrupted_accepted", () => {
    // The header checksum covers only the header (RFC 791 3.1).
    const n = ipValid(BUF);
    store<u8>(BUF + 25, u8at(BUF, 25) ^ 0xff);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.NONE);
  });

  test("ipv4Parse_optionByteCorrupted_dropsChecksum", () => {
    // The checksum covers the options too.
    ipValid(BUF);
    store<u8>(BUF, 0x46);
    hex(BUF + 20, "01 01 01 00");
    pattern(BUF + 24, 8, 0xa0);
    setBe16(BUF, 2, 32);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, 32)).toBe(Stat.NONE);
    store<u8>(BUF + 22, 0x07);
    expect<i32>(ipv4Parse(BUF, 32)).toBe(Stat.DROP_IP_CHECKSUM);
  });

  test("ipv4Parse_moreFragmentsSet_dropsFragment", () => {
    const n = ipValid(BUF);
    setBe16(BUF, 6, 0x2000);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_FRAGMENT);
  });

  test("ipv4Parse_nonzeroFragmentOffset_dropsFragment", () => {
    const n = ipValid(BUF);
    setBe16(BUF, 6, 0x0001); // last fragment, offset 8 bytes
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_FRAGMENT);
    setBe16(BUF, 6, 0x5fff); // DF with the largest offset
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_FRAGMENT);
  });

  test("ipv4Parse_moreFragmentsAndOffset_dropsFragment", () => {
    const n = ipValid(BUF);
    setBe16(BUF, 6, 0x20b9);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.DROP_IP_FRAGMENT);
  });

  test("ipv4Parse_dontFragmentClear_accepted", () => {
    const n = ipValid(BUF);
    setBe16(BUF, 6, 0x0000);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.NONE);
  });

  test("ipv4Parse_reservedFlagSet_accepted", () => {
    // RFC 791's reserved flag bit is not checked (only MF and the offset make a fragment).
    const n = ipValid(BUF);
    setBe16(BUF, 6, 0xc000);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, n)).toBe(Stat.NONE);
  });

  test("ipv4Parse_ihl6WithOptions_payloadAfterOptions", () => {
    ipValid(BUF);
    store<u8>(BUF, 0x46);
    hex(BUF + 20, "94 04 00 00"); // Router Alert (RFC 2113)
    pattern(BUF + 24, 8, 0xa0);
    setBe16(BUF, 2, 32);
    ipFix(BUF);
    expect<i32>(ipv4Parse(BUF, 32)).toBe(Stat.NONE);
    expect<usize>(ip_payload).toBe(BUF + 24);
    expect<i32>(ip_payload_len).toBe(8);
    expect<u32>(load<u8>(ip_payload)).toBe(0xa0);
    expect<u32>(ip_src).toBe(SRC_IP);
    expect<u32>(ip_dst).toBe(DST_IP);
  });

  test("ipv4Parse_ihl15WithPadding_payloadAfter60Bytes", () => {
    ipValid(BUF);
    store<u8>(BUF, 0x4f);
    memory.fill(BUF + 20, 1, 39); // 39 NOPs
    store<u8>(BUF + 59, 0); // EOL
    pattern(BUF + 60, 5, 0xa0);
    setBe16(BUF, 2, 65);
    ipFix(BUF);
    memory.fill(BUF + 65, 0, 4);
    expect<i32>(ipv4Parse(BUF, 69)).toBe(Stat.NONE);
    expect<usize>(ip_payload).toBe(BUF + 60);
    expect<i32>(ip_payload_len).toBe(5);
  });

  test("ipv4WriteHeader_fields_parsesBack", () => {
    ipv4WriteHeader(BUF, 0x0a000001, 0x0a000002, PROTO_ICMP, 12, 0xbeef, 64);
    pattern(BUF + 20, 12, 0x00);
    expect<i32>(ipv4Parse(BUF, 32)).toBe(Stat.NONE);
    expect<u32>(ip_src).toBe(0x0a000001);
    expect<u32>(ip_dst).toBe(0x0a000002);
    expect<u32>(ip_proto).toBe(PROTO_ICMP);
    expect<i32>(ip_payload_len).toBe(12);
    expect<u32>(be16(BUF, 4)).toBe(0xbeef);
    expect<u32>(be16(BUF, 6)).toBe(0x4000);
    expect<u32>(u8at(BUF, 8)).toBe(64);
    expect<u32>(refChecksum(BUF, 20)).toBe(0);
  });
});

// An ARP request from 192.168.0.2 (02:00:00:11:22:33) for 192.168.0.1.
function arpValid(p: usize): i32 {
  return hex(p, "00 01 08 00 06 04 00 01  02 00 00 11 22 33  c0 a8 00 02  00 00 00 00 00 00  c0 a8 00 01");
}

describe("arpParse", () => {
  test("arpParse_validRequest_fields", () => {
    const n = arpValid(BUF);
    expect<i32>(n).toBe(28);
    expect<i32>(arpParse(BUF, n)).toBe(Stat.NONE);
    expect<u32>(arp_op).toBe(ARP_REQUEST);
    expect<usize>(arp_sha).toBe(BUF + 8);
    expect<u32>(be16(arp_sha, 4)).toBe(0x2233);
    expect<u32>(arp_spa).toBe(0xc0a80002);
    expect<u32>(arp_tpa).toBe(0xc0a80001);
  });

  test("arpParse_validReply_fields", () => {
    const n = hex(BUF, "00 01 08 00 06 04 00 02  02 00 00 aa bb cc  0a 00 00 01  02 00 00 11 22 33  0a 00 00 02");
    expect<i32>(arpParse(BUF, n)).toBe(Stat.NONE);
    expect<u32>(arp_op).toBe(ARP_REPLY);
    expect<usize>(arp_sha).toBe(BUF + 8);
    expect<u32>(u8at(arp_sha, 3)).toBe(0xaa);
    expect<u32>(arp_spa).toBe(0x0a000001);
    expect<u32>(arp_tpa).toBe(0x0a000002);
  });

  test("arpParse_paddedTo46Bytes_accepted", () => {
    arpValid(BUF);
    memory.fill(BUF + 28, 0, 18);
    expect<i32>(arpParse(BUF, 46)).toBe(Stat.NONE);
  });

  test("arpParse_27Bytes_dropsShort", () => {
    arpValid(BUF);
    expect<i32>(arpParse(BUF, 27)).toBe(Stat.DROP_ARP_SHORT);
    expect<i32>(arpParse(BUF, 0)).toBe(Stat.DROP_ARP_SHORT);
  });

  test("arpParse_hardwareTypeNotEthernet_dropsFormat", () => {
    const n = arpValid(BUF);
    setBe16(BUF, 0, 6); // IEEE 802
    expect<i32>(arpParse(BUF, n)).toBe(Stat.DROP_ARP_FORMAT);
    setBe16(BUF, 0, 0x0101);
    expect<i32>(arpParse(BUF, n)).toBe(Stat.DROP_ARP_FORMAT);
  });

  test("arpParse_protocolNotIpv4_dropsFormat", () => {
    const n = arpValid(BUF);
    setBe16(BUF, 2, 0x86dd);
    expect<i32>(arpParse(BUF, n)).toBe(Stat.DROP_ARP_FORMAT);
    setBe16(BUF, 2, 0x0008); // byte-swapped 0x0800
    expect<i32>(arpParse(BUF, n)).toBe(Stat.DROP_ARP_FORMAT);
  });

  test("arpParse_hardwareLengthNot6_dropsFormat", () => {
    const n = arpValid(BUF);
    store<u8>(BUF + 4, 8);
    expect<i32>(arpParse(BUF, n)).toBe(Stat.DROP_ARP_FORMAT);
  });

  test("arpParse_protocolLengthNot4_dropsFormat", () => {
    const n = arpValid(BUF);
    store<u8>(BUF + 5, 16);
    expect<i32>(arpParse(BUF, n)).toBe(Stat.DROP_ARP_FORMAT);
  });

  test("arpParse_unknownOperation_dropsFormat", () => {
    const n = arpValid(BUF);
    setBe16(BUF, 6, 3); // RARP request
    expect<i32>(arpParse(BUF, n)).toBe(Stat.DROP_ARP_FORMAT);
    setBe16(BUF, 6, 0);
    expect<i32>(arpParse(BUF, n)).toBe(Stat.DROP_ARP_FORMAT);
    setBe16(BUF, 6, 0x0101);
    expect<i32>(arpParse(BUF, n)).toBe(Stat.DROP_ARP_FORMAT);
  });

  test("arpWrite_requestWithoutTha_parsesBackWithZeroTha", () => {
    memory.fill(BUF, 0xee, 28);
    arpWrite(BUF, ARP_REQUEST, MAC, 0x0a000001, 0, 0x0a000002);
    expect<i32>(arpParse(BUF, 28)).toBe(Stat.NONE);
    expect<u32>(arp_op).toBe(ARP_REQUEST);
    expect<u32>(u8at(arp_sha, 5)).toBe(0xcc);
    expect<u32>(arp_spa).toBe(0x0a000001);
    expect<u32>(arp_tpa).toBe(0x0a000002);
    for (let i = 18; i < 24; i++) expect<u32>(u8at(BUF, i)).toBe(0);
  });
});

// An echo request: id 0x1234, seq 1, then `data` bytes; returns its length.
function echoValid(p: usize, data: i32): i32 {
  hex(p, "08 00 00 00 12 34 00 01");
  pattern(p + 8, data, 0x41);
  setBe16(p, 2, refChecksum(p, 8 + data));
  return 8 + data;
}

describe("icmpParse", () => {
  test("icmpParse_validEcho_accepted", () => {
    const n = echoValid(BUF, 56);
    expect<i32>(icmpParse(BUF, n)).toBe(Stat.NONE);
  });

  test("icmpParse_validEchoOddLength_accepted", () => {
    const n = echoValid(BUF, 13);
    expect<i32>(icmpParse(BUF, n)).toBe(Stat.NONE);
  });

  test("icmpParse_headerOnly_accepted", () => {
    const n = echoValid(BUF, 0);
    expect<i32>(icmpParse(BUF, n)).toBe(Stat.NONE);
  });

  test("icmpParse_7Bytes_dropsShort", () => {
    echoValid(BUF, 0);
    expect<i32>(icmpParse(BUF, 7)).toBe(Stat.DROP_ICMP_SHORT);
    expect<i32>(icmpParse(BUF, 0)).toBe(Stat.DROP_ICMP_SHORT);
  });

  test("icmpParse_badChecksum_dropsChecksum", () => {
    const n = echoValid(BUF, 56);
    store<u8>(BUF + 3, u8at(BUF, 3) ^ 0x01);
    expect<i32>(icmpParse(BUF, n)).toBe(Stat.DROP_ICMP_CHECKSUM);
  });

  test("icmpParse_dataCorrupted_dropsChecksum", () => {
    // The ICMP checksum covers the data too, including an odd last byte.
    const n = echoValid(BUF, 13);
    store<u8>(BUF + <usize>(n - 1), u8at(BUF, n - 1) ^ 0x80);
    expect<i32>(icmpParse(BUF, n)).toBe(Stat.DROP_ICMP_CHECKSUM);
  });

  test("icmpWriteChecksum_reply_parsesBack", () => {
    const n = echoValid(BUF, 21);
    store<u8>(BUF, 0); // echo reply
    expect<i32>(icmpParse(BUF, n)).toBe(Stat.DROP_ICMP_CHECKSUM);
    icmpWriteChecksum(BUF, n);
    expect<i32>(icmpParse(BUF, n)).toBe(Stat.NONE);
    expect<u32>(refChecksum(BUF, n)).toBe(0);
  });

  test("icmpMakeEchoReply_wholeRequest_typeZeroAndChecksumOfFullSum", () => {
    for (let k = 0; k < 40; k++) {
      const n = echoValid(BUF, 8 + k * 3);
      icmpMakeEchoReply(BUF, n, true);
      expect<u32>(u8at(BUF, 0)).toBe(0);
      expect<u32>(refChecksum(BUF, n)).toBe(0, "data " + k.toString());
    }
  });

  test("icmpMakeEchoReply_truncatedRequest_summedAgain", () => {
    const n = echoValid(BUF, 40);
    icmpMakeEchoReply(BUF, n - 11, false);
    expect<u32>(u8at(BUF, 0)).toBe(0);
    expect<u32>(refChecksum(BUF, n - 11)).toBe(0);
  });

  test("icmpMakeEchoReply_allZeroReply_checksumFfff", () => {
    // Identifier, sequence and data all zero: the reply sums to +0, whose checksum is 0xffff (RFC 1624 3).
    memory.fill(BUF, 0, 16);
    store<u8>(BUF, 8);
    icmpWriteChecksum(BUF, 16);
    icmpMakeEchoReply(BUF, 16, true);
    expect<u32>(be16(BUF, 2)).toBe(0xffff);
  });
});

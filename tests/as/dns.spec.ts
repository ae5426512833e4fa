// DNS message parsing and building (assembly/wire/dns.ts) over crafted bytes: names with and without
// compression, pointers that loop or point forward or out of the message, records cut short.
import {
  dnsParseHeader, dnsNameSkip, dnsNameEq, dnsEncodeName, dnsParseQuestion, dnsParseRR, dnsWriteHeader,
  dnsWriteQuestion, dnsWriteA, dnsWriteAPointer, dns_id, dns_flags, dns_qdcount, dns_ancount, dns_nscount,
  dns_arcount, q_name, q_type, q_class, rr_name, rr_type, rr_class, rr_ttl, rr_rdata, rr_rdlen,
} from "../../assembly/wire/dns";
import { BUF, BUF2, hex, u8at, be16 } from "./helpers";

const NAME: usize = memory.data(300);
const TEXT: usize = memory.data(300);

function text(s: string): i32 {
  for (let i = 0; i < s.length; i++) store<u8>(TEXT + <usize>i, <u8>s.charCodeAt(i));
  return s.length;
}

// A reply for www.example.com A: header, question, a CNAME www -> web.example.com (compressed), an A for it.
const REPLY = "1234 8180 0001 0002 0000 0000" +
  " 03 777777 07 6578616d706c65 03 636f6d 00  0001 0001" + // 12: www.example.com A IN
  " c00c 0005 0001 0000012c 0006 03 776562 c010" + // 33: CNAME, rdata web + pointer to example.com (16)
  " c02d 0001 0001 00000e10 0004 0a000005"; // 51: A at the CNAME target (45), 3600 s, 10.0.0.5

describe("dns header", () => {
  test("dnsParseHeader_twelveBytes_fields", () => {
    const n = hex(BUF, "abcd 8583 0001 0002 0003 0004");
    expect<bool>(dnsParseHeader(BUF, n)).toBe(true);
    expect<u32>(dns_id).toBe(0xabcd);
    expect<u32>(dns_flags).toBe(0x8583);
    expect<u32>(dns_qdcount).toBe(1);
    expect<u32>(dns_ancount).toBe(2);
    expect<u32>(dns_nscount).toBe(3);
    expect<u32>(dns_arcount).toBe(4);
  });

  test("dnsParseHeader_elevenBytes_false", () => {
    const n = hex(BUF, "abcd 8583 0001 0002 0003 00");
    expect<bool>(dnsParseHeader(BUF, n)).toBe(false);
  });

  test("dnsWriteHeader_fields_bigEndian", () => {
    dnsWriteHeader(BUF, 0x1234, 0x0100, 1, 2, 3, 4);
    expect<u32>(be16(BUF, 0)).toBe(0x1234);
    expect<u32>(be16(BUF, 2)).toBe(0x0100);
    expect<u32>(be16(BUF, 4)).toBe(1);
    expect<u32>(be16(BUF, 10)).toBe(4);
  });
});

describe("dns names", () => {
  test("dnsEncodeName_dotted_wireLabels", () => {
    const n = dnsEncodeName(NAME, 300, TEXT, text("www.Example.com"));
    expect<i32>(n).toBe(17);
    const w = hex(BUF, "03 777777 07 4578616d706c65 03 636f6d 00");
    expect<i32>(memory.compare(NAME, BUF, <usize>w)).toBe(0);
  });

  test("dnsEncodeName_trailingDot_sameAsWithout", () => {
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, text("a.b."))).toBe(5);
  });

  test("dnsEncodeName_emptyLabel_minusOne", () => {
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, text("a..b"))).toBe(-1);
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, text(".a"))).toBe(-1);
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, text("."))).toBe(-1);
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, 0)).toBe(-1);
  });

  test("dnsEncodeName_label64Bytes_minusOne", () => {
    let s = "";
    for (let i = 0; i < 63; i++) s += "a";
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, text(s + ".b"))).toBe(67);
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, text(s + "a.b"))).toBe(-1);
  });

  test("dnsEncodeName_badCharacterOrNoRoom_minusOne", () => {
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, text("a b.c"))).toBe(-1);
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, text("a/b"))).toBe(-1);
    expect<i32>(dnsEncodeName(NAME, 5, TEXT, text("abc.d"))).toBe(-1);
    expect<i32>(dnsEncodeName(NAME, 7, TEXT, text("abc.d"))).toBe(7);
  });

  test("dnsEncodeName_over255Bytes_minusOne", () => {
    let s = "";
    for (let i = 0; i < 127; i++) s += "a.";
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, text(s + "a"))).toBe(-1); // 257 wire bytes
    expect<i32>(dnsEncodeName(NAME, 300, TEXT, text(s.slice(2) + "a"))).toBe(255);
  });

  test("dnsNameSkip_plainAndPointer_offsetPast", () => {
    const n = hex(BUF, REPLY);
    expect<i32>(dnsNameSkip(BUF, n, 12)).toBe(29);
    expect<i32>(dnsNameSkip(BUF, n, 33)).toBe(35);
    expect<i32>(dnsNameSkip(BUF, n, 45)).toBe(51);
  });

  test("dnsNameSkip_runsPastEnd_minusOne", () => {
    const n = hex(BUF, REPLY);
    expect<i32>(dnsNameSkip(BUF, 28, 12)).toBe(-1); // the root byte cut off
    expect<i32>(dnsNameSkip(BUF, 34, 33)).toBe(-1); // half a pointer
    expect<i32>(dnsNameSkip(BUF, n, n)).toBe(-1);
  });

  test("dnsNameSkip_reservedLabelType_minusOne", () => {
    const n = hex(BUF, "0000 0000 0000 0000 0000 0000 41 61 00");
    expect<i32>(dnsNameSkip(BUF, n, 12)).toBe(-1);
  });

  test("dnsNameEq_pointerAndCase_followed", () => {
    const n = hex(BUF, REPLY);
    const w = dnsEncodeName(NAME, 300, TEXT, text("WEB.example.COM"));
    expect<bool>(dnsNameEq(BUF, n, 45, NAME, w, 0)).toBe(true); // web + pointer to example.com
    expect<bool>(dnsNameEq(BUF, n, 51, NAME, w, 0)).toBe(true); // a pointer to that
    expect<bool>(dnsNameEq(BUF, n, 12, NAME, w, 0)).toBe(false); // www
    const v = dnsEncodeName(NAME, 300, TEXT, text("web.example"));
    expect<bool>(dnsNameEq(BUF, n, 45, NAME, v, 0)).toBe(false); // a suffix missing
  });

  test("dnsNameEq_pointerLoop_false", () => {
    // 12: label "a" then a pointer back to 12; 16: a pointer to itself.
    const n = hex(BUF, "0000 0000 0000 0000 0000 0000 01 61 c00c c010");
    const w = dnsEncodeName(NAME, 300, TEXT, text("a.a.a"));
    expect<bool>(dnsNameEq(BUF, n, 12, NAME, w, 0)).toBe(false);
    expect<bool>(dnsNameEq(BUF, n, 16, NAME, w, 0)).toBe(false);
    expect<bool>(dnsNameEq(BUF, n, 12, BUF, n, 12)).toBe(false); // never ends: not even equal to itself
  });

  test("dnsNameEq_pointerForwardOrOutside_false", () => {
    const n = hex(BUF, "0000 0000 0000 0000 0000 0000 c00e 01 61 00 c0ff");
    const w = dnsEncodeName(NAME, 300, TEXT, text("a"));
    expect<bool>(dnsNameEq(BUF, n, 14, NAME, w, 0)).toBe(true);
    expect<bool>(dnsNameEq(BUF, n, 12, NAME, w, 0)).toBe(false); // forward
    expect<bool>(dnsNameEq(BUF, n, 17, NAME, w, 0)).toBe(false); // past the end
  });

  test("dnsNameEq_labelPastEnd_false", () => {
    const n = hex(BUF, "0000 0000 0000 0000 0000 0000 05 61 62");
    const w = dnsEncodeName(NAME, 300, TEXT, text("ab"));
    expect<bool>(dnsNameEq(BUF, n, 12, NAME, w, 0)).toBe(false);
  });
});

describe("dns records", () => {
  test("dnsParseQuestion_reply_typeClassAndEnd", () => {
    const n = hex(BUF, REPLY);
    expect<i32>(dnsParseQuestion(BUF, n, 12)).toBe(33);
    expect<i32>(q_name).toBe(12);
    expect<u32>(q_type).toBe(1);
    expect<u32>(q_class).toBe(1);
  });

  test("dnsParseQuestion_typeCutShort_minusOne", () => {
    hex(BUF, REPLY);
    expect<i32>(dnsParseQuestion(BUF, 32, 12)).toBe(-1);
  });

  test("dnsParseRR_cnameThenA_fields", () => {
    const n = hex(BUF, REPLY);
    expect<i32>(dnsParseRR(BUF, n, 33)).toBe(51);
    expect<u32>(rr_type).toBe(5);
    expect<u32>(rr_ttl).toBe(300);
    expect<i32>(rr_rdata).toBe(45);
    expect<i32>(rr_rdlen).toBe(6);
    expect<i32>(dnsParseRR(BUF, n, 51)).toBe(67);
    expect<i32>(rr_name).toBe(51);
    expect<u32>(rr_type).toBe(1);
    expect<u32>(rr_class).toBe(1);
    expect<u32>(rr_ttl).toBe(3600);
    expect<u32>(u8at(BUF, rr_rdata + 3)).toBe(5);
  });

  test("dnsParseRR_rdataPastEnd_minusOne", () => {
    const n = hex(BUF, REPLY);
    expect<i32>(dnsParseRR(BUF, n - 1, 51)).toBe(-1);
  });

  test("dnsParseRR_aRecordNotFourBytes_minusOne", () => {
    const n = hex(BUF, "0000 0000 0000 0000 0000 0000 00 0001 0001 00000001 0005 0a00000500");
    expect<i32>(dnsParseRR(BUF, n, 12)).toBe(-1);
  });

  test("dnsWriteQuestionAndA_builtMessage_parsesBack", () => {
    const w = dnsEncodeName(NAME, 300, TEXT, text("host.local"));
    dnsWriteHeader(BUF2, 0, 0x8400, 1, 2, 0, 0);
    let off = dnsWriteQuestion(BUF2, 12, NAME, w, 255, 0x8001);
    expect<i32>(off).toBe(12 + 12 + 4);
    off = dnsWriteAPointer(BUF2, off, 12, 0x8001, 120, 0x0a000002);
    expect<i32>(off).toBe(28 + 16);
    off = dnsWriteA(BUF2, off, NAME, w, 1, 10, 0x0a000003);
    expect<i32>(off).toBe(44 + 12 + 14);
    expect<i32>(dnsParseQuestion(BUF2, off, 12)).toBe(28);
    expect<u32>(q_class).toBe(0x8001);
    expect<i32>(dnsParseRR(BUF2, off, 28)).toBe(44);
    expect<bool>(dnsNameEq(BUF2, off, rr_name, NAME, w, 0)).toBe(true);
    expect<u32>(rr_class).toBe(0x8001);
    expect<u32>(rr_ttl).toBe(120);
    expect<i32>(dnsParseRR(BUF2, off, 44)).toBe(off);
    expect<u32>(be16(BUF2, rr_rdata + 2)).toBe(3);
  });
});

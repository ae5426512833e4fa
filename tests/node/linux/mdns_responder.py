#!/usr/bin/env python3
"""Answers NAME.local's A record by multicast DNS (RFC 6762) on the Linux side, with Python's sockets only.

usage: mdns_responder.py NAME.local IFACE_ADDR

Listens on 224.0.0.251:5353 on the interface with IFACE_ADDR. A query from another port than 5353 gets the
legacy unicast answer of RFC 6762 6.7 (its ID and question, TTL 10); one from 5353 a multicast response
(TTL 120, cache-flush bit). Prints "ready" once listening, then "answered SOURCE PORT QU|QM" per answer.
"""
import socket
import struct
import sys

from mdns_query import GROUP, wire, read_name


def main():
    name, iface = sys.argv[1].rstrip("."), sys.argv[2]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", 5353))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(GROUP) + socket.inet_aton(iface))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(iface))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    print("ready", flush=True)
    while True:
        msg, src = s.recvfrom(9000)
        if len(msg) < 12:
            continue
        qid, flags, qd = struct.unpack("!3H", msg[:6])
        if flags & 0x8000:
            continue  # a response
        off = 12
        for _ in range(qd):
            qname, end = read_name(msg, off)
            qtype, qclass = struct.unpack("!HH", msg[end : end + 4])
            question, off = msg[off : end + 4], end + 4
            if qname.lower() != name.lower() or qtype not in (1, 255):
                continue
            address = socket.inet_aton(iface)
            if src[1] != 5353:
                answer = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 10, 4) + address
                s.sendto(struct.pack("!6H", qid, 0x8400, 1, 1, 0, 0) + question[:-2] + b"\x00\x01" + answer, src)
            else:
                answer = wire(name) + struct.pack("!HHIH", 1, 0x8001, 120, 4) + address
                s.sendto(struct.pack("!6H", 0, 0x8400, 0, 1, 0, 0) + answer, (GROUP, 5353))
            print("answered", src[0], src[1], "QU" if qclass & 0x8000 else "QM", flush=True)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Asks for NAME.local's A record by multicast DNS (RFC 6762) from the Linux side, with Python's sockets only.

usage: mdns_query.py NAME.local IFACE_ADDR legacy|multicast [TIMEOUT_S]

legacy: a one-shot query from an ephemeral port (RFC 6762 6.7); the answer comes back by unicast.
multicast: a query from port 5353 in the group; the answer is multicast to 224.0.0.251.
Prints "ADDRESS TTL SOURCE" for the first A record owned by NAME.local, or exits 1 on timeout.
"""
import socket
import struct
import sys
import time

GROUP = "224.0.0.251"


def wire(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def read_name(msg, off, hops=0):
    """The dotted name at off (pointers followed) and the offset past it."""
    labels, end = [], None
    while True:
        n = msg[off]
        if n & 0xC0 == 0xC0:
            if end is None:
                end = off + 2
            off = ((n & 0x3F) << 8) | msg[off + 1]
            hops += 1
            if hops > 16:
                raise ValueError("pointer loop")
            continue
        if n == 0:
            return ".".join(labels), (end if end is not None else off + 1)
        labels.append(msg[off + 1 : off + 1 + n].decode("ascii", "replace"))
        off += n + 1


def answers(msg):
    _id, flags, qd, an, ns, ar = struct.unpack("!6H", msg[:12])
    off = 12
    for _ in range(qd):
        _, off = read_name(msg, off)
        off += 4
    for _ in range(an + ns + ar):
        name, off = read_name(msg, off)
        rtype, rclass, ttl, rdlen = struct.unpack("!HHIH", msg[off : off + 10])
        off += 10
        yield name, rtype, rclass, ttl, msg[off : off + rdlen]
        off += rdlen


def main():
    name, iface, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if mode == "multicast":
        s.bind(("", 5353))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(GROUP) + socket.inet_aton(iface))
    else:
        s.bind((iface, 0))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(iface))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    qid = 0x1234 if mode == "legacy" else 0
    query = struct.pack("!6H", qid, 0, 1, 0, 0, 0) + wire(name) + struct.pack("!HH", 1, 1)
    deadline = time.time() + timeout
    next_send = 0.0
    while time.time() < deadline:
        if time.time() >= next_send:
            s.sendto(query, (GROUP, 5353))
            next_send = time.time() + 1.0
        s.settimeout(max(0.05, min(next_send, deadline) - time.time()))
        try:
            msg, src = s.recvfrom(9000)
        except socket.timeout:
            continue
        if len(msg) < 12 or not msg[2] & 0x80:
            continue  # a query (ours looped back, or another host's)
        if mode == "legacy" and struct.unpack("!H", msg[:2])[0] != qid:
            continue
        for owner, rtype, rclass, ttl, rdata in answers(msg):
            if rtype == 1 and owner.lower() == name.lower().rstrip(".") and len(rdata) == 4:
                print(socket.inet_ntoa(rdata), ttl, src[0])
                return 0
    print("timeout", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

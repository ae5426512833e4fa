# The Linux side of bench/loss-tap.ts: HTTP on the kernel's TCP, answering as `wasmtcp tap --serve http`
# does: GET /bytes/N sends N bytes, PUT /sink answers the body's length and SHA-256 as JSON (and prints
# "received N", also for a body cut short).
#   linux-http.py ADDRESS PORT  -- prints "ready" once listening, then serves one connection at a time
import hashlib, json, socket, sys

BLOCK = memoryview(bytes(range(256)) * 256)  # 64 KiB, sent again and again

def serve(c):
    f = c.makefile("rb")
    method, path, _ = f.readline().decode().split(" ", 2)
    headers = {}
    for _ in range(100):
        line = f.readline().decode().strip()
        if not line:
            break
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if method == "GET" and path.startswith("/bytes/"):
        n = int(path[len("/bytes/"):])
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % n)
        while n > 0:
            k = min(n, len(BLOCK))
            c.sendall(BLOCK[:k])
            n -= k
    elif method == "PUT":
        want, got, h = int(headers.get("content-length", "0")), 0, hashlib.sha256()
        try:
            while got < want:
                b = f.read1(min(1 << 16, want - got))
                if not b:
                    break
                h.update(b)
                got += len(b)
        finally:  # also when the client gives up part-way: what arrived is the goodput
            print("received", got, flush=True)
        body = json.dumps({"length": got, "sha256": h.hexdigest()}).encode() + b"\n"
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
    else:
        c.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    c.close()

if __name__ == "__main__":
    l = socket.socket()
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind((sys.argv[1], int(sys.argv[2])))
    l.listen(4)
    print("ready", flush=True)
    while True:
        c, _ = l.accept()
        c.settimeout(600)
        try:
            serve(c)
        except (OSError, ValueError) as e:
            print("connection failed:", e, file=sys.stderr, flush=True)

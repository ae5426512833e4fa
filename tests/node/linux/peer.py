# The Linux side of the interop tests, run inside the test's namespace by the kernel's own TCP.
#   peer.py client HOST PORT BYTES  -- connect, send BYTES pseudo-random bytes while reading the echo;
#                                      print sent and received byte counts and SHA-256 as JSON
#   peer.py echo PORT               -- print "listening PORT" once listening, accept one connection, echo it
#                                      until the peer half-closes, exit
import hashlib, json, os, socket, sys, threading

def client(host, port, total):
    s = socket.create_connection((host, int(port)), timeout=120)
    s.settimeout(300)
    sent, got = hashlib.sha256(), hashlib.sha256()
    nrecv = [0]
    def reader():
        while True:
            b = s.recv(1 << 16)
            if not b:
                break
            got.update(b)
            nrecv[0] += len(b)
    t = threading.Thread(target=reader)
    t.start()
    left = int(total)
    while left > 0:
        chunk = os.urandom(min(left, 1 << 16))
        s.sendall(chunk)
        sent.update(chunk)
        left -= len(chunk)
    s.shutdown(socket.SHUT_WR)
    t.join(300)
    print(json.dumps({"sent": int(total), "sentHash": sent.hexdigest(), "received": nrecv[0], "receivedHash": got.hexdigest()}))

def echo(port):
    l = socket.socket()
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("0.0.0.0", int(port)))
    l.listen(1)
    print("listening", port, flush=True)  # the tests start their clients on this line, not after a delay
    l.settimeout(120)
    c, _ = l.accept()
    c.settimeout(300)
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        c.sendall(b)
    c.shutdown(socket.SHUT_WR)
    c.close()

if __name__ == "__main__":
    {"client": lambda: client(*sys.argv[2:5]), "echo": lambda: echo(sys.argv[2])}[sys.argv[1]]()

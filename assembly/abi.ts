// Numbers that cross the ABI. host/abi.ts mirrors them; tests/node/abi.test.js checks the two agree.

// TCP states, RFC 9293 3.3.2.
export const enum State {
  CLOSED = 0,
  LISTEN = 1,
  SYN_SENT = 2,
  SYN_RECEIVED = 3,
  ESTABLISHED = 4,
  FIN_WAIT_1 = 5,
  FIN_WAIT_2 = 6,
  CLOSE_WAIT = 7,
  CLOSING = 8,
  LAST_ACK = 9,
  TIME_WAIT = 10,
}

// API errors: always negative, named after the errno a BSD socket would give.
export const enum Err {
  OK = 0,
  WOULDBLOCK = -1, // EAGAIN: nothing to read, no room to write, no connection to accept
  INVAL = -2, // EINVAL: bad argument, or a call that makes no sense in this state
  NOBUFS = -3, // ENOBUFS: no free socket slot
  ADDRINUSE = -4, // EADDRINUSE: port already listening, or no free ephemeral port
  NOTCONN = -5, // ENOTCONN: not connected (yet)
  BADF = -6, // EBADF: no such handle, or the handle was closed
  PIPE = -7, // EPIPE: write after shutdown(SHUT_WR) or after the connection closed
  CONNRESET = -8, // ECONNRESET: reset by the peer
  CONNREFUSED = -9, // ECONNREFUSED: RST answered our SYN
  TIMEDOUT = -10, // ETIMEDOUT: retransmissions or keepalive probes exhausted
  ISCONN = -11, // EISCONN
  OPNOTSUPP = -12, // EOPNOTSUPP: accept on a connection, send on a listener
  HOSTUNREACH = -13, // EHOSTUNREACH: ARP never answered
  CONNABORTED = -14, // ECONNABORTED: aborted locally
}

// tcp_events() bits.
export const enum Ev {
  READABLE = 1, // data to read, or end of stream (recv returns 0)
  WRITABLE = 2, // room in the send buffer and the connection may send
  ACCEPTABLE = 4, // listener: a connection is waiting in the accept queue
  CONNECTED = 8, // the handshake completed (stays set)
  EOF = 16, // the peer's FIN has arrived (recv returns 0 once the buffer is drained)
  ERROR = 32, // a pending error: tcp_getopt(h, SO_ERROR)
  CLOSED = 64, // state is CLOSED: nothing more will happen on this handle
  SEND_DRAINED = 128, // every byte written has been acknowledged (and our FIN, if sent)
}

// tcp_setopt / tcp_getopt option numbers (values are plain integers).
export const enum Opt {
  NODELAY = 1, // 0/1, TCP_NODELAY: disable Nagle
  KEEPALIVE = 2, // 0/1, SO_KEEPALIVE
  KEEPIDLE = 3, // seconds, TCP_KEEPIDLE
  KEEPINTVL = 4, // seconds, TCP_KEEPINTVL
  KEEPCNT = 5, // probes, TCP_KEEPCNT
  LINGER_ZERO = 6, // 0/1: close() aborts with RST (SO_LINGER with l_linger = 0)
  SO_ERROR = 7, // get only: pending error (negative Err) and clear it
  SNDBUF = 8, // get only: send buffer capacity in bytes
  RCVBUF = 9, // get only: receive buffer capacity in bytes
  MSS = 10, // get only: effective send MSS
  SND_QUEUED = 11, // get only: bytes written but not yet acknowledged
  RCV_QUEUED = 12, // get only: bytes received but not yet read
  CWND = 13, // get only: congestion window in bytes
  SRTT = 14, // get only: smoothed RTT in ms (0 before the first sample)
  RTO = 15, // get only: current retransmission timeout in ms
  REUSEADDR = 16, // 0/1, SO_REUSEADDR (accepted for compatibility; listeners never conflict with TIME_WAIT)
  SSTHRESH = 17, // get only: slow start threshold in bytes (0x7fffffff: not yet set, RFC 5681 3.1)
  RETRANSMITS = 18, // get only: retransmission timeouts in a row (the backoff exponent, RFC 6298 5.5)
}

// shutdown() how.
export const enum Shut {
  RD = 0,
  WR = 1,
  RDWR = 2,
}

// trace(kind, a, b, c) kinds.
export const enum Trace {
  STATE = 1, // a = handle, b = old state, c = new state
  DROP = 2, // a = drop reason (a stats index), b = handle or -1
  RETRANSMIT = 3, // a = handle, b = seq, c = length (SYN/FIN count 1)
  TIMER = 4, // a = handle, b = Timer that fired
  ERROR = 5, // a = handle, b = Err
  ARP = 6, // a = IPv4 address resolved (b = 1) or given up (b = 0)
}

export const enum Timer {
  REXMT = 1,
  PERSIST = 2,
  DELACK = 3,
  KEEPALIVE = 4,
  TIME_WAIT = 5,
  FIN_WAIT_2 = 6,
}

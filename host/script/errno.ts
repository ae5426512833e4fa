// The core's errors (host/abi.ts Err, generated from assembly/abi.ts) as the errno names scripts use, with
// Linux's numbers for those names (Linux's ABI, not the core's: getsockopt(SO_ERROR) returns them).
import { Err, errCode } from "../abi.js";

const LINUX_ERRNO: Record<string, number> = {
  EAGAIN: 11, EINVAL: 22, ENOBUFS: 105, EADDRINUSE: 98, ENOTCONN: 107, EBADF: 9, EPIPE: 32, ECONNRESET: 104,
  ECONNREFUSED: 111, ETIMEDOUT: 110, EISCONN: 106, EOPNOTSUPP: 95, EHOSTUNREACH: 113, ECONNABORTED: 103, EINPROGRESS: 115,
};

/** Each negative Err: its errno name and Linux number. */
export const ERRNO: Record<number, [string, number]> = Object.fromEntries(
  Object.values(Err).filter((v) => v < 0).map((v) => [v, [errCode(v), LINUX_ERRNO[errCode(v)]]]),
);
export const EINPROGRESS: [string, number] = ["EINPROGRESS", LINUX_ERRNO.EINPROGRESS];
export function errnoNumber(name: string): number | undefined {
  return LINUX_ERRNO[name === "EWOULDBLOCK" ? "EAGAIN" : name];
}

// The core's errors (assembly/abi.ts Err) as the errno names and Linux numbers scripts use.
export const ERRNO: Record<number, [string, number]> = {
  [-1]: ["EAGAIN", 11], [-2]: ["EINVAL", 22], [-3]: ["ENOBUFS", 105], [-4]: ["EADDRINUSE", 98], [-5]: ["ENOTCONN", 107],
  [-6]: ["EBADF", 9], [-7]: ["EPIPE", 32], [-8]: ["ECONNRESET", 104], [-9]: ["ECONNREFUSED", 111], [-10]: ["ETIMEDOUT", 110],
  [-11]: ["EISCONN", 106], [-12]: ["EOPNOTSUPP", 95], [-13]: ["EHOSTUNREACH", 113], [-14]: ["ECONNABORTED", 103],
};
export const EINPROGRESS: [string, number] = ["EINPROGRESS", 115];
export function errnoNumber(name: string): number | undefined {
  if (name === EINPROGRESS[0]) return EINPROGRESS[1];
  if (name === "EWOULDBLOCK") return 11;
  for (const [n, v] of Object.values(ERRNO)) if (n === name) return v;
  return undefined;
}

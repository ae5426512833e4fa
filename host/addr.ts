// Address notation: dotted IPv4 and colon-separated MACs to numbers and back.
export function parseIp(s: string): number {
  const p = s.split(".").map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new Error(`bad IPv4 address: ${s}`);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}
export function formatIp(n: number): string { return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join("."); }
export function parseMac(s: string): number[] {
  const p = s.split(":").map((x) => parseInt(x, 16));
  if (p.length !== 6 || p.some((x) => !(x >= 0 && x <= 255))) throw new Error(`bad MAC address: ${s}`);
  return p;
}
export function formatMac(b: ArrayLike<number>): string { return Array.from({ length: 6 }, (_, i) => b[i].toString(16).padStart(2, "0")).join(":"); }
/** "10.0.0.1/24" to address and netmask. */
export function parseCidr(s: string): { ip: number; netmask: number } {
  const [a, bits = "24"] = s.split("/");
  const n = Number(bits);
  return { ip: parseIp(a), netmask: n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0 };
}

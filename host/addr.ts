// Address notation: dotted IPv4 and colon-separated MACs to numbers and back.
export function parseIp(s: string): number {
  const p = s.split(".").map((x) => (/^\d{1,3}$/.test(x) ? Number(x) : NaN));
  if (p.length !== 4 || p.some((x) => !(x >= 0 && x <= 255))) throw new Error(`bad IPv4 address: ${s}`);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}
export function formatIp(n: number): string { return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join("."); }
export function parseMac(s: string): number[] {
  const p = s.split(":").map((x) => (/^[0-9a-f]{1,2}$/i.test(x) ? parseInt(x, 16) : NaN));
  if (p.length !== 6 || p.some((x) => !(x >= 0 && x <= 255))) throw new Error(`bad MAC address: ${s}`);
  return p;
}
export function formatMac(b: ArrayLike<number>): string { return Array.from({ length: 6 }, (_, i) => b[i].toString(16).padStart(2, "0")).join(":"); }
/** "10.0.0.1/24" to address and netmask; without "/NN" the prefix is /24. */
export function parseCidr(s: string): { ip: number; netmask: number } {
  const [a, bits = "24", ...rest] = s.split("/");
  const n = /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
  if (rest.length || !(n >= 0 && n <= 32)) throw new Error(`bad prefix length in ${s}: expected /0 to /32`);
  return { ip: parseIp(a), netmask: n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0 };
}

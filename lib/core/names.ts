/** Name and value checks shared by every construct. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label: lowercase alphanumerics and '-', at most 63 characters (namespaces, Services). */
export function isDnsLabel(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 63 && DNS1123_LABEL.test(s);
}

/** A DNS-1123 subdomain: labels joined by '.', at most 253 characters (most object names). */
export function isDnsSubdomain(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** A public DNS name with at least two labels, e.g. `teaching.example.org`. */
export function isDomain(s: unknown): s is string {
  return isDnsSubdomain(s) && (s as string).includes('.');
}

/** Parse an IPv4 address to a 32-bit unsigned number, or undefined. */
export function parseIpv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** A parsed IPv4 CIDR. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
  readonly text: string;
}

/** Parse `a.b.c.d/n` (host bits must be zero, as Kubernetes requires). */
export function parseCidr(s: unknown): Cidr | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const base = parseIpv4(m[1]);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if (((base & mask) >>> 0) !== base) return undefined;
  return { base, prefix, text: s };
}

/** True when `inner` lies within `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (inner.prefix < outer.prefix) return false;
  const mask = outer.prefix === 0 ? 0 : (0xffffffff << (32 - outer.prefix)) >>> 0;
  return ((inner.base & mask) >>> 0) === outer.base;
}

/** True when the two ranges share at least one address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** An address range `a.b.c.d-e.f.g.h` or a CIDR, as MetalLB takes it. */
export function isAddressRange(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  if (parseCidr(s)) return true;
  const m = /^([0-9.]+)\s*-\s*([0-9.]+)$/.exec(s);
  if (!m) return false;
  const a = parseIpv4(m[1]);
  const b = parseIpv4(m[2]);
  return a !== undefined && b !== undefined && a <= b;
}

/** An image reference pinned to a tag other than `latest`, or to a digest. */
export function isPinnedImage(image: unknown): boolean {
  if (typeof image !== 'string' || image.length === 0) return false;
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const lastSlash = image.lastIndexOf('/');
  const lastPart = image.slice(lastSlash + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon < 0) return false;
  const tag = lastPart.slice(colon + 1);
  return tag.length > 0 && tag !== 'latest' && /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag);
}

/**
 * Address ranges of either family as intervals of integers (BigInt), for questions about lists of
 * CIDRs as a whole: how much public address space does an allow list cover together, and what is
 * left of a range once some CIDRs are cut out of it. (lib/core/names.ts parses single IPv4 CIDRs for
 * the NetworkPolicy evaluator.)
 */
import { parseIpv4 } from './names';

/** A CIDR of either family: addresses `base` … `base + 2^(bits − prefix) − 1`. */
export interface AnyCidr {
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly prefix: number;
  readonly text: string;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Parse an IPv6 address (with `::` and an IPv4 tail) to a 128-bit number, or undefined. */
export function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
}

/** Parse `a.b.c.d/n` or `x:y::/n` (host bits must be zero, as Kubernetes and the ingress controllers take them). */
export function parseAnyCidr(s: unknown): AnyCidr | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const prefix = Number(m[2]);
  const v4 = /^[0-9.]+$/.test(m[1]) ? parseIpv4(m[1]) : undefined;
  const family: 4 | 6 = v4 !== undefined ? 4 : 6;
  const base = v4 !== undefined ? BigInt(v4) : parseIpv6(m[1]);
  if (base === undefined || prefix > BITS[family]) return undefined;
  const host = (1n << BigInt(BITS[family] - prefix)) - 1n;
  if ((base & host) !== 0n) return undefined;
  return { family, base, prefix, text: s };
}

/** A half-open interval [from, to) of addresses of one family. */
export interface Interval {
  readonly from: bigint;
  readonly to: bigint;
}

/** The interval a CIDR covers. */
export function intervalOf(c: AnyCidr): Interval {
  return { from: c.base, to: c.base + (1n << BigInt(BITS[c.family] - c.prefix)) };
}

/** Sorted, merged intervals. */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to) out[out.length - 1] = { from: last.from, to: i.to > last.to ? i.to : last.to };
    else out.push(i);
  }
  return out;
}

/** `a` minus `b` (both merged lists). */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  const cuts = union(b);
  for (const i of a) {
    let from = i.from;
    for (const c of cuts) {
      if (c.to <= from || c.from >= i.to) continue;
      if (c.from > from) out.push({ from, to: c.from });
      from = c.to > from ? c.to : from;
      if (from >= i.to) break;
    }
    if (from < i.to) out.push({ from, to: i.to });
  }
  return out;
}

/** How many addresses the intervals hold. */
export function sizeOf(intervals: readonly Interval[]): bigint {
  return intervals.reduce((n, i) => n + (i.to - i.from), 0n);
}

/** The fewest CIDRs that cover exactly the interval (for writing a remainder as NetworkPolicy peers). */
export function cidrsOf(i: Interval, family: 4 | 6): string[] {
  const bits = BITS[family];
  const out: string[] = [];
  let from = i.from;
  while (from < i.to) {
    let size = 1n;
    let prefix = bits;
    // The largest aligned block that starts at `from` and fits.
    while (prefix > 0 && from % (size * 2n) === 0n && from + size * 2n <= i.to) {
      size *= 2n;
      prefix--;
    }
    out.push(`${formatAddress(from, family)}/${prefix}`);
    from += size;
  }
  return out;
}

/** Write an address of a family (IPv6 in full hex groups, shortened once with "::"). */
export function formatAddress(n: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, k) => Number((n >> BigInt(112 - 16 * k)) & 0xffffn).toString(16));
  const text = groups.join(':');
  const zeros = /(^|:)0(:0)+(:|$)/g;
  let best = '';
  for (const m of text.matchAll(zeros)) if (m[0].length > best.length) best = m[0];
  return best ? text.replace(best, '::') : text;
}

/** Private and special-use ranges of both families (RFC 1918, 6598, 3927, 4193, 4291 link-local and loopback). */
export const NON_PUBLIC_RANGES: readonly string[] = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8',
  'fc00::/7', 'fe80::/10', '::1/128',
];

import { Cidr, cidrContains, cidrOverlaps, parseCidr } from '../core/names';

/**
 * Three-valued answers: a pod's address is "some address in the pod network", so whether an
 * `ipBlock` admits it can be certain (`yes`/`no`) or depend on the address it gets (`maybe`).
 * A needed flow must be `yes`; a forbidden flow must be `no`.
 */
export type Tri = 'yes' | 'no' | 'maybe';

export const triAnd = (a: Tri, b: Tri): Tri => (a === 'no' || b === 'no' ? 'no' : a === 'yes' && b === 'yes' ? 'yes' : 'maybe');
export const triOr = (a: Tri, b: Tri): Tri => (a === 'yes' || b === 'yes' ? 'yes' : a === 'no' && b === 'no' ? 'no' : 'maybe');

const parsed = new Map<string, Cidr>();

/** Parse (memoized: policies repeat the same ranges), throwing on bad input (the model only holds CIDRs that rules already validated). */
export function cidr(text: string): Cidr {
  let c = parsed.get(text);
  if (c) return c;
  c = parseCidr(text.includes('/') ? text : `${text}/32`);
  if (!c) throw new Error(`not an IPv4 CIDR: ${text}`);
  parsed.set(text, c);
  return c;
}

/** Number of addresses in a CIDR (as a float: a /0 has 2^32). */
function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** The overlap of two CIDRs (CIDRs either nest or are disjoint), or undefined. */
export function intersect(a: Cidr, b: Cidr): Cidr | undefined {
  if (!cidrOverlaps(a, b)) return undefined;
  return a.prefix >= b.prefix ? a : b;
}

/** How many addresses of `within` the CIDRs cover together (overlaps counted once). */
function covered(within: Cidr, parts: readonly Cidr[]): number {
  const inside = parts.map((p) => intersect(p, within)).filter((p): p is Cidr => !!p);
  // Drop parts contained in another part, then the rest are pairwise disjoint.
  const kept = inside.filter((p, i) => !inside.some((q, j) => j !== i && cidrContains(q, p) && (q.prefix < p.prefix || j < i)));
  return kept.reduce((n, p) => n + size(p), 0);
}

/**
 * Does `ipBlock` (cidr minus except) admit an address from `target`? `yes` when it admits every
 * address of target, `no` when none, `maybe` otherwise.
 */
export function ipBlockAdmits(block: { cidr: string; except?: readonly string[] }, target: Cidr): Tri {
  const base = cidr(block.cidr);
  const hit = intersect(base, target);
  if (!hit) return 'no';
  const excepts = (block.except ?? []).map(cidr);
  const removed = covered(hit, excepts);
  const hitAll = cidrContains(base, target);
  if (removed === 0) return hitAll ? 'yes' : 'maybe';
  if (removed >= size(hit)) return 'no';
  return 'maybe';
}

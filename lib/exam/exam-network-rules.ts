/**
 * Exam networks stay narrow. An exam hub admits clients only from the exam rooms and the VPN
 * (`allowedSourceCidrs`), and its notebooks reach nothing but their hub, proxy and exchange plus a
 * few named destinations (`egressAllowances`). Both lists are easy to widen by mistake (a /1, a
 * `0.0.0.0/0` copied from a course hub, two halves of the internet), so:
 *
 * - every allowed source range is at most a /16 (IPv4) or a /48 (IPv6), and all of them together
 *   cover no more public address space than one such range (the union is counted, so 0.0.0.0/1 +
 *   128.0.0.0/1, or 256 public /16s, are refused like 0.0.0.0/0);
 * - every egress allowance is at most a /24, and none overlaps a private range, the cluster's node,
 *   pod or service network or one of its blocked ranges (lib/fleet/cluster-spec.ts forbiddenCidrs);
 * - the bounds are props (`ExamHubProps.networkBounds`) for the rare exam that needs more.
 *
 * The flows hold whatever the allowances: the exam's "no internet" and "no private ranges" flows are
 * proved for the ranges minus the allowances (lib/hub/hub-flows.ts), not skipped.
 */
import { PropRule } from '../core/errors';
import { intervalOf, NON_PUBLIC_RANGES, parseAnyCidr, sizeOf, subtract, union } from '../core/ip-ranges';
import { cidrOverlaps, parseCidr } from '../core/names';
import { ClusterSpec, forbiddenCidrs } from '../fleet/cluster-spec';

/** How wide an exam's networks may be. */
export interface ExamNetworkBounds {
  /** The widest allowed source range in IPv4, as a prefix length (16 = a /16). @default 16 */
  readonly sourcePrefixIpv4?: number;
  /** The widest allowed source range in IPv6, as a prefix length. @default 48 */
  readonly sourcePrefixIpv6?: number;
  /** The widest egress allowance (IPv4), as a prefix length. @default 24 */
  readonly egressPrefix?: number;
}

/** The defaults of {@link ExamNetworkBounds}. */
export const EXAM_NETWORK_BOUNDS: Required<ExamNetworkBounds> = { sourcePrefixIpv4: 16, sourcePrefixIpv6: 48, egressPrefix: 24 };

/** What the rules look at. */
export interface ExamNetworkInput {
  readonly allowedSourceCidrs: readonly string[];
  readonly egressAllowances: ReadonlyArray<{ readonly cidr: string }>;
  readonly bounds?: ExamNetworkBounds;
  readonly spec: ClusterSpec;
}

const bounds = (e: ExamNetworkInput): Required<ExamNetworkBounds> => ({ ...EXAM_NETWORK_BOUNDS, ...(e.bounds ?? {}) });
const widest = (e: ExamNetworkInput, family: 4 | 6) => (family === 4 ? bounds(e).sourcePrefixIpv4 : bounds(e).sourcePrefixIpv6);

/** Source ranges wider than the bound of their family. */
export function tooWideSources(e: ExamNetworkInput): string[] {
  return e.allowedSourceCidrs.filter((t) => {
    const c = parseAnyCidr(t);
    return c !== undefined && c.prefix < widest(e, c.family);
  });
}

/** Public addresses the source ranges cover together, per family, beyond one range of the bound (0 when within it). */
export function publicSourceExcess(e: ExamNetworkInput): { family: 4 | 6; addresses: bigint; allowed: bigint }[] {
  const out: { family: 4 | 6; addresses: bigint; allowed: bigint }[] = [];
  for (const family of [4, 6] as const) {
    const ranges = e.allowedSourceCidrs.map(parseAnyCidr).filter((c) => c?.family === family).map((c) => intervalOf(c!));
    const excluded = NON_PUBLIC_RANGES.map(parseAnyCidr).filter((c) => c?.family === family).map((c) => intervalOf(c!));
    const pub = sizeOf(subtract(union(ranges), excluded));
    const allowed = 1n << BigInt((family === 4 ? 32 : 128) - widest(e, family));
    if (pub > allowed) out.push({ family, addresses: pub, allowed });
  }
  return out;
}

/** Egress allowances wider than the bound. */
export function tooWideAllowances(e: ExamNetworkInput): string[] {
  return e.egressAllowances.map((a) => a.cidr).filter((t) => {
    const c = parseCidr(t);
    return c !== undefined && c.prefix < bounds(e).egressPrefix;
  });
}

/** Egress allowances that overlap a private, cluster or blocked range, with the range. */
export function forbiddenAllowances(e: ExamNetworkInput): string[] {
  const forbidden = forbiddenCidrs(e.spec).map((t) => parseCidr(t)!);
  const out: string[] = [];
  for (const a of e.egressAllowances) {
    const c = parseCidr(a.cidr);
    const hit = c && forbidden.find((f) => cidrOverlaps(f, c));
    if (hit) out.push(`${a.cidr} (overlaps ${hit.text})`);
  }
  return out;
}

/** `n` public addresses as a share of the family's address space and as a count. */
function amount(n: bigint, family: 4 | 6): string {
  const share = Number((n * 10000n) / (1n << BigInt(family === 4 ? 32 : 128))) / 100;
  return `${n.toLocaleString('en-US')} public IPv${family} addresses (${share} % of all)`;
}

/** The rule rows; ExamHub adds them to its own table (each has a "fails …" test in test/exam/exam-network-rules.test.ts). */
export const EXAM_NETWORK_RULES: readonly PropRule<ExamNetworkInput>[] = [
  {
    id: 'exam-source-narrow',
    field: 'allowedSourceCidrs',
    value: tooWideSources,
    ok: (e) => tooWideSources(e).length === 0,
    message: (e) => `an exam admits clients from the exam rooms and the VPN only, but these ranges are wider than a /${bounds(e).sourcePrefixIpv4} (IPv4) or /${bounds(e).sourcePrefixIpv6} (IPv6): ${tooWideSources(e).join(', ')}.`,
    fix: 'list the networks of the exam rooms and the VPN (e.g. ["10.30.10.0/24", "10.8.0.0/20"]); if a room network really is wider, raise networkBounds.sourcePrefixIpv4 (or …Ipv6) for this exam.',
  },
  {
    id: 'exam-source-public',
    field: 'allowedSourceCidrs',
    value: (e) => e.allowedSourceCidrs,
    ok: (e) => publicSourceExcess(e).length === 0,
    message: (e) =>
      `together the allowed ranges cover ${publicSourceExcess(e).map((x) => `${amount(x.addresses, x.family)}, more than one /${widest(e, x.family)} (${x.allowed.toLocaleString('en-US')})`).join(' and ')}: the exam would be open to that much of the internet, however the ranges are split.`,
    fix: 'admit the exam rooms and the VPN only (private ranges, or the university\'s own public block); remove ranges such as 0.0.0.0/0 or its halves.',
  },
  {
    id: 'exam-egress-narrow',
    field: 'egressAllowances[].cidr',
    value: tooWideAllowances,
    ok: (e) => tooWideAllowances(e).length === 0,
    message: (e) => `exam notebooks may reach a few named servers only, but these allowances are wider than a /${bounds(e).egressPrefix}: ${tooWideAllowances(e).join(', ')}.`,
    fix: 'allow the servers themselves (e.g. { cidr: "203.0.113.10/32", tcpPorts: [443], reason: "licence server" }); raise networkBounds.egressPrefix only for a server farm that needs it.',
  },
  {
    id: 'exam-egress-private',
    field: 'egressAllowances[].cidr',
    value: forbiddenAllowances,
    ok: (e) => forbiddenAllowances(e).length === 0,
    message: (e) => `exam notebooks never reach private, node, pod, service or blocked ranges, but these allowances overlap one: ${forbiddenAllowances(e).join(', ')}.`,
    fix: 'remove the allowance; a service inside the cluster or campus that an exam needs belongs in the exam namespace (or behind a public address of its own).',
  },
  {
    id: 'exam-network-bounds',
    field: 'networkBounds',
    value: (e) => e.bounds,
    ok: (e) => {
      const b = bounds(e);
      return Number.isInteger(b.sourcePrefixIpv4) && b.sourcePrefixIpv4 >= 8 && b.sourcePrefixIpv4 <= 32 && Number.isInteger(b.sourcePrefixIpv6) && b.sourcePrefixIpv6 >= 16 && b.sourcePrefixIpv6 <= 128 && Number.isInteger(b.egressPrefix) && b.egressPrefix >= 16 && b.egressPrefix <= 32;
    },
    message: 'networkBounds are prefix lengths: sourcePrefixIpv4 from 8 to 32, sourcePrefixIpv6 from 16 to 128, egressPrefix from 16 to 32.',
    fix: 'e.g. networkBounds: { sourcePrefixIpv4: 15 } for a room network that is a /15.',
  },
];

import { ClusterModel, ModelWorkload } from '../model/cluster-model';
import { HubInventoryEntry } from '../model/declarations';
import { allocatableOf } from '../model/nodes';
import { ClusterCapacity, poolAdmits, poolTotals } from './pools';
import { add, fits, limitsOf, requestsOf, Resources, scale, ZERO } from './resources';

/**
 * What the hubs ask for: for every hub, its concurrent servers × the guarantees (requests: what the
 * scheduler reserves) and × the limits (what they may use), per profile, on the pools each profile
 * may use (node selector, affinity, tolerations, GPUs). Three cases per hub:
 * - `largest`: every server at the largest profile (by memory guarantee, then CPU, then GPUs);
 * - `default`: every server at the default profile (the one marked default, else the first);
 * - `mix`: servers split by the profiles' declared `expectedShare` (RuntimePodDecl), when the hub
 *   has several profiles and any declares one.
 * The peak a verdict uses is `mix` when declared, else `default`. The namespace's GPU quota caps
 * the GPU servers of every case (the rest are refused at spawn, `quotaRefused`). See "Demand" in
 * lib/capacity/README.md.
 */

export interface ProfileDemand {
  /** The profile's display name; `default` for a hub without profiles. */
  readonly name: string;
  readonly default: boolean;
  /** Declared share of the servers (0–1). */
  readonly share?: number;
  /** Per server. */
  readonly requests: Resources;
  readonly limits: Resources;
  /** Pools that admit it and where one server fits on an empty node. */
  readonly pools: readonly string[];
}

/** Servers of a case on one pool. */
export interface PoolShare {
  readonly servers: number;
  readonly requests: Resources;
  readonly limits: Resources;
}

export interface PeakCase {
  /** Servers per profile name. */
  readonly servers: Readonly<Record<string, number>>;
  /** Per pool name. */
  readonly perPool: Readonly<Record<string, PoolShare>>;
  readonly requests: Resources;
  readonly limits: Resources;
  /** Servers whose profile fits no pool (the wiring rule `wiring-scheduling` reports them). */
  readonly unplaceable: number;
  /** Servers the namespace's ResourceQuota refuses (GPU quota below servers × GPUs), per profile. */
  readonly quotaRefused: Readonly<Record<string, number>>;
}

export interface HubDemand {
  readonly name: string;
  /** course, exam, grading, or `other` for runtime pods of a package that declared no hub. */
  readonly kind: string;
  readonly namespace: string;
  readonly concurrency: number;
  /** Construct path of the declaring package, for messages. */
  readonly path: string;
  /** An exam's window (runtime pods with `window`): its servers run only then. */
  readonly window?: { readonly start: string; readonly end: string; readonly timeZone?: string };
  readonly profiles: readonly ProfileDemand[];
  readonly largest: PeakCase;
  readonly default: PeakCase;
  readonly mix?: PeakCase;
  readonly basis: 'mix' | 'default';
  readonly peak: PeakCase;
}

const profileName = (w: ModelWorkload): string => /profile "(.*)"\)$/.exec(w.name)?.[1] ?? 'default';

/** Split n servers over pools in proportion to weights (largest remainder; ties in pool order). */
export function splitServers(n: number, pools: readonly string[], weights: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (pools.length === 0 || n <= 0) return out;
  const total = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const w = total > 0 ? weights.map((x) => Math.max(0, x) / total) : pools.map(() => 1 / pools.length);
  const exact = w.map((x) => x * n);
  const base = exact.map(Math.floor);
  let left = n - base.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    base[i]++;
    left--;
  }
  pools.forEach((p, i) => {
    if (base[i] > 0) out[p] = base[i];
  });
  return out;
}

/** Largest remainder split of n servers by shares (profiles without a share share what is left). */
export function serversByShare(n: number, profiles: readonly ProfileDemand[]): Record<string, number> {
  const declared = profiles.filter((p) => p.share !== undefined);
  const declaredSum = declared.reduce((a, p) => a + (p.share ?? 0), 0);
  const rest = profiles.filter((p) => p.share === undefined);
  const restShare = rest.length ? Math.max(0, 1 - declaredSum) / rest.length : 0;
  const shares = profiles.map((p) => (p.share !== undefined ? p.share : restShare));
  const names = profiles.map((p) => p.name);
  return splitServers(n, names, shares);
}

/**
 * Servers the namespace's ResourceQuota admits: for every extended resource with a
 * `requests.<name>` quota (the GPU quota a hub sets), profiles take it in order until it is used up.
 */
export function admittedByQuota(servers: Record<string, number>, profiles: readonly ProfileDemand[], hard: Readonly<Record<string, string>>): { servers: Record<string, number>; refused: Record<string, number> } {
  const out = { ...servers };
  const refused: Record<string, number> = {};
  for (const [key, v] of Object.entries(hard)) {
    const res = key.startsWith('requests.') ? key.slice('requests.'.length) : undefined;
    if (!res || !res.includes('/') || !Number.isFinite(Number(v))) continue;
    let left = Number(v);
    for (const p of profiles) {
      const per = p.requests.extended[res] ?? 0;
      if (per <= 0 || !out[p.name]) continue;
      const n = Math.min(out[p.name], Math.max(0, Math.floor(left / per)));
      if (n < out[p.name]) refused[p.name] = (refused[p.name] ?? 0) + out[p.name] - n;
      out[p.name] = n;
      left -= n * per;
    }
  }
  return { servers: out, refused };
}

function peakCase(wanted: Record<string, number>, profiles: readonly ProfileDemand[], weight: (pool: string) => number, hard: Readonly<Record<string, string>> = {}): PeakCase {
  const { servers, refused } = admittedByQuota(wanted, profiles, hard);
  const perPool: Record<string, { servers: number; requests: Resources; limits: Resources }> = {};
  let requests = ZERO;
  let limits = ZERO;
  let unplaceable = 0;
  for (const p of profiles) {
    const n = servers[p.name] ?? 0;
    if (n === 0) continue;
    if (p.pools.length === 0) {
      unplaceable += n;
      continue;
    }
    requests = add(requests, scale(p.requests, n));
    limits = add(limits, scale(p.limits, n));
    for (const [pool, k] of Object.entries(splitServers(n, p.pools, p.pools.map(weight)))) {
      const cur = perPool[pool] ?? { servers: 0, requests: ZERO, limits: ZERO };
      perPool[pool] = { servers: cur.servers + k, requests: add(cur.requests, scale(p.requests, k)), limits: add(cur.limits, scale(p.limits, k)) };
    }
  }
  return { servers, perPool, requests, limits, unplaceable, quotaRefused: refused };
}

/** Bigger by memory guarantee, then CPU guarantee, then extended resources. */
function larger(a: ProfileDemand, b: ProfileDemand): boolean {
  if (a.requests.memoryBytes !== b.requests.memoryBytes) return a.requests.memoryBytes > b.requests.memoryBytes;
  if (a.requests.cpuMillis !== b.requests.cpuMillis) return a.requests.cpuMillis > b.requests.cpuMillis;
  const ext = (p: ProfileDemand) => Object.values(p.requests.extended).reduce((x, y) => x + y, 0);
  return ext(a) > ext(b);
}

/** The demand of every hub (and of runtime pods no hub declared), in declaration order. */
export function hubDemands(model: ClusterModel, capacity: ClusterCapacity): HubDemand[] {
  const hubs: Array<{ entry: HubInventoryEntry; path: string }> = model.declarations.flatMap(({ pkg, decl }) => decl.hubs.map((entry) => ({ entry, path: pkg.node.path })));
  const runtime = model.workloads.filter((w) => w.source === 'runtime');
  const freeMemory = new Map(capacity.pools.map((p) => [p.name, poolTotals(p).free.memoryBytes]));
  const weight = (pool: string) => freeMemory.get(pool) ?? 0;
  const groups = new Map<string, { entry?: HubInventoryEntry; path: string; pods: ModelWorkload[] }>();
  for (const h of hubs) groups.set(`hub:${h.entry.namespace}`, { entry: h.entry, path: h.path, pods: [] });
  for (const w of runtime) {
    // A hub's profiles are the pods its KubeSpawner creates; other run-time pods of its namespace
    // (placeholders, a worker some controller starts) are demands of their own, never a profile.
    const spawned = w.runtime!.createdBy.startsWith('KubeSpawner of hub');
    const k = spawned && groups.has(`hub:${w.namespace}`) ? `hub:${w.namespace}` : `other:${w.namespace}:${w.runtime!.createdBy}`;
    const g = groups.get(k) ?? { path: w.path, pods: [] };
    g.pods.push(w);
    groups.set(k, g);
  }
  const quotas = new Map<string, Record<string, string>>();
  for (const o of model.objects) {
    if (o.json.kind !== 'ResourceQuota') continue;
    const ns = o.json.metadata?.namespace ?? '';
    quotas.set(ns, { ...(quotas.get(ns) ?? {}), ...(o.json.spec?.hard ?? {}) });
  }
  const out: HubDemand[] = [];
  for (const g of groups.values()) {
    if (g.pods.length === 0) continue;
    // A course of the catalogue takes seats only while its term is open (lib/catalogue/lifecycle.ts).
    if (g.entry?.lifecycle && g.entry.lifecycle.phase !== 'open') continue;
    const entry = g.entry;
    const defaultName = entry?.profiles.find((p) => p.default)?.displayName;
    const profiles: ProfileDemand[] = g.pods.map((w, i) => {
      const requests = requestsOf(w.podSpec);
      const name = profileName(w);
      const pools = model.spec.nodePools
        .filter((p) => poolAdmits(model, w.podSpec, p))
        .filter((p) => {
          const a = allocatableOf(model.spec, p);
          return fits(requests, { cpuMillis: a.cpuMillis, memoryBytes: a.memoryBytes, extended: a.extended });
        })
        .map((p) => p.name);
      return {
        name,
        default: defaultName !== undefined ? name === defaultName : i === 0,
        ...(w.runtime!.expectedShare !== undefined ? { share: w.runtime!.expectedShare } : {}),
        requests,
        limits: limitsOf(w.podSpec),
        pools,
      };
    });
    const concurrency = entry?.concurrency ?? Math.max(...g.pods.map((w) => w.runtime!.maxCount));
    const all = (name: string) => ({ [name]: concurrency });
    const def = profiles.find((p) => p.default) ?? profiles[0];
    const big = profiles.reduce((a, b) => (larger(b, a) ? b : a));
    const ns = entry?.namespace ?? g.pods[0].namespace;
    const hard = quotas.get(ns) ?? {};
    const mix = profiles.length > 1 && profiles.some((p) => p.share !== undefined) ? peakCase(serversByShare(concurrency, profiles), profiles, weight, hard) : undefined;
    const dflt = peakCase(all(def.name), profiles, weight, hard);
    const w0 = g.pods.find((w) => w.runtime!.window)?.runtime!.window;
    out.push({
      name: entry?.name ?? g.pods[0].runtime!.createdBy,
      kind: entry?.kind ?? 'other',
      namespace: entry?.namespace ?? g.pods[0].namespace,
      concurrency,
      path: g.path,
      ...(w0 ? { window: { start: w0.start, end: w0.end, ...(entry?.window?.timeZone ? { timeZone: entry.window.timeZone } : {}) } } : {}),
      profiles,
      largest: peakCase(all(big.name), profiles, weight, hard),
      default: dflt,
      ...(mix ? { mix } : {}),
      basis: mix ? 'mix' : 'default',
      peak: mix ?? dflt,
    });
  }
  return out;
}

/** The hubs' peak per pool, summed (semester hubs only: exams run in their windows). */
export function semesterPeakPerPool(demands: readonly HubDemand[]): Map<string, PoolShare> {
  const out = new Map<string, PoolShare>();
  for (const d of demands) {
    if (d.window) continue;
    for (const [pool, s] of Object.entries(d.peak.perPool)) {
      const cur = out.get(pool) ?? { servers: 0, requests: ZERO, limits: ZERO };
      out.set(pool, { servers: cur.servers + s.servers, requests: add(cur.requests, s.requests), limits: add(cur.limits, s.limits) });
    }
  }
  return out;
}

/** Ratio need/have on the binding resource (the largest ratio), with its name: `memory`, `cpu` or an extended resource. */
export function binding(need: Resources, have: Resources): { resource: string; ratio: number } {
  const ratio = (n: number, h: number) => (h > 0 ? n / h : n > 0 ? Infinity : 0);
  let best = { resource: 'memory', ratio: ratio(need.memoryBytes, have.memoryBytes) };
  const cpu = ratio(need.cpuMillis, have.cpuMillis);
  if (cpu > best.ratio + 1e-12) best = { resource: 'cpu', ratio: cpu };
  for (const [k, v] of Object.entries(need.extended)) {
    const r = ratio(v, have.extended[k] ?? 0);
    if (v > 0 && r > best.ratio + 1e-12) best = { resource: k, ratio: r };
  }
  return best;
}

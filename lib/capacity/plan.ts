import { ClusterModel } from '../model/cluster-model';
import { binding, HubDemand, hubDemands, PeakCase, PoolShare, semesterPeakPerPool } from './demand';
import { examTimeline, examWindows, ExamWindow } from './exams';
import { ClusterCapacity, clusterCapacity, poolTotals } from './pools';
import { add, amount, fits, ResourceAmount, Resources, scale, sub, sum, ZERO } from './resources';
import { commonSeat, SeatSize, seatsOf, SeatsResult } from './seats';

/**
 * The capacity plan of a cluster: pools, platform, hubs, seats, exams and the verdict, as one JSON
 * document (`hubfleet capacity --json`; the fields are documented in lib/capacity/README.md).
 * Deterministic: the same app stack gives the same document.
 */

export const DEFAULT_TYPICAL_USE_FRACTION = 0.75;

export interface CapacityOptions {
  /** The seat size; fields not given come from the most common default size of the hubs. @default that size */
  readonly seat?: Partial<Omit<SeatSize, 'origin'>>;
  /** @default ClusterSpec capacity.typicalUseFraction, else 0.75 */
  readonly typicalUseFraction?: number;
}

export interface PoolRow {
  readonly name: string;
  readonly roles: readonly string[];
  readonly count: number;
  /** False when the VMs are not Kubernetes nodes (Kubespray's etcd-only hosts). */
  readonly schedulable: boolean;
  readonly node: ResourceAmount;
  readonly reservePerNode: { readonly cpu: number; readonly memoryGiB: number };
  /** count × (node − reserve). */
  readonly allocatable: ResourceAmount;
  /** Per-node pods × count. */
  readonly daemons: ResourceAmount;
  readonly daemonList: ReadonlyArray<{ readonly name: string; readonly source: string; readonly perNode: ResourceAmount }>;
  /** Requests of the platform pods placed on the pool. */
  readonly platform: ResourceAmount;
  readonly platformPods: number;
  /** allocatable − daemons − platform. */
  readonly freeForUsers: ResourceAmount;
  /** The semester hubs at their peak (exams excluded). */
  readonly hubsAtPeak: { readonly servers: number; readonly requests: ResourceAmount; readonly limits: ResourceAmount };
  /** freeForUsers − hubsAtPeak.requests (negative: does not fit). */
  readonly free: ResourceAmount;
  /** The resource whose peak requests use the largest share of freeForUsers, and that share. */
  readonly binding: { readonly resource: string; readonly requestsRatio: number };
  /** Peak limits ÷ freeForUsers. */
  readonly limitsRatio: { readonly cpu: number; readonly memory: number };
}

export interface HubRow {
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  readonly concurrency: number;
  readonly window?: { readonly start: string; readonly end: string; readonly timeZone?: string };
  /** Which case the peak is: `mix` (declared shares) or `default`. */
  readonly basis: 'mix' | 'default';
  readonly peak: CaseRow;
  readonly largest: CaseRow;
  readonly default: CaseRow;
  readonly mix?: CaseRow;
  /** Peak requests ÷ what the pools user servers may use have free for users, per resource. */
  readonly share: { readonly cpu: number; readonly memory: number };
  /** The hub's own platform pods (hub, proxy, ngshare …), requests. */
  readonly ownPods: ResourceAmount;
  readonly profiles: ReadonlyArray<{ readonly name: string; readonly default: boolean; readonly share?: number; readonly requests: ResourceAmount; readonly limits: ResourceAmount; readonly pools: readonly string[] }>;
}

export interface CaseRow {
  readonly servers: Readonly<Record<string, number>>;
  readonly requests: ResourceAmount;
  readonly limits: ResourceAmount;
  readonly perPool: Readonly<Record<string, { readonly servers: number; readonly requests: ResourceAmount; readonly limits: ResourceAmount }>>;
  readonly unplaceable: number;
  /** Servers the namespace's GPU quota refuses, per profile. */
  readonly quotaRefused: Readonly<Record<string, number>>;
}

export interface Verdict {
  /** `fits`: peak requests and limits fit; `overcommit`: requests fit, limits exceed; `does-not-fit`: requests exceed on some pool. */
  readonly status: 'fits' | 'overcommit' | 'does-not-fit';
  readonly summary: string;
  readonly pools: ReadonlyArray<{ readonly pool: string; readonly status: Verdict['status']; readonly requestsRatio: Readonly<Record<string, number>>; readonly limitsRatio: { readonly cpu: number; readonly memory: number } }>;
  /** Largest limits ÷ free over the pools (status `overcommit`). */
  readonly overcommit?: { readonly cpu: number; readonly memory: number };
  /** Concurrency caps that make the peak requests fit (status `does-not-fit`), largest cut first. */
  readonly caps?: ReadonlyArray<{ readonly hub: string; readonly from: number; readonly to: number; readonly pools: readonly string[] }>;
  /** Or: nodes to add per pool (of the pool's size). */
  readonly addNodes?: ReadonlyArray<{ readonly pool: string; readonly nodes: number; readonly resource: string }>;
}

export interface ExamRow {
  readonly exam: string;
  readonly start: string;
  readonly end: string;
  readonly timeZone?: string;
  readonly servers: number;
  readonly requests: ResourceAmount;
  readonly pools: readonly string[];
}

export interface CapacityPlan {
  readonly version: 1;
  readonly cluster: string;
  readonly assumptions: {
    readonly typicalUseFraction: number;
    readonly systemDaemons: 'declared' | 'distribution defaults';
    readonly placement: string;
    readonly notCounted: readonly string[];
  };
  readonly pools: readonly PoolRow[];
  readonly platform: ReadonlyArray<{ readonly pod: string; readonly namespace: string; readonly source: string; readonly requests: ResourceAmount; readonly pool?: string; readonly node?: number }>;
  readonly hubs: readonly HubRow[];
  readonly seats: SeatsResult;
  readonly exams: readonly ExamRow[];
  readonly examTimeline: ReadonlyArray<{ readonly from: string; readonly to: string; readonly exams: readonly string[]; readonly servers: Readonly<Record<string, number>>; readonly unplaced: Readonly<Record<string, number>>; readonly fits: boolean }>;
  readonly invalidExamWindows: ReadonlyArray<{ readonly exam: string; readonly why: string }>;
  readonly verdict: Verdict;
}

const r3 = (n: number) => (Number.isFinite(n) ? Math.round(n * 1000) / 1000 : n);

function caseRow(c: PeakCase): CaseRow {
  return {
    servers: c.servers,
    requests: amount(c.requests),
    limits: amount(c.limits),
    perPool: Object.fromEntries(Object.entries(c.perPool).map(([k, v]) => [k, { servers: v.servers, requests: amount(v.requests), limits: amount(v.limits) }])),
    unplaceable: c.unplaceable,
    quotaRefused: c.quotaRefused,
  };
}

function ratios(need: Resources, have: Resources): Record<string, number> {
  const out: Record<string, number> = {
    cpu: r3(have.cpuMillis > 0 ? need.cpuMillis / have.cpuMillis : need.cpuMillis > 0 ? Infinity : 0),
    memory: r3(have.memoryBytes > 0 ? need.memoryBytes / have.memoryBytes : need.memoryBytes > 0 ? Infinity : 0),
  };
  for (const [k, v] of Object.entries(need.extended)) if (v > 0) out[k] = r3((have.extended[k] ?? 0) > 0 ? v / have.extended[k] : Infinity);
  return out;
}

/**
 * Concurrency caps that make the hubs' peak requests on one pool fit `free`: max-min fair on each
 * hub's dominant share (the largest of its requests ÷ free over the resources): a level L is
 * found so that every hub keeps min(1, L ÷ its share) of its servers, so the largest courses are
 * capped first and no capped course keeps less than the level. Pure.
 */
export function fairCaps(hubs: ReadonlyArray<{ name: string; servers: number; requests: Resources }>, free: Resources): Record<string, number> {
  const dom = (r: Resources) => Math.max(r.cpuMillis / Math.max(free.cpuMillis, 1e-9), r.memoryBytes / Math.max(free.memoryBytes, 1e-9), ...Object.entries(r.extended).map(([k, v]) => v / Math.max(free.extended[k] ?? 0, 1e-9)));
  const shares = hubs.map((h) => dom(h.requests));
  const keep = (L: number) => hubs.map((h, i) => (shares[i] <= L ? h.servers : Math.floor((h.servers * L) / shares[i])));
  const load = (ns: number[]) => sum(hubs.map((h, i) => scale(h.requests, h.servers > 0 ? ns[i] / h.servers : 0)));
  const ok = (L: number) => fits(load(keep(L)), free);
  let lo = 0;
  let hi = Math.max(0, ...shares);
  if (ok(hi)) return Object.fromEntries(hubs.map((h) => [h.name, h.servers]));
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  const k = keep(lo);
  return Object.fromEntries(hubs.map((h, i) => [h.name, k[i]]));
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/:00\.000Z$/, 'Z');

/** Build the capacity plan of a cluster model. */
export function capacityPlan(model: ClusterModel, options: CapacityOptions = {}, computed?: { capacity: ClusterCapacity; demands: HubDemand[] }): CapacityPlan {
  const capacity: ClusterCapacity = computed?.capacity ?? clusterCapacity(model);
  const demands: HubDemand[] = computed?.demands ?? hubDemands(model, capacity);
  const fraction = options.typicalUseFraction ?? model.spec.capacity?.typicalUseFraction ?? DEFAULT_TYPICAL_USE_FRACTION;
  const peak = semesterPeakPerPool(demands);
  const schedulable = capacity.pools.filter((p) => p.schedulable);
  // "The cluster" for a hub's share: the pools any hub's servers may use.
  const userPools = new Set(demands.flatMap((d) => d.profiles.flatMap((p) => p.pools)));
  const freeAll = sum(schedulable.filter((p) => userPools.has(p.name)).map((p) => poolTotals(p).free));

  const pools: PoolRow[] = capacity.pools.map((p) => {
    const t = poolTotals(p);
    const hub: PoolShare = peak.get(p.name) ?? { servers: 0, requests: ZERO, limits: ZERO };
    const b = binding(hub.requests, t.free);
    const lr = ratios(hub.limits, t.free);
    return {
      name: p.name,
      roles: [...p.spec.roles],
      count: p.spec.count,
      schedulable: p.schedulable,
      node: { cpu: p.spec.vcpus, memoryGiB: p.spec.memoryGiB, ...((p.spec.gpus ?? 0) > 0 ? { extended: { [p.spec.gpuResource ?? 'nvidia.com/gpu']: p.spec.gpus! } } : {}) },
      reservePerNode: p.reservePerNode,
      allocatable: amount(t.allocatable),
      daemons: amount(t.daemons),
      daemonList: p.daemons.map((d) => ({ name: d.name, source: d.source, perNode: amount(d.perNode) })),
      platform: amount(t.platform),
      platformPods: p.nodes.reduce((n, x) => n + x.platformPods.length, 0),
      freeForUsers: amount(t.free),
      hubsAtPeak: { servers: hub.servers, requests: amount(hub.requests), limits: amount(hub.limits) },
      free: amount(sub(t.free, hub.requests)),
      binding: { resource: b.resource, requestsRatio: r3(b.ratio) },
      limitsRatio: { cpu: lr.cpu, memory: lr.memory },
    };
  });

  const byNs = new Map<string, Resources>();
  for (const p of capacity.platformPods) byNs.set(p.namespace, add(byNs.get(p.namespace) ?? ZERO, p.requests));
  const ownPods = (ns: string) => byNs.get(ns) ?? ZERO;
  const hubs: HubRow[] = demands.map((d) => ({
    name: d.name,
    kind: d.kind,
    namespace: d.namespace,
    concurrency: d.concurrency,
    ...(d.window ? { window: d.window } : {}),
    basis: d.basis,
    peak: caseRow(d.peak),
    largest: caseRow(d.largest),
    default: caseRow(d.default),
    ...(d.mix ? { mix: caseRow(d.mix) } : {}),
    share: { cpu: r3(freeAll.cpuMillis > 0 ? d.peak.requests.cpuMillis / freeAll.cpuMillis : 0), memory: r3(freeAll.memoryBytes > 0 ? d.peak.requests.memoryBytes / freeAll.memoryBytes : 0) },
    ownPods: amount(ownPods(d.namespace)),
    profiles: d.profiles.map((p) => ({ name: p.name, default: p.default, ...(p.share !== undefined ? { share: p.share } : {}), requests: amount(p.requests), limits: amount(p.limits), pools: [...p.pools] })),
  }));

  // Seats.
  const common = commonSeat(demands);
  const s = options.seat ?? {};
  const flagged = s.cpu !== undefined || s.memoryGiB !== undefined || s.cpuGuarantee !== undefined || s.memoryGuaranteeGiB !== undefined || s.gpus !== undefined;
  const size: SeatSize = flagged
    ? {
        cpu: s.cpu ?? common.cpu,
        memoryGiB: s.memoryGiB ?? common.memoryGiB,
        ...(s.gpus ? { gpus: s.gpus, gpuResource: s.gpuResource ?? 'nvidia.com/gpu' } : {}),
        ...(s.cpuGuarantee !== undefined ? { cpuGuarantee: s.cpuGuarantee } : {}),
        ...(s.memoryGuaranteeGiB !== undefined ? { memoryGuaranteeGiB: s.memoryGuaranteeGiB } : {}),
        origin: 'given on the command line (guarantees only where given)',
      }
    : common;
  const seats = seatsOf(model, capacity, size, fraction);

  // Exams.
  const { windows, invalid } = examWindows(demands);
  const timeline = examTimeline(capacity, windows);
  const exams: ExamRow[] = windows.map((w: ExamWindow) => ({
    exam: w.exam.name,
    start: w.exam.window!.start,
    end: w.exam.window!.end,
    ...(w.exam.window!.timeZone ? { timeZone: w.exam.window!.timeZone } : {}),
    servers: w.exam.concurrency,
    requests: amount(w.exam.peak.requests),
    pools: Object.keys(w.exam.peak.perPool),
  }));

  // Verdict over the schedulable pools with demand.
  const vPools = pools
    .filter((p) => p.schedulable && p.hubsAtPeak.servers > 0)
    .map((p) => {
      const pool = capacity.pools.find((x) => x.name === p.name)!;
      const free = poolTotals(pool).free;
      const hub = peak.get(p.name)!;
      const req = ratios(hub.requests, free);
      const status: Verdict['status'] = !fits(hub.requests, free) ? 'does-not-fit' : p.limitsRatio.cpu > 1 || p.limitsRatio.memory > 1 ? 'overcommit' : 'fits';
      return { pool: p.name, status, requestsRatio: req, limitsRatio: p.limitsRatio };
    });
  const status: Verdict['status'] = vPools.some((p) => p.status === 'does-not-fit') ? 'does-not-fit' : vPools.some((p) => p.status === 'overcommit') ? 'overcommit' : 'fits';
  let caps: Array<{ hub: string; from: number; to: number; pools: string[] }> | undefined;
  let addNodes: Array<{ pool: string; nodes: number; resource: string }> | undefined;
  if (status === 'does-not-fit') {
    // Servers each hub gives up, summed over the pools that do not fit.
    const capOf = new Map<string, { cut: number; pools: string[] }>();
    addNodes = [];
    for (const v of vPools.filter((x) => x.status === 'does-not-fit')) {
      const pool = capacity.pools.find((x) => x.name === v.pool)!;
      const free = poolTotals(pool).free;
      const onPool = demands.filter((d) => !d.window && d.peak.perPool[v.pool]).map((d) => ({ d, share: d.peak.perPool[v.pool] }));
      const kept = fairCaps(onPool.map(({ d, share }) => ({ name: d.name, servers: share.servers, requests: share.requests })), free);
      for (const { d, share } of onPool) {
        const cut = share.servers - kept[d.name];
        if (cut <= 0) continue;
        const cur = capOf.get(d.name) ?? { cut: 0, pools: [] };
        capOf.set(d.name, { cut: cur.cut + cut, pools: [...cur.pools, v.pool] });
      }
      // Nodes to add instead: the excess on each resource ÷ what one more node gives.
      const need = peak.get(v.pool)!.requests;
      const perNode = sub(pool.allocatablePerNode, pool.daemonsPerNode);
      const excess = sub(need, free);
      const per = (x: number, y: number) => (x <= 0 ? 0 : y <= 0 ? Infinity : Math.ceil(x / y));
      const options: Array<[string, number]> = [['cpu', per(excess.cpuMillis, perNode.cpuMillis)], ['memory', per(excess.memoryBytes, perNode.memoryBytes)], ...Object.entries(excess.extended).map(([k, x]) => [k, per(x, perNode.extended[k] ?? 0)] as [string, number])];
      const worst = options.reduce((a, b) => (b[1] > a[1] ? b : a));
      addNodes.push({ pool: v.pool, nodes: worst[1], resource: worst[0] });
    }
    const concurrencyOf = new Map(demands.map((d) => [d.name, d.concurrency]));
    caps = [...capOf.entries()].map(([hub, c]) => { const from = concurrencyOf.get(hub)!; return { hub, from, to: Math.max(0, from - c.cut), pools: c.pools }; }).sort((a, b) => b.from - b.to - (a.from - a.to) || (a.hub < b.hub ? -1 : 1));
  }
  const worstLimits = vPools.reduce((a, p) => ({ cpu: Math.max(a.cpu, p.limitsRatio.cpu), memory: Math.max(a.memory, p.limitsRatio.memory) }), { cpu: 0, memory: 0 });
  const summary =
    status === 'fits'
      ? 'fits: at the semester peak every hub gets its guarantees and, on every pool, even all limits at once fit.'
      : status === 'overcommit'
        ? `fits only with overcommit: the peak guarantees fit, but the limits exceed what is free for users ${worstLimits.memory > 1 ? `${worstLimits.memory.toFixed(2)}× in memory (servers above their guarantee can be OOM-killed when many use it at once)` : ''}${worstLimits.memory > 1 && worstLimits.cpu > 1 ? ' and ' : ''}${worstLimits.cpu > 1 ? `${worstLimits.cpu.toFixed(2)}× in CPU (throttled when all are busy)` : ''}.`
        : `does not fit: at the semester peak the hubs' guarantees exceed what is free for users on ${vPools.filter((p) => p.status === 'does-not-fit').map((p) => `pool "${p.pool}" (${Object.entries(p.requestsRatio).filter(([, r]) => r > 1).map(([k, r]) => `${k} ${r.toFixed(2)}×`).join(', ')})`).join(', ')}; cap ${caps!.length} course${caps!.length === 1 ? '' : 's'} (below) or add ${addNodes!.map((a) => `${a.nodes} node${a.nodes === 1 ? '' : 's'} to "${a.pool}"`).join(', ')}.`;

  return {
    version: 1,
    cluster: model.spec.name,
    assumptions: {
      typicalUseFraction: fraction,
      systemDaemons: capacity.systemDaemonsDeclared ? 'declared' : 'distribution defaults',
      placement: "platform pods placed one by one, in output order, on the admitting node with the best kube-scheduler LeastAllocated score (ties: pool order, node index)",
      notCounted: capacity.notCounted,
    },
    pools,
    platform: capacity.platformPods.map((p, i) => ({ pod: p.title, namespace: p.namespace, source: p.source, requests: amount(p.requests), ...(capacity.placement[i] ? { pool: capacity.placement[i]!.pool, node: capacity.placement[i]!.node } : {}) })),
    hubs,
    seats,
    exams,
    examTimeline: timeline.map((t) => ({ from: iso(t.from), to: iso(t.to), exams: t.exams, servers: t.servers, unplaced: t.unplaced, fits: Object.keys(t.unplaced).length === 0 })),
    invalidExamWindows: invalid.map((i) => ({ exam: i.exam.name, why: i.why })),
    verdict: { status, summary, pools: vPools, ...(status === 'overcommit' ? { overcommit: worstLimits } : {}), ...(caps ? { caps } : {}), ...(addNodes ? { addNodes } : {}) },
  };
}

import { ClusterModel } from '../model/cluster-model';
import { HubDemand } from './demand';
import { ClusterCapacity, NodeState, nodeFree, poolAdmits } from './pools';
import { GiB, Resources, sub } from './resources';

/**
 * Seats: how many servers of one size the pools hold. A seat's size is its limits (what a server
 * may use at full load); guarantees, when given, add the scheduler's bound. Per node (a server
 * cannot span nodes), summed over the pools that admit the seat:
 * - memory-bound: free memory / memory limit. Memory is not compressible: at full load a node
 *   without the memory kills (OOM) or evicts, so memory decides the full-load count;
 * - CPU-bound: free CPU / CPU limit, the servers that can all run at their CPU limit at once.
 *   CPU is compressible: beyond that count servers are throttled (each gets its share), not
 *   refused or killed, so the CPU bound is reported with the share each server gets, not taken
 *   as the seat count;
 * - GPUs per node / GPUs per seat (GPUs cannot be shared);
 * - with guarantees: free / guarantee for CPU and memory, the scheduler's hard bound.
 * The statistical estimate divides by the typical use (typicalUseFraction × limit) instead of
 * the limit. Both are given on two bases: the pools (after node reserve and per-node pods: the
 * capacity the pools offer servers, the slide's "in theory") and after the platform's pods
 * (hubs, proxies, SEB, add-ons: what is left for users). See "Seats" in lib/capacity/README.md.
 */

export interface SeatSize {
  /** CPU limit per server, cores. */
  readonly cpu: number;
  /** Memory limit per server, GiB. */
  readonly memoryGiB: number;
  /** GPUs per server. @default 0 */
  readonly gpus?: number;
  /** @default 'nvidia.com/gpu' */
  readonly gpuResource?: string;
  /** CPU guarantee (request); when given, the scheduler's bound applies. @default undefined */
  readonly cpuGuarantee?: number;
  /** Memory guarantee (request), GiB. @default undefined */
  readonly memoryGuaranteeGiB?: number;
  /** Where the size comes from, for the report (`flags`, `the most common default size of the hubs`, …). */
  readonly origin: string;
}

/** Seat counts of one load model (full load or statistical) on one base. */
export interface SeatCount {
  /** The seats: the smallest of the hard bounds (memory, GPUs, guarantees). */
  readonly seats: number;
  readonly memoryBound: number;
  readonly cpuBound: number;
  /** GPU bound, when the seat has GPUs. */
  readonly gpuBound?: number;
  /** Scheduler bound from the guarantees, when given. */
  readonly guaranteeBound?: number;
  /** What limits `seats`: memory, gpu, cpu-guarantee or memory-guarantee. */
  readonly binding: 'memory' | 'gpu' | 'cpu-guarantee' | 'memory-guarantee';
  /** CPU cores each server gets when all `seats` servers use their CPU at once (≥ the limit: no throttling). */
  readonly cpuPerSeat: number;
}

export interface SeatsResult {
  readonly size: SeatSize;
  readonly typicalUseFraction: number;
  /** Pools that admit a server of this size. */
  readonly pools: readonly string[];
  /** On the pools (after node reserve and per-node pods). */
  readonly fullLoad: SeatCount;
  readonly statistical: SeatCount;
  /** After the platform pods too. */
  readonly afterPlatform: { readonly fullLoad: SeatCount; readonly statistical: SeatCount };
}

/** The seat as a pod spec (a GPU seat tolerates the GPU taint, as hubfleet's GPU profiles do). */
export function seatPodSpec(s: SeatSize): any {
  const res = s.gpuResource ?? 'nvidia.com/gpu';
  const requests: Record<string, string> = {
    cpu: String(s.cpuGuarantee ?? 0),
    memory: String(Math.round((s.memoryGuaranteeGiB ?? 0) * GiB)),
    ...((s.gpus ?? 0) > 0 ? { [res]: String(s.gpus) } : {}),
  };
  return {
    containers: [{ name: 'notebook', resources: { requests, limits: { cpu: String(s.cpu), memory: String(Math.round(s.memoryGiB * GiB)), ...((s.gpus ?? 0) > 0 ? { [res]: String(s.gpus) } : {}) } } }],
    ...((s.gpus ?? 0) > 0 ? { tolerations: [{ key: res, operator: 'Exists', effect: 'NoSchedule' }] } : {}),
  };
}

const floorDiv = (have: number, want: number) => (want <= 0 ? Infinity : Math.max(0, Math.floor(have / want + 1e-9)));

/** Seat counts on a list of nodes with their free room. Pure. */
export function countSeats(free: readonly Resources[], s: SeatSize, fraction: number): SeatCount {
  const memEach = s.memoryGiB * GiB * fraction;
  const cpuEach = s.cpu * 1000 * fraction;
  const res = s.gpuResource ?? 'nvidia.com/gpu';
  let memoryBound = 0;
  let cpuBound = 0;
  let gpuBound = 0;
  let guaranteeBound = 0;
  let seats = 0;
  let freeCpu = 0;
  // Totals of each hard bound; the binding one is the smallest (ties: memory, gpu, cpu-guarantee, memory-guarantee).
  const totals = { memory: 0, gpu: 0, 'cpu-guarantee': 0, 'memory-guarantee': 0 };
  for (const f of free) {
    const mem = floorDiv(f.memoryBytes, memEach);
    const cpu = floorDiv(f.cpuMillis, cpuEach);
    const gpu = (s.gpus ?? 0) > 0 ? floorDiv(f.extended[res] ?? 0, s.gpus!) : Infinity;
    const gCpu = s.cpuGuarantee ? floorDiv(f.cpuMillis, s.cpuGuarantee * 1000) : Infinity;
    const gMem = s.memoryGuaranteeGiB ? floorDiv(f.memoryBytes, s.memoryGuaranteeGiB * GiB) : Infinity;
    const n = Math.min(mem, gpu, gCpu, gMem);
    memoryBound += mem;
    cpuBound += cpu;
    gpuBound += gpu === Infinity ? 0 : gpu;
    guaranteeBound += Math.min(gCpu, gMem) === Infinity ? 0 : Math.min(gCpu, gMem);
    seats += n;
    freeCpu += Math.max(0, f.cpuMillis);
    totals.memory += mem;
    totals.gpu += gpu;
    totals['cpu-guarantee'] += gCpu;
    totals['memory-guarantee'] += gMem;
  }
  const bindingName = (Object.entries(totals) as Array<[SeatCount['binding'], number]>).reduce((a, b) => (b[1] < a[1] ? b : a))[0];
  return {
    seats,
    memoryBound,
    cpuBound,
    ...((s.gpus ?? 0) > 0 ? { gpuBound } : {}),
    ...(s.cpuGuarantee || s.memoryGuaranteeGiB ? { guaranteeBound } : {}),
    binding: free.length ? bindingName : 'memory',
    cpuPerSeat: seats > 0 ? Math.round(freeCpu / seats) / 1000 : 0,
  };
}

/** Seats of a size on a cluster. */
export function seatsOf(model: ClusterModel, capacity: ClusterCapacity, size: SeatSize, typicalUseFraction: number): SeatsResult {
  const spec = seatPodSpec(size);
  const pools = capacity.pools.filter((p) => p.schedulable && poolAdmits(model, spec, p.spec));
  const nodes: NodeState[] = pools.flatMap((p) => [...p.nodes]);
  const onPools = nodes.map((n) => sub(n.allocatable, n.daemons));
  const afterPlatform = nodes.map(nodeFree);
  return {
    size,
    typicalUseFraction,
    pools: pools.map((p) => p.name),
    fullLoad: countSeats(onPools, size, 1),
    statistical: countSeats(onPools, size, typicalUseFraction),
    afterPlatform: { fullLoad: countSeats(afterPlatform, size, 1), statistical: countSeats(afterPlatform, size, typicalUseFraction) },
  };
}

/** hubfleet's CourseJupyterHub default server size (lib/hub/course-jupyterhub.ts). */
export const COURSE_DEFAULT_SEAT: SeatSize = { cpu: 2, memoryGiB: 2, cpuGuarantee: 0.5, memoryGuaranteeGiB: 1, origin: "CourseJupyterHub's default size" };

/** The seat size the most concurrent servers of the semester hubs use by default. */
export function commonSeat(demands: readonly HubDemand[]): SeatSize {
  const tally = new Map<string, { n: number; size: SeatSize }>();
  for (const d of demands) {
    if (d.window) continue;
    const p = d.profiles.find((x) => x.default) ?? d.profiles[0];
    if (!p || Object.keys(p.requests.extended).length) continue;
    const size: SeatSize = {
      cpu: p.limits.cpuMillis / 1000,
      memoryGiB: Math.round((p.limits.memoryBytes / GiB) * 1000) / 1000,
      cpuGuarantee: p.requests.cpuMillis / 1000,
      memoryGuaranteeGiB: Math.round((p.requests.memoryBytes / GiB) * 1000) / 1000,
      origin: 'the default size most concurrent servers of the hubs use',
    };
    const k = JSON.stringify([size.cpu, size.memoryGiB, size.cpuGuarantee, size.memoryGuaranteeGiB]);
    const cur = tally.get(k) ?? { n: 0, size };
    cur.n += d.concurrency;
    tally.set(k, cur);
  }
  // Most servers first; ties: the first declared.
  let best: { n: number; size: SeatSize } | undefined;
  for (const t of tally.values()) if (!best || t.n > best.n) best = t;
  return best?.size ?? COURSE_DEFAULT_SEAT;
}

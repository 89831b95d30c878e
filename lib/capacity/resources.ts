import { cpuMillis, memBytes } from '../fleet/rules';
import { podRequests } from '../model/reference-rules';

/**
 * Resource amounts as the scheduler counts them: CPU in millicores, memory in bytes, extended
 * resources (GPUs) by name. Pure arithmetic; every capacity figure is built from these.
 */
export interface Resources {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  /** Extended resources by name, e.g. `nvidia.com/gpu`. */
  readonly extended: Readonly<Record<string, number>>;
}

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

export const ZERO: Resources = { cpuMillis: 0, memoryBytes: 0, extended: {} };

export function res(cpu: number, memoryGiB: number, extended: Record<string, number> = {}): Resources {
  return { cpuMillis: Math.round(cpu * 1000), memoryBytes: Math.round(memoryGiB * GiB), extended };
}

function mergeExt(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>, k: number): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [name, v] of Object.entries(b)) out[name] = (out[name] ?? 0) + k * v;
  for (const name of Object.keys(out)) if (out[name] === 0) delete out[name];
  return out;
}

export function add(a: Resources, b: Resources): Resources {
  return { cpuMillis: a.cpuMillis + b.cpuMillis, memoryBytes: a.memoryBytes + b.memoryBytes, extended: mergeExt(a.extended, b.extended, 1) };
}

export function sub(a: Resources, b: Resources): Resources {
  return { cpuMillis: a.cpuMillis - b.cpuMillis, memoryBytes: a.memoryBytes - b.memoryBytes, extended: mergeExt(a.extended, b.extended, -1) };
}

export function scale(a: Resources, k: number): Resources {
  const extended: Record<string, number> = {};
  for (const [name, v] of Object.entries(a.extended)) if (v * k !== 0) extended[name] = v * k;
  return { cpuMillis: a.cpuMillis * k, memoryBytes: a.memoryBytes * k, extended };
}

export function sum(list: readonly Resources[]): Resources {
  return list.reduce(add, ZERO);
}

/** Does `need` fit into `free` (every resource)? */
export function fits(need: Resources, free: Resources): boolean {
  if (need.cpuMillis > free.cpuMillis || need.memoryBytes > free.memoryBytes) return false;
  return Object.entries(need.extended).every(([k, v]) => v <= 0 || (free.extended[k] ?? 0) >= v);
}

/** How many pods of size `each` fit into `free`, per resource and together (0 when one does not fit). */
export function howMany(each: Resources, free: Resources): { cpu: number; memory: number; extended: number; all: number } {
  const n = (have: number, want: number) => (want <= 0 ? Infinity : Math.max(0, Math.floor(have / want + 1e-9)));
  const cpu = n(free.cpuMillis, each.cpuMillis);
  const memory = n(free.memoryBytes, each.memoryBytes);
  const extended = Math.min(Infinity, ...Object.entries(each.extended).map(([k, v]) => n(free.extended[k] ?? 0, v)));
  return { cpu, memory, extended, all: Math.min(cpu, memory, extended) };
}

/** The pod's requests as the scheduler counts them (see podRequests in lib/model/reference-rules.ts). */
export function requestsOf(podSpec: any): Resources {
  const r = podRequests(podSpec);
  return { cpuMillis: r.cpuMillis, memoryBytes: r.memoryBytes, extended: r.extended };
}

/**
 * The pod's limits: the sum over containers (the largest init container when larger). A container
 * without a limit counts with its request (hubfleet's safety rules require limits on every object
 * of the output; add-on charts may have neither, then both are 0).
 */
export function limitsOf(podSpec: any): Resources {
  const one = (c: any) => {
    const lim = c.resources?.limits ?? {};
    const req = c.resources?.requests ?? {};
    const extended: Record<string, number> = {};
    for (const [k, v] of Object.entries({ ...req, ...lim })) if (k !== 'cpu' && k !== 'memory' && k !== 'ephemeral-storage') extended[k] = Number(v);
    return { cpuMillis: cpuMillis(lim.cpu ?? req.cpu) ?? 0, memoryBytes: memBytes(lim.memory ?? req.memory) ?? 0, extended };
  };
  let total = sum((podSpec?.containers ?? []).map(one));
  for (const c of podSpec?.initContainers ?? []) {
    const i = one(c);
    total = { ...total, cpuMillis: Math.max(total.cpuMillis, i.cpuMillis), memoryBytes: Math.max(total.memoryBytes, i.memoryBytes) };
  }
  return total;
}

/** CPU cores, rounded to 3 decimals (for JSON). */
export const cores = (r: Resources | number): number => Math.round((typeof r === 'number' ? r : r.cpuMillis)) / 1000;
/** GiB, rounded to 3 decimals (for JSON). */
export const gib = (r: Resources | number): number => Math.round(((typeof r === 'number' ? r : r.memoryBytes) / GiB) * 1000) / 1000;

/** The plain JSON form used in `hubfleet capacity --json`: `{ cpu, memoryGiB, gpus? }`. */
export interface ResourceAmount {
  readonly cpu: number;
  readonly memoryGiB: number;
  /** Extended resources (GPUs) by name; omitted when none. */
  readonly extended?: Readonly<Record<string, number>>;
}

export function amount(r: Resources): ResourceAmount {
  const ext = Object.fromEntries(Object.entries(r.extended).filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { cpu: cores(r), memoryGiB: gib(r), ...(Object.keys(ext).length ? { extended: ext } : {}) };
}

/** `12.5 CPU / 40.2 GiB (+ 2 nvidia.com/gpu)` for messages and tables. */
export function show(r: Resources | ResourceAmount): string {
  const a = 'cpuMillis' in r ? amount(r) : r;
  const ext = Object.entries(a.extended ?? {}).map(([k, v]) => ` + ${v} ${k}`).join('');
  return `${fmt(a.cpu)} CPU / ${fmt(a.memoryGiB)} GiB${ext}`;
}

/** A number with at most one decimal (two below 10), without trailing zeros. */
export function fmt(n: number): string {
  const d = Math.abs(n) < 10 ? 2 : 1;
  return String(Math.round(n * 10 ** d) / 10 ** d);
}

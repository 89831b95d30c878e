import { HubDemand } from './demand';
import { ClusterCapacity, nodeFree } from './pools';
import { add, fits, Resources, scale, sub, sum, ZERO } from './resources';

/**
 * Exam windows as time ranges that take their seats on their pools. An exam is a hub whose
 * runtime pods declare a `window`: its servers run only then, with Guaranteed QoS and above
 * course servers (PriorityClass: the exam issue), so course servers do not count against it, but
 * the platform pods do (the exam's own hub and proxy among them). During each stretch of time in
 * which the same exams run, every running exam's servers are packed node by node (first fit,
 * largest servers first) onto the nodes of the pools their profiles may use. See "Exams" in
 * lib/capacity/README.md.
 */

/**
 * Parse a window time: ISO 8601 `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`. A time without offset is read
 * as wall-clock time (compared as if UTC), so windows of one cluster must all carry an offset or
 * all be local. Returns milliseconds, or undefined when it does not parse.
 */
export function parseWindowTime(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, off] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se ?? 0));
  const back = new Date(t);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59) return undefined;
  if (!off || off === 'Z') return t;
  const sign = off[0] === '-' ? -1 : 1;
  return t - sign * (Number(off.slice(1, 3)) * 60 + Number(off.slice(4, 6))) * 60000;
}

export interface ExamWindow {
  readonly exam: HubDemand;
  readonly start: number;
  readonly end: number;
}

/** Windows of the exams, or the problems of those that do not parse. */
export function examWindows(demands: readonly HubDemand[]): { windows: ExamWindow[]; invalid: Array<{ exam: HubDemand; why: string }> } {
  const windows: ExamWindow[] = [];
  const invalid: Array<{ exam: HubDemand; why: string }> = [];
  for (const d of demands) {
    if (!d.window) continue;
    const start = parseWindowTime(d.window.start);
    const end = parseWindowTime(d.window.end);
    if (start === undefined || end === undefined) invalid.push({ exam: d, why: `the window ${JSON.stringify(d.window.start)} – ${JSON.stringify(d.window.end)} is not two ISO 8601 times (YYYY-MM-DDTHH:MM with an optional offset)` });
    else if (end <= start) invalid.push({ exam: d, why: `the window ends (${d.window.end}) before it starts (${d.window.start})` });
    else windows.push({ exam: d, start, end });
  }
  windows.sort((a, b) => a.start - b.start || (a.exam.name < b.exam.name ? -1 : 1));
  return { windows, invalid };
}

/** The result of packing a set of exams that run at the same time. */
export interface ExamFit {
  readonly exams: readonly string[];
  readonly from: number;
  readonly to: number;
  /** Servers that found no node, per exam. */
  readonly unplaced: Readonly<Record<string, number>>;
  /** Servers per exam. */
  readonly servers: Readonly<Record<string, number>>;
  /** What the running exams request, per pool, and what the pools have free after platform pods. */
  readonly pools: ReadonlyArray<{ readonly pool: string; readonly requests: Resources; readonly free: Resources }>;
}

/** Pack the servers of the given exams onto the nodes (first fit decreasing). Pure. */
export function packExams(capacity: ClusterCapacity, exams: readonly HubDemand[], from = 0, to = 0): ExamFit {
  const nodes = capacity.pools.flatMap((p) => p.nodes.map((n) => ({ pool: p.name, free: nodeFree(n) })));
  const items: Array<{ exam: string; pools: readonly string[]; requests: Resources }> = [];
  const servers: Record<string, number> = {};
  const poolNeed = new Map<string, Resources>();
  for (const e of exams) {
    servers[e.name] = 0;
    for (const p of e.profiles) {
      const n = e.peak.servers[p.name] ?? 0;
      servers[e.name] += n;
      for (let i = 0; i < n; i++) items.push({ exam: e.name, pools: p.pools, requests: p.requests });
    }
    for (const [pool, s] of Object.entries(e.peak.perPool)) poolNeed.set(pool, add(poolNeed.get(pool) ?? ZERO, s.requests));
  }
  const size = (r: Resources) => r.memoryBytes / 2 ** 30 + r.cpuMillis / 1000 + Object.values(r.extended).reduce((a, b) => a + b, 0) * 100;
  items.sort((a, b) => size(b.requests) - size(a.requests));
  const unplaced: Record<string, number> = {};
  for (const it of items) {
    const n = nodes.find((x) => it.pools.includes(x.pool) && fits(it.requests, x.free));
    if (n) n.free = sub(n.free, it.requests);
    else unplaced[it.exam] = (unplaced[it.exam] ?? 0) + 1;
  }
  const pools = [...poolNeed.entries()].map(([pool, requests]) => ({ pool, requests, free: sum(capacity.pools.find((p) => p.name === pool)!.nodes.map(nodeFree)) }));
  return { exams: exams.map((e) => e.name), from, to, unplaced, servers, pools };
}

/** Every stretch of time with the same set of exams running, packed. */
export function examTimeline(capacity: ClusterCapacity, windows: readonly ExamWindow[]): ExamFit[] {
  const times = [...new Set(windows.flatMap((w) => [w.start, w.end]))].sort((a, b) => a - b);
  const out: ExamFit[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const [from, to] = [times[i], times[i + 1]];
    const running = windows.filter((w) => w.start < to && w.end > from).map((w) => w.exam);
    if (running.length === 0) continue;
    const prev = out[out.length - 1];
    if (prev && prev.to === from && prev.exams.join('\n') === running.map((e) => e.name).join('\n')) {
      out[out.length - 1] = { ...prev, to };
      continue;
    }
    out.push(packExams(capacity, running, from, to));
  }
  return out;
}

/** What an exam asks for in all (its peak requests). */
export function examRequests(e: HubDemand): Resources {
  return e.profiles.reduce((acc, p) => add(acc, scale(p.requests, e.peak.servers[p.name] ?? 0)), ZERO);
}
